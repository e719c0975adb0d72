using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Response;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.UnitTests;

/// <summary>The permission rules of the response after triage: referrals, the post-incident review, target channels and task lists.</summary>
public sealed class ResponsePermissionsTests
{
    const string Northfield = "northfield-primary";
    const string Riverside = "riverside-youth";
    static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    static Actor As(Role role, string agency = Northfield, string id = "p1") =>
        new(new Person(id, id + "@x.example", "P", role == Role.BoardAdmin ? Agency.BoardId : agency, role, id + "@x.example"));

    static Incident IncidentOf(string agency) => new()
    {
        IncidentId = "inc-1",
        AgencyId = agency,
        Reference = "NP-2026-0001",
        Source = IncidentSource.Form,
        SubmittedAt = Now,
        ReportedBy = "amy",
        Report = new IncidentReport(Now, "Description", HowIdentified.Observed, null, [], Concerns.None),
    };

    static WorkTask ReviewTask(string? assignee = null) => new(
        "inc-1-policy-review", Northfield, WorkTaskKind.PostIncidentReview, "inc-1", "Review", "Instructions",
        Role.SeniorManager, assignee, Now, Now.AddDays(14), "/incidents/inc-1/policy-review");

    [Theory]
    [InlineData(Role.EsafetyOfficer, Northfield, true)]
    [InlineData(Role.SeniorManager, Northfield, true)]
    [InlineData(Role.Staff, Northfield, false)]
    [InlineData(Role.Technician, Northfield, false)]
    [InlineData(Role.EsafetyOfficer, Riverside, false)]
    [InlineData(Role.SeniorManager, Riverside, false)]
    [InlineData(Role.BoardAdmin, Northfield, false)]
    public void Only_the_agencys_e_safety_leads_record_a_referrals_reference(Role role, string agency, bool allowed)
    {
        Assert.Equal(allowed, EscalationPermissions.ToRecordReference(As(role, agency), IncidentOf(Northfield)) is null);
    }

    [Theory]
    [InlineData(Role.BoardAdmin, true)]
    [InlineData(Role.SeniorManager, false)]
    [InlineData(Role.EsafetyOfficer, false)]
    public void Only_the_board_admin_decides_how_targets_are_reached(Role role, bool allowed)
    {
        Failure? refusal = EscalationPermissions.ToKeepChannels(As(role));

        Assert.Equal(allowed, refusal is null);
        Assert.True(allowed || refusal!.Kind == FailureKind.Forbidden);
    }

    [Theory]
    [InlineData(Role.SeniorManager, Northfield, true)]
    [InlineData(Role.EsafetyOfficer, Northfield, true)]
    [InlineData(Role.Staff, Northfield, false)]
    [InlineData(Role.SeniorManager, Riverside, false)]
    [InlineData(Role.BoardAdmin, Northfield, false)]
    public void The_post_incident_review_is_seen_by_the_agencys_leads_only(Role role, string agency, bool allowed)
    {
        Assert.Equal(allowed, PostIncidentReviewPermissions.ToSee(As(role, agency), IncidentOf(Northfield)) is null);
    }

    [Fact]
    public void The_senior_manager_completes_and_delegates_the_review_and_an_officer_completes_it_only_once_delegated_to_them()
    {
        Actor sarah = As(Role.SeniorManager, id: "sarah");
        Actor omar = As(Role.EsafetyOfficer, id: "omar");
        Actor otherOfficer = As(Role.EsafetyOfficer, id: "olive");

        Assert.Null(PostIncidentReviewPermissions.ToComplete(sarah, ReviewTask()));
        Assert.Null(PostIncidentReviewPermissions.ToDelegate(sarah, ReviewTask()));
        Assert.NotNull(PostIncidentReviewPermissions.ToComplete(omar, ReviewTask()));
        Assert.Null(PostIncidentReviewPermissions.ToComplete(omar, ReviewTask(assignee: "omar")));
        Assert.NotNull(PostIncidentReviewPermissions.ToComplete(otherOfficer, ReviewTask(assignee: "omar")));
        Assert.NotNull(PostIncidentReviewPermissions.ToDelegate(omar, ReviewTask(assignee: "omar")));
        Assert.NotNull(PostIncidentReviewPermissions.ToDelegate(As(Role.SeniorManager, Riverside, "mark"), ReviewTask()));
    }

    [Theory]
    [InlineData(Role.EsafetyOfficer, true)]
    [InlineData(Role.SeniorManager, true)]
    [InlineData(Role.Staff, false)]
    [InlineData(Role.Technician, false)]
    [InlineData(Role.BoardAdmin, false)]
    public void Only_the_agencys_e_safety_leads_see_every_task_of_the_agency(Role role, bool allowed)
    {
        Assert.Equal(allowed, TaskPermissions.MaySeeTheAgencys(As(role)));
    }

    [Theory]
    [InlineData("CAD 1234 28/11", true)]
    [InlineData("  LADO-1  ", true)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData("line\nbreak", false)]
    public void A_reference_is_one_line_of_visible_text(string reference, bool accepted)
    {
        FieldErrors errors = new();

        string? value = ReferenceRules.Validate(reference, "reference", errors);

        Assert.Equal(accepted, value is not null);
        Assert.Equal(!accepted, errors.Any);
    }

    [Fact]
    public void A_reference_too_long_or_with_a_lone_surrogate_is_refused()
    {
        Assert.Null(ReferenceRules.Validate(new string('x', ReferenceRules.MaxLength + 1), "reference", new FieldErrors()));
        Assert.Null(ReferenceRules.Validate("lone \ud800 surrogate", "reference", new FieldErrors()));
        Assert.Equal("LADO-1", ReferenceRules.Validate("  LADO-1  ", "reference", new FieldErrors()));
    }

    [Fact]
    public void A_target_reached_by_email_needs_a_mailbox_and_by_hand_gets_its_default_instructions()
    {
        FieldErrors badMailbox = new();
        FieldErrors noChannel = new();

        TargetChannel? refused = SaveTargetChannel.Validate(EscalationTarget.Lado, new("email", "lado at county", null), badMailbox, "admin", Now);
        TargetChannel? unknown = SaveTargetChannel.Validate(EscalationTarget.Lado, new("fax", null, null), noChannel, "admin", Now);
        TargetChannel? byHand = SaveTargetChannel.Validate(EscalationTarget.Ceop, new("manual", "ignored@example.org", " "), new FieldErrors(), "admin", Now);

        Assert.Null(refused);
        Assert.Equal(["address"], badMailbox.All.Select(e => e.Field));
        Assert.Null(unknown);
        Assert.Equal(["channel"], noChannel.All.Select(e => e.Field));
        Assert.NotNull(byHand);
        Assert.Null(byHand.Address);
        Assert.Equal(TargetChannel.DefaultInstructions(EscalationTarget.Ceop), byHand.Instructions);
        Assert.Null(SaveTargetChannel.ParseTarget("fbi"));
        Assert.Equal(EscalationTarget.FirstResponse, SaveTargetChannel.ParseTarget("first-response"));
    }
}
