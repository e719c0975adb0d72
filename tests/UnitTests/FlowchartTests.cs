using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Response;

namespace EsafetyServerless.UnitTests;

/// <summary>The flowchart over every combination of its inputs, and the rows a safeguarding lead would check by hand.</summary>
public class FlowchartTests
{
    static readonly IllegalKind[] Kinds = Enum.GetValues<IllegalKind>();

    /// <summary>Every combination: illegal yes/no × every subset of kinds × web address or not × staff yes/no × threshold or not × child at risk yes/no.</summary>
    public static TheoryData<bool, int, bool, bool, bool, bool> AllCombinations()
    {
        TheoryData<bool, int, bool, bool, bool, bool> data = [];
        foreach (bool illegal in new[] { false, true })
        {
            for (int kinds = 0; kinds < 1 << Kinds.Length; kinds++)
            {
                foreach (bool url in new[] { false, true })
                {
                    foreach (bool staff in new[] { false, true })
                    {
                        foreach (bool threshold in new[] { false, true })
                        {
                            foreach (bool childAtRisk in new[] { false, true })
                            {
                                data.Add(illegal, kinds, url, staff, threshold, childAtRisk);
                            }
                        }
                    }
                }
            }
        }

        return data;
    }

    static Concerns Concerns(bool illegal, int kindMask, bool url, bool staff, bool threshold, bool childAtRisk) => new(
        illegal,
        Kinds.Where((_, i) => (kindMask & (1 << i)) != 0).ToList(),
        url ? "https://example.org/page" : null,
        staff,
        threshold ? [LadoThreshold.RiskOfHarm] : [],
        childAtRisk,
        Urgent: false);

    [Theory]
    [MemberData(nameof(AllCombinations))]
    public void Every_combination_follows_the_rules(bool illegal, int kindMask, bool url, bool staff, bool threshold, bool childAtRisk)
    {
        Concerns concerns = Concerns(illegal, kindMask, url, staff, threshold, childAtRisk);
        bool images = concerns.IllegalKinds.Contains(IllegalKind.IndecentImagesOfChildren);
        bool grooming = concerns.IllegalKinds.Contains(IllegalKind.GroomingOrSexualExploitation);
        bool lado = staff && threshold;

        ResponsePlan plan = Flowchart.Plan(concerns);

        Assert.Equal(illegal, plan.Escalations.Contains(EscalationTarget.Police));
        Assert.Equal(illegal && (images || grooming), plan.Escalations.Contains(EscalationTarget.Ceop));
        Assert.Equal(illegal && images && url, plan.Escalations.Contains(EscalationTarget.Iwf));
        Assert.Equal(lado, plan.Escalations.Contains(EscalationTarget.Lado));
        Assert.Equal(childAtRisk, plan.Escalations.Contains(EscalationTarget.FirstResponse));
        Assert.Equal(illegal ? ResponseRoute.Police : lado ? ResponseRoute.Lado : childAtRisk ? ResponseRoute.FirstResponse : ResponseRoute.Internal, plan.Route);
        Assert.Equal(plan.Route != ResponseRoute.Internal, plan.Serious);
        Assert.Equal(illegal, plan.SecureEvidence);
        Assert.Equal(staff, plan.TellHumanResources);
        Assert.Equal(plan.Escalations.Distinct().Count(), plan.Escalations.Count);
    }

    [Fact]
    public void Illegal_images_on_the_public_web_by_a_member_of_staff_go_to_police_CEOP_IWF_and_the_LADO()
    {
        ResponsePlan plan = Flowchart.Plan(new Concerns(true, [IllegalKind.IndecentImagesOfChildren], "https://example.org/x", true, [LadoThreshold.CriminalOffence], false, true));

        Assert.Equal(ResponseRoute.Police, plan.Route);
        Assert.Equal([EscalationTarget.Police, EscalationTarget.Ceop, EscalationTarget.Iwf, EscalationTarget.Lado], plan.Escalations);
        Assert.True(plan.Serious);
        Assert.True(plan.SecureEvidence);
    }

    [Fact]
    public void Staff_involved_below_the_LADO_threshold_is_the_internal_HR_route_and_not_serious()
    {
        ResponsePlan plan = Flowchart.Plan(new Concerns(false, [], null, true, [], false, false));

        Assert.Equal(ResponseRoute.Internal, plan.Route);
        Assert.False(plan.Serious);
        Assert.Empty(plan.Escalations);
        Assert.True(plan.TellHumanResources);
    }

    [Fact]
    public void Cyberbullying_between_pupils_with_no_wider_concern_stays_internal()
    {
        ResponsePlan plan = Flowchart.Plan(Workflows.Incidents.Concerns.None);

        Assert.Equal(ResponseRoute.Internal, plan.Route);
        Assert.False(plan.Serious);
        Assert.Empty(plan.Escalations);
    }

    [Fact]
    public void A_not_sure_that_reached_the_flowchart_would_be_treated_as_a_yes_never_as_a_no()
    {
        ResponsePlan plan = Flowchart.Plan(new Concerns(null, [], null, null, [LadoThreshold.RiskOfHarm], null, null));

        Assert.Equal(ResponseRoute.Police, plan.Route);
        Assert.Equal([EscalationTarget.Police, EscalationTarget.Lado, EscalationTarget.FirstResponse], plan.Escalations);
        Assert.True(plan.TellHumanResources);
    }
}
