using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Escalation;

public sealed record EscalationClosureDraft(string? Reason);

/// <summary>
/// The e-safety officer (or senior manager) closes a referral the target will never acknowledge (the police logged
/// a call without giving a number; the LADO already had the case), with the reason. The referral then counts as
/// settled for the incident's closure, the referral task is done and the workflow stops chasing. A target's own
/// acknowledgement may still arrive afterwards and is recorded.
/// </summary>
public sealed class CloseEscalation(IIncidentStore store, ITaskStore tasks, AuditRecorder audit, IWorkflowSignals workflows, TimeProvider timeProvider) : IUseCase
{
    public const int ReasonMaxLength = 2000;

    public async Task<Outcome<EscalationRecord>> ExecuteAsync(Actor actor, string incidentId, string escalationId, EscalationClosureDraft draft, CancellationToken cancellationToken)
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

        EscalationRecord? target = incident.Plan?.Escalations.FirstOrDefault(e => e.EscalationId == escalationId);
        if (target is null)
        {
            return Outcome.NotFound("The incident has no such escalation.");
        }

        FieldErrors errors = new();
        string? reason = TextRules.Required(draft.Reason, "reason", "Enter why the referral is closed without an acknowledgement", ReasonMaxLength, "The reason", errors);
        if (reason is null)
        {
            return Outcome.Invalid(errors);
        }

        if (target.IsSettled)
        {
            return Settled(target);
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        string what = TargetNames.Describe(target.Target);
        EscalationRecord? settledMeanwhile = null;
        Incident updated = await store.UpdateAsync(incident.IncidentId, current =>
        {
            EscalationRecord? e = current.Plan?.Escalations.FirstOrDefault(x => x.EscalationId == escalationId);
            if (e is null || e.IsSettled)
            {
                settledMeanwhile = e; // Acknowledged or closed a moment ago: that stands.
                return current;
            }

            return current.WithEscalation(escalationId, x => x with { State = EscalationState.Closed, Closure = new EscalationClosure(reason, actor.PersonId, now) }) with
            {
                Actions = [.. current.Actions, new IncidentAction($"Referral to {what} closed without an acknowledgement: {reason}", actor.PersonId, now)],
            };
        }, cancellationToken);
        if (settledMeanwhile is { } already)
        {
            return Settled(already);
        }

        await tasks.UpdateAsync(incident.AgencyId, EscalationDispatcher.ManualReferralTaskId(escalationId), t => t.State == WorkTaskState.Done ? t : t with
        {
            State = WorkTaskState.Done,
            Completion = new TaskCompletion(actor.PersonId, now, "Closed: " + reason),
        }, CancellationToken.None);

        // The workflow waits for this escalation's acknowledgement event; closing ends that wait as well.
        await workflows.RaiseAsync(target.ChasingInstance(incident.IncidentId), EscalationAcknowledgements.Acknowledged(escalationId), "closed", CancellationToken.None);
        await audit.RecordAsync(actor, incident.AgencyId, AuditActions.Change, incident.IncidentId, "escalation-closed:" + WireNames.Of(target.Target));
        return updated.Plan!.Escalations.First(e => e.EscalationId == escalationId);
    }

    static Failure Settled(EscalationRecord escalation) => escalation.State == EscalationState.Acknowledged
        ? Outcome.Conflict("Already acknowledged", "This referral was acknowledged already, with reference " + escalation.ExternalReference + ".")
        : Outcome.Conflict("Already closed", "This referral was closed already: " + escalation.Closure?.Reason);
}
