using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Response;

namespace EsafetyServerless.UnitTests;

/// <summary>A correction of the flowchart's answers re-plans the response without forgetting anything already done.</summary>
public class PlanCorrectionTests
{
    static readonly DateTimeOffset Planned = new(2026, 11, 20, 9, 0, 0, TimeSpan.Zero);
    static readonly DateTimeOffset Corrected = Planned.AddHours(3);
    static readonly EscalationClosure Why = new("The messages came from a stranger, not a teacher", "omar", Corrected);
    const string Chaser = "inc-1:correction-1";

    static readonly Concerns StaffAllegation = new(false, [], null, true, [LadoThreshold.RiskOfHarm], false, false);
    static readonly Concerns Grooming = new(true, [IllegalKind.GroomingOrSexualExploitation], null, false, [], false, true);
    static readonly Concerns NothingToRefer = new(false, [], null, false, [], false, false);

    static RecordedPlan PlanOf(Concerns concerns, Func<EscalationRecord, EscalationRecord>? recorded = null)
    {
        ResponsePlan plan = Flowchart.Plan(concerns);
        return new RecordedPlan(plan.Route, plan.Serious,
            plan.Escalations.Select(t => (recorded ?? (e => e))(new EscalationRecord("inc-1-" + WireNames.Of(t), t, EscalationState.Sent, Planned.AddDays(1), Planned, Channel: ChannelKind.Email))).ToList(),
            plan.SecureEvidence, plan.TellHumanResources, Planned);
    }

    [Fact]
    public void A_referral_no_longer_called_for_is_withdrawn_with_the_reason_and_the_new_ones_are_added_for_the_correction_to_chase()
    {
        PlanChange change = PlanCorrection.Replan("inc-1", PlanOf(StaffAllegation), Grooming, Corrected, null, Chaser, Why);

        Assert.Equal(ResponseRoute.Police, change.Plan.Route);
        EscalationRecord lado = Assert.Single(change.Withdrawn);
        Assert.Equal(EscalationTarget.Lado, lado.Target);
        Assert.Equal(EscalationState.Withdrawn, lado.State);
        Assert.Equal(Why, lado.Withdrawal);
        Assert.True(lado.IsSettled);
        Assert.Equal([EscalationTarget.Police, EscalationTarget.Ceop], change.Added.Select(e => e.Target));
        Assert.All(change.Added, e => Assert.Equal(Chaser, e.ChasedBy));
        Assert.Equal(Corrected.AddHours(1), change.Added[0].DueAt); // the police within the hour of the correction
        Assert.Equal(["inc-1-lado", "inc-1-police", "inc-1-ceop"], change.Plan.Escalations.Select(e => e.EscalationId));
        Assert.True(change.NewlySecureEvidence);
        Assert.False(change.NewlySerious); // the LADO route was serious already: its review goes on
        Assert.Null(change.Plan.ReviewChasedBy);
    }

    [Fact]
    public void An_acknowledged_referral_stays_on_the_record_and_a_serious_incident_stays_serious()
    {
        RecordedPlan acknowledged = PlanOf(StaffAllegation, e => e with { State = EscalationState.Acknowledged, ExternalReference = "LADO-1" });

        PlanChange change = PlanCorrection.Replan("inc-1", acknowledged, NothingToRefer, Corrected, null, Chaser, Why);

        Assert.Empty(change.Withdrawn);
        Assert.Empty(change.Added);
        Assert.Equal(EscalationState.Acknowledged, Assert.Single(change.Plan.Escalations).State);
        Assert.Equal(ResponseRoute.Internal, change.Plan.Route);
        Assert.True(change.Plan.Serious);
        Assert.True(change.Plan.TellHumanResources);
        Assert.False(change.NeedsWorkflow);
    }

    [Fact]
    public void A_target_withdrawn_earlier_and_needed_again_gets_a_new_referral_of_its_own()
    {
        PlanChange withdrawn = PlanCorrection.Replan("inc-1", PlanOf(StaffAllegation), Grooming, Corrected, null, Chaser, Why);

        PlanChange again = PlanCorrection.Replan("inc-1", withdrawn.Plan, StaffAllegation, Corrected.AddHours(1), null, "inc-1:correction-2", Why);

        EscalationRecord lado = Assert.Single(again.Added);
        Assert.Equal("inc-1-lado-2", lado.EscalationId);
        Assert.Equal(EscalationState.Withdrawn, again.Plan.Escalations.Single(e => e.EscalationId == "inc-1-lado").State);
        Assert.Equal([EscalationTarget.Police, EscalationTarget.Ceop], again.Withdrawn.Select(e => e.Target));
    }

    [Fact]
    public void An_incident_that_becomes_serious_has_its_post_incident_review_chased_by_the_correction()
    {
        PlanChange change = PlanCorrection.Replan("inc-1", PlanOf(NothingToRefer), Grooming, Corrected, TimeSpan.FromMinutes(5), Chaser, Why);

        Assert.True(change.NewlySerious);
        Assert.True(change.NeedsWorkflow);
        Assert.Equal(Chaser, change.Plan.ReviewChasedBy);
        Assert.All(change.Added, e => Assert.Equal(Corrected.AddMinutes(5), e.DueAt));
    }
}
