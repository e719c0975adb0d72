using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.Extensions.Logging;

namespace EsafetyServerless.Workflows.Incidents;

/// <summary>
/// Creating an incident, for every way one arrives (the form, the API, an email, an accepted unverified email). Three
/// steps, each safe to repeat: the incident is stored (once per idempotency key, with its reference and a "pending"
/// marker, in one transaction); its creation is audited (exactly once), and an emailed report waiting for triage gets
/// its retention date; its response workflow is started (instance id = incident id, so never twice). A retry of the request finishes whatever a failed attempt left undone, and
/// <see cref="ReconcileSubmissions"/> finishes a submission nobody retries and clears the marker once the engine
/// shows the workflow running.
/// </summary>
public sealed partial class IncidentSubmission(
    IIncidentStore store, AuditRecorder audit, IRetentionFollowUp retention, IResponseWorkflow response, ILogger<IncidentSubmission> logger)
{
    /// <param name="by">Who it is recorded as reported by (for email, the verified sender, acting from the intake channel).</param>
    /// <param name="auditDetail">How it arrived, for the audit entry ("source=form").</param>
    public async Task<IncidentSaved> SubmitAsync(Incident incident, string? idempotencyKey, Actor by, string auditDetail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        IncidentSaved saved = await store.CreateAsync(incident, idempotencyKey, cancellationToken);

        // Stored means accepted: the reporter gets their reference even if auditing or starting the workflow fails or
        // hangs now (storage or the engine briefly down); the reconciliation finishes both within a minute.
        using CancellationTokenSource bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(FinishWithin);
        try
        {
            await this.FinishAsync(saved.Incident, by, auditDetail, bounded.Token);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogLeftForReconciliation(logger, ex, saved.Incident.IncidentId);
        }

        return saved;
    }

    /// <summary>How long a submission waits for its audit entry and workflow start before leaving them to the reconciliation.</summary>
    public static readonly TimeSpan FinishWithin = TimeSpan.FromSeconds(5);

    /// <summary>The steps after storing: audit the creation (once), the retention date of a report awaiting triage, and start the workflow (unless it runs).</summary>
    /// <param name="restartIfFailed">The reconciliation also starts again a response that failed or was terminated.</param>
    public async Task FinishAsync(Incident incident, Actor by, string auditDetail, CancellationToken cancellationToken, bool restartIfFailed = false)
    {
        ArgumentNullException.ThrowIfNull(incident);
        await audit.RecordOnceAsync(CreationOperation(incident.IncidentId), by, incident.AgencyId, AuditActions.Create, incident.IncidentId, auditDetail, cancellationToken);
        await retention.AcceptedAsync(incident, cancellationToken);
        await response.StartAsync(incident.IncidentId, restartIfFailed, cancellationToken);
    }

    /// <summary>Starts the incident's response workflow (instance id = incident id) unless it exists.</summary>
    public Task EnsureResponseStartedAsync(string incidentId, CancellationToken cancellationToken) =>
        response.StartAsync(incidentId, restartIfFailed: false, cancellationToken);

    /// <summary>The audit operation of an incident's creation: one entry, however often the submission is finished.</summary>
    public static string CreationOperation(string incidentId) => "create:" + incidentId;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Incident {IncidentId} is stored; its audit entry or workflow start failed and is left to the reconciliation")]
    static partial void LogLeftForReconciliation(ILogger logger, Exception exception, string incidentId);
}
