using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.UnitTests;

/// <summary>The incident's status and flags are derived from what is recorded, never stored apart from it.</summary>
public class IncidentLifecycleTests
{
    static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 0, 0, TimeSpan.Zero);

    static Incident Reported(bool awaitingTriage = false) => new()
    {
        IncidentId = "inc-1",
        AgencyId = "northfield-primary",
        Reference = "NP-2026-0001",
        AwaitingTriage = awaitingTriage,
        Source = awaitingTriage ? IncidentSource.Email : IncidentSource.Form,
        SubmittedAt = Now.AddDays(-2),
        ReportedBy = "amy.staff",
        Report = new IncidentReport(Now.AddDays(-2), "Messages to a pupil", HowIdentified.Disclosure, null, [], awaitingTriage ? null : Concerns.None),
    };

    static Incident Planned(bool serious, params EscalationRecord[] escalations) =>
        Reported() with { Plan = new RecordedPlan(ResponseRoute.Lado, serious, escalations, false, false, Now.AddDays(-2)) };

    static EscalationRecord Lado(EscalationState state, DateTimeOffset dueAt) => new("inc-1-lado", EscalationTarget.Lado, state, dueAt);

    static readonly PostIncidentReviewRecord Review = new("sarah.manager", Now, "None", [], ["Governors"]);

    [Fact]
    public void An_emailed_report_awaits_triage_and_a_form_report_is_open()
    {
        Assert.Equal(IncidentStatus.AwaitingTriage, Reported(awaitingTriage: true).Status);
        Assert.Equal(IncidentStatus.Open, Reported().Status);
    }

    [Fact]
    public void A_conclusion_with_a_referral_still_waiting_is_concluded_not_closed()
    {
        Incident incident = Planned(false, Lado(EscalationState.Sent, Now.AddHours(3))) with { Conclusion = "Dealt with" };

        Assert.Equal(IncidentStatus.Concluded, incident.Status);
    }

    [Theory]
    [InlineData(EscalationState.Acknowledged)]
    [InlineData(EscalationState.Closed)]
    public void A_concluded_incident_whose_referrals_are_settled_is_closed(EscalationState settled)
    {
        Incident incident = Planned(false, Lado(settled, Now.AddHours(-3))) with { Conclusion = "Dealt with" };

        Assert.Equal(IncidentStatus.Closed, incident.Status);
        Assert.Equal(0, incident.OverdueReferrals(Now));
        Assert.Null(incident.ReferralsDueBy);
    }

    [Fact]
    public void A_serious_incident_closes_only_once_the_post_incident_review_is_completed()
    {
        Incident concluded = Planned(true, Lado(EscalationState.Acknowledged, Now)) with { Conclusion = "Dealt with" };

        Assert.Equal(IncidentStatus.Concluded, concluded.Status);
        Assert.Equal(IncidentStatus.Closed, (concluded with { PostIncidentReview = Review }).Status);
    }

    [Fact]
    public void Referrals_past_their_deadline_without_an_acknowledgement_are_counted_as_overdue()
    {
        Incident incident = Planned(
            true,
            Lado(EscalationState.Overdue, Now.AddHours(-1)),
            new EscalationRecord("inc-1-police", EscalationTarget.Police, EscalationState.Sent, Now.AddHours(-2)),
            new EscalationRecord("inc-1-first-response", EscalationTarget.FirstResponse, EscalationState.Sent, Now.AddHours(5)));

        Assert.Equal(2, incident.OverdueReferrals(Now));
        Assert.Equal(Now.AddHours(-2), incident.ReferralsDueBy);
    }

    [Fact]
    public void A_reporter_sees_where_their_report_stands_without_what_was_decided()
    {
        Incident closed = Planned(true, Lado(EscalationState.Acknowledged, Now)) with { Conclusion = "Dealt with", PostIncidentReview = Review };

        Incident asReporter = ReadIncident.ForReporter(closed);

        Assert.Equal(IncidentStatus.Closed, asReporter.Status);
        Assert.Null(asReporter.Conclusion);
        Assert.Null(asReporter.Plan);
    }

    [Fact]
    public void The_log_filters_match_on_the_derived_status_route_seriousness_and_overdue_referrals()
    {
        Incident overdue = Planned(true, Lado(EscalationState.Sent, Now.AddHours(-1)));
        IncidentQuery agency = new("northfield-primary");

        Assert.True((agency with { Status = IncidentStatus.Open, Route = ResponseRoute.Lado, Serious = true, ReferralsOverdueAt = Now }).Matches(overdue));
        Assert.False((agency with { Status = IncidentStatus.Concluded }).Matches(overdue));
        Assert.False((agency with { Route = ResponseRoute.Police }).Matches(overdue));
        Assert.False((agency with { Serious = false }).Matches(overdue));
        Assert.False((agency with { ReferralsOverdueAt = Now.AddHours(-2) }).Matches(overdue));
    }
}
