using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Platform.Scheduling;
using Microsoft.Extensions.Logging;

namespace EsafetyServerless.Workflows.Response;

/// <summary>
/// Daily (<see cref="Schedules.RestartFailedResponses"/>): finds every response workflow that failed or was terminated
/// — storage down for longer than an activity's retries, a deployment the old history cannot replay on, an operator —
/// and starts it again from the start under the same instance id. That is safe because <see cref="IncidentResponse"/>
/// is idempotent per incident: the plan is recorded once, every notice goes once through the incident's outbox, tasks
/// and custody entries are written once. A workflow whose incident was purged has its history deleted instead.
/// </summary>
public sealed partial class RestartFailedResponses(IWorkflowSignals workflows, IIncidentStore incidents, IResponseWorkflow responses, ILogger<RestartFailedResponses> logger)
    : IScheduledJob
{
    public static IReadOnlyCollection<WorkflowRuntimeStatus> Stopped { get; } = [WorkflowRuntimeStatus.Failed, WorkflowRuntimeStatus.Terminated];

    public async Task RunAsync(DateTimeOffset scheduledFor, CancellationToken cancellationToken)
    {
        foreach (string incidentId in await workflows.ListInstanceIdsAsync(nameof(IncidentResponse), IncidentIds.Prefix, Stopped, cancellationToken))
        {
            try
            {
                if (await incidents.FindAsync(incidentId, cancellationToken) is null)
                {
                    await workflows.DeleteHistoryAsync(incidentId, "the incident was purged", cancellationToken);
                    continue;
                }

                await responses.StartAsync(incidentId, restartIfFailed: true, cancellationToken);
                LogRestarted(logger, incidentId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One incident's failure must not hold up the others; the next run tries it again.
                LogFailed(logger, ex, incidentId);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Restarted the stopped response workflow of incident {IncidentId}")]
    static partial void LogRestarted(ILogger logger, string incidentId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not restart the response workflow of incident {IncidentId}; the next run tries again")]
    static partial void LogFailed(ILogger logger, Exception exception, string incidentId);
}
