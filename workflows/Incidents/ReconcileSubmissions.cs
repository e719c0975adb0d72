using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Platform.Scheduling;
using Microsoft.Extensions.Logging;

namespace EsafetyServerless.Workflows.Incidents;

/// <summary>
/// Every 30 seconds (<see cref="Schedules.ReconcileSubmissions"/>): finishes every submission that was accepted but not
/// finished — the process died, storage or the engine failed between storing the incident and starting its response —
/// so no accepted incident waits more than a minute for its workflow. Safe to run anywhere, any number of times: each
/// step is idempotent (<see cref="IncidentSubmission"/>).
/// </summary>
public sealed partial class ReconcileSubmissions(
    IIncidentStore store, IPeopleDirectory directory, IncidentSubmission submission, IWorkflowSignals workflows, TimeProvider timeProvider,
    ILogger<ReconcileSubmissions> logger) : IScheduledJob
{
    /// <summary>A submission in progress finishes in well under a second; one older than this was interrupted.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(20);

    public async Task RunAsync(DateTimeOffset scheduledFor, CancellationToken cancellationToken)
    {
        DateTimeOffset createdBefore = timeProvider.GetUtcNow() - Grace;
        foreach (Agency agency in await directory.ListAgenciesAsync(cancellationToken))
        {
            foreach (PendingSubmission pending in await store.ListPendingAsync(agency.AgencyId, createdBefore, cancellationToken))
            {
                try
                {
                    await this.FinishAsync(pending, cancellationToken);
                    LogFinished(logger, pending.IncidentId);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // One incident's failure must not hold up the others; the next run tries it again.
                    LogFailed(logger, ex, pending.IncidentId);
                }
            }
        }
    }

    async Task FinishAsync(PendingSubmission pending, CancellationToken cancellationToken)
    {
        Incident? incident = await store.FindAsync(pending.IncidentId, cancellationToken);
        if (incident is null)
        {
            await store.ClearPendingAsync(pending.AgencyId, pending.IncidentId, cancellationToken);
            return;
        }

        // The request's own address is gone: the entry says the reconciliation recorded it, for the reporter.
        Person? reporter = await directory.GetPersonAsync(incident.ReportedBy, cancellationToken);
        Actor by = new(reporter ?? new Person(incident.ReportedBy, string.Empty, incident.ReportedBy, incident.AgencyId, Role.Staff, string.Empty), From: "reconciliation");
        await submission.FinishAsync(incident, by, "source=" + WireNames.Of(incident.Source), cancellationToken, restartIfFailed: true);

        // Cleared only once the engine shows the workflow under way, so a start the engine lost is tried again.
        if (await workflows.FindAsync(incident.IncidentId, withOutput: false, cancellationToken) is { Status: WorkflowRuntimeStatus.Running or WorkflowRuntimeStatus.Completed or WorkflowRuntimeStatus.Suspended })
        {
            await store.ClearPendingAsync(pending.AgencyId, pending.IncidentId, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Checked the submission of incident {IncidentId}")]
    static partial void LogFinished(ILogger logger, string incidentId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not finish the submission of incident {IncidentId}; the next run tries again")]
    static partial void LogFailed(ILogger logger, Exception exception, string incidentId);
}
