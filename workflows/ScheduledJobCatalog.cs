using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Scheduling;
using EsafetyServerless.Workflows.Response;
using EsafetyServerless.Workflows.Reviews;

namespace EsafetyServerless.Workflows;

/// <summary>
/// The one list of scheduled jobs that both hosts run: the Functions app's timer triggers and the local runtime's
/// scheduler. Beside <see cref="WorkflowCatalog"/>, at the top of the core, because it names jobs of every capability.
/// </summary>
public static class ScheduledJobCatalog
{
    public static IReadOnlyList<ScheduledJobDefinition> All { get; } =
    [
        new(nameof(SchedulerHeartbeat), Schedules.SchedulerHeartbeat, typeof(SchedulerHeartbeat)),
        new(nameof(RetentionReviewJob), Schedules.RetentionReview, typeof(RetentionReviewJob)),
        new(nameof(DailyReviewScan), Schedules.DailyReviewScan, typeof(DailyReviewScan)),
        new(nameof(ReconcileSubmissions), Schedules.ReconcileSubmissions, typeof(ReconcileSubmissions)),
        new(nameof(RestartFailedResponses), Schedules.RestartFailedResponses, typeof(RestartFailedResponses)),
    ];
}
