using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Orchestration;

namespace EsafetyServerless.Workflows.Escalation;

/// <param name="ExternalReference">The reference the target gave (a police incident number, the LADO's case number).</param>
public sealed record EscalationReferenceDraft(string? ExternalReference);

/// <summary>
/// The e-safety officer (or senior manager) records the reference a phone call or online form gave them for a
/// referral: the escalation is acknowledged, the officer's referral task closed and the workflow stops chasing.
/// </summary>
public sealed class AcknowledgeEscalation(IIncidentStore store, EscalationAcknowledgements acknowledgements, AuditRecorder audit, IWorkflowSignals workflows) : IUseCase
{
    public async Task<Outcome<EscalationRecord>> ExecuteAsync(Actor actor, string incidentId, string escalationId, EscalationReferenceDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        Incident? incident = await store.FindAsync(incidentId, cancellationToken);
        if (incident is null)
        {
            return IncidentPermissions.NotFound();
        }

        if (EscalationPermissions.ToRecordReference(actor, incident) is { } denied)
        {
            return denied;
        }

        FieldErrors errors = new();
        string? reference = ReferenceRules.Validate(draft.ExternalReference, "externalReference", errors);
        if (reference is null)
        {
            return Outcome.Invalid(errors);
        }

        EscalationRecord? target = incident.Plan?.Escalations.FirstOrDefault(e => e.EscalationId == escalationId);
        (EscalationRecord? escalation, bool already) = target is null ? (null, false) : await acknowledgements.AcknowledgeAsync(
            incident.IncidentId, escalationId, reference, actor.PersonId, $"Referral to {TargetNames.Describe(target.Target)} made; their reference {reference}", CancellationToken.None);
        if (target is null || escalation is null)
        {
            return Outcome.NotFound("The incident has no such escalation.");
        }

        // Saved: the workflow must hear of it even if the browser has gone, and again on a repeat (an earlier request
        // may have failed after saving).
        await workflows.RaiseAsync(escalation.ChasingInstance(incident.IncidentId), EscalationAcknowledgements.Acknowledged(escalationId), escalation.ExternalReference ?? reference, CancellationToken.None);
        await audit.RecordAsync(actor, incident.AgencyId, AuditActions.Change, incident.IncidentId, "escalation-acknowledged:" + WireNames.Of(target.Target));
        return already
            ? Outcome.Conflict("Already acknowledged", "This escalation was acknowledged already, with reference " + escalation.ExternalReference + ".")
            : escalation;
    }
}
