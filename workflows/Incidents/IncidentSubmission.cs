using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Response;

namespace EsafetyServerless.Workflows.Incidents;

/// <summary>
/// Creating an incident, for every way one arrives (the form, the API, an email, an accepted unverified email): the
/// incident is stored (once per idempotency key), its creation audited, and its response workflow started — on every
/// submission, retries included, so an incident saved just before a crash still gets its workflow.
/// </summary>
public sealed class IncidentSubmission(IIncidentStore store, AuditRecorder audit, IWorkflowSignals workflows)
{
    /// <param name="by">Who it is recorded as reported by (for email, the verified sender, acting from the intake channel).</param>
    /// <param name="auditDetail">How it arrived, for the audit entry ("source=form").</param>
    public async Task<IncidentSaved> SubmitAsync(Incident incident, string? idempotencyKey, Actor by, string auditDetail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        IncidentSaved saved = await store.CreateAsync(incident, idempotencyKey, cancellationToken);
        if (saved.Created)
        {
            await audit.RecordAsync(by, saved.Incident.AgencyId, AuditActions.Create, saved.Incident.IncidentId, auditDetail);
        }

        await this.EnsureResponseStartedAsync(saved.Incident.IncidentId, cancellationToken);
        return saved;
    }

    /// <summary>Starts the incident's response workflow (instance id = incident id) unless it exists.</summary>
    public Task EnsureResponseStartedAsync(string incidentId, CancellationToken cancellationToken) =>
        workflows.StartIfNewAsync(nameof(IncidentResponse), incidentId, new IncidentResponseInput(incidentId), restartIfFailed: false, cancellationToken);
}
