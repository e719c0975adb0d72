using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Platform.SelfTest;
using EsafetyServerless.Workflows.Response;
using Microsoft.DurableTask;

namespace EsafetyServerless.Workflows;

/// <summary>
/// The one list of orchestrators and activities. The local runtime registers exactly these with its worker and
/// the Functions app exposes exactly these as triggers; a test holds the two to the same set.
/// </summary>
public static class WorkflowCatalog
{
    public static IReadOnlyList<Type> Orchestrators { get; } =
    [
        typeof(PlatformSelfTest),
        typeof(IncidentResponse),
        typeof(CorrectedResponse),
        typeof(Reviews.RegisterReview),
        typeof(Evidence.PrepareDisclosurePackage),
    ];

    public static IReadOnlyList<Type> Activities { get; } =
    [
        typeof(RecordSelfTestStep),
        typeof(NotifyEsafetyOfficer),
        typeof(ChaseTriage),
        typeof(RecordResponsePlan),
        typeof(PublishEscalation),
        typeof(MarkEscalationOverdue),
        typeof(OpenPostIncidentReview),
        typeof(ChasePostIncidentReview),
        typeof(DeliverNotices),
        typeof(WithdrawReferrals),
        typeof(AlertUndeliveredNotices),
        typeof(Evidence.PlaceLegalHold),
        typeof(Evidence.ScheduleRetention),
        typeof(Evidence.BuildDisclosurePackage),
        typeof(Reviews.OpenReviewTask),
        typeof(Reviews.ChaseReview),
        typeof(Reviews.ForgetReviewCycleStart),
    ];

    public static void Register(DurableTaskRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        foreach (Type orchestrator in Orchestrators)
        {
            registry.AddOrchestrator(orchestrator);
        }

        foreach (Type activity in Activities)
        {
            registry.AddActivity(activity);
        }
    }
}
