using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.UnitTests;

public sealed class WorkTaskTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    static WorkTask Review(string? assignee = null) => new(
        "inc-1-policy-review", "northfield-primary", WorkTaskKind.PostIncidentReview, "inc-1", "Review", "Instructions",
        Role.SeniorManager, assignee, Now, Now.AddDays(14), "/incidents/inc-1/policy-review");

    static Person Someone(Role role, string agency = "northfield-primary", string id = "p1") => new(id, id + "@x.example", "P", agency, role, id + "@x.example");

    [Fact]
    public void A_task_for_a_role_is_seen_by_that_role_in_its_agency_only()
    {
        Assert.True(Review().IsFor(Someone(Role.SeniorManager)));
        Assert.False(Review().IsFor(Someone(Role.EsafetyOfficer)));
        Assert.False(Review().IsFor(Someone(Role.SeniorManager, agency: "riverside-youth")));
    }

    [Fact]
    public void A_delegated_task_is_held_by_the_delegate_still_listed_for_the_delegator_and_no_longer_for_the_rest_of_the_role()
    {
        WorkTask delegated = Review(assignee: "omar") with { Delegation = new TaskDelegation("sarah", "omar", Now, null) };

        Assert.True(delegated.IsFor(Someone(Role.EsafetyOfficer, id: "omar")));
        Assert.False(delegated.IsFor(Someone(Role.SeniorManager, id: "sarah")));
        Assert.True(delegated.Concerns(Someone(Role.SeniorManager, id: "sarah")));
        Assert.False(delegated.Concerns(Someone(Role.SeniorManager, id: "mark")));
        Assert.False(delegated.Concerns(Someone(Role.SeniorManager, agency: "riverside-youth", id: "sarah")));
    }

    [Fact]
    public void An_open_task_is_overdue_after_its_due_date_and_a_done_one_never()
    {
        Assert.False(Review().IsOverdue(Now.AddDays(14)));
        Assert.True(Review().IsOverdue(Now.AddDays(14).AddSeconds(1)));
        Assert.False((Review() with { State = WorkTaskState.Done }).IsOverdue(Now.AddDays(30)));
    }

    [Fact]
    public void A_referral_notice_names_the_kind_of_concern_never_the_people()
    {
        Incident incident = new()
        {
            IncidentId = "inc-1",
            AgencyId = "northfield-primary",
            Reference = "NP-2026-0001",
            Source = IncidentSource.Form,
            SubmittedAt = Now,
            ReportedBy = "amy",
            Report = new IncidentReport(Now, "Secret description", HowIdentified.Observed, null, [new PersonInvolved(InvolvedRole.Child, "Pupil A", null, true, false)],
                new Concerns(true, [IllegalKind.IndecentImagesOfChildren], null, true, [LadoThreshold.HarmedAChild], true, true)),
        };

        string category = EscalationDispatcher.Category(incident);

        Assert.Equal("illegal material suspected (indecent images of children); allegation against a member of staff or volunteer (LADO threshold met); child at risk of significant harm", category);
        Assert.DoesNotContain("Pupil", category, StringComparison.Ordinal);
    }
}
