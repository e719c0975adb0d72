using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Workflows.Escalation;

/// <summary>
/// Records that a target acknowledged an escalation — through the signed link in its notice, or the e-safety officer
/// recording the reference a phone call or online form gave them — and closes the officer's referral task. The caller
/// then raises <see cref="Acknowledged"/> so the workflow stops chasing.
/// </summary>
public sealed class EscalationAcknowledgements(IIncidentStore incidents, ITaskStore tasks, TimeProvider timeProvider)
{
    /// <summary>The event the response workflow waits for, one per escalation; it carries the target's reference.</summary>
    public static WorkflowEvent<string> Acknowledged(string escalationId) => new("EscalationAcknowledged-" + escalationId);

    /// <returns>The acknowledged escalation, or null when the incident has no such escalation.</returns>
    public async Task<(EscalationRecord? Escalation, bool AlreadyAcknowledged)> AcknowledgeAsync(
        string incidentId, string escalationId, string externalReference, string acknowledgedBy, string actionDescription, CancellationToken cancellationToken)
    {
        Incident? incident = await incidents.FindAsync(incidentId, cancellationToken);
        EscalationRecord? before = incident?.Plan?.Escalations.FirstOrDefault(e => e.EscalationId == escalationId);
        if (incident is null || before is null)
        {
            return (null, false);
        }

        if (before.State == EscalationState.Acknowledged)
        {
            return (before, true);
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        bool alreadyAcknowledged = false;
        Incident updated = await incidents.UpdateAsync(incidentId, current =>
        {
            EscalationRecord? e = current.Plan?.Escalations.FirstOrDefault(x => x.EscalationId == escalationId);
            if (e is null || e.State == EscalationState.Acknowledged)
            {
                alreadyAcknowledged = true; // Two acknowledgements raced: the first one stands.
                return current;
            }

            return current.WithEscalation(escalationId, x => x with
            {
                State = EscalationState.Acknowledged,
                AcknowledgedAt = now,
                ExternalReference = externalReference,
                AcknowledgedBy = acknowledgedBy,
            }) with
            {
                Actions = [.. current.Actions, new IncidentAction(actionDescription, acknowledgedBy, now)],
            };
        }, cancellationToken);

        await tasks.UpdateAsync(incident.AgencyId, EscalationDispatcher.ManualReferralTaskId(escalationId), t => t.State == WorkTaskState.Done ? t : t with
        {
            State = WorkTaskState.Done,
            Completion = new TaskCompletion(acknowledgedBy, now, "Reference " + externalReference),
        }, cancellationToken);
        return (updated.Plan!.Escalations.First(e => e.EscalationId == escalationId), alreadyAcknowledged);
    }
}
