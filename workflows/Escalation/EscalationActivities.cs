using System.Globalization;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.DurableTask;

namespace EsafetyServerless.Workflows.Escalation;

/// <summary>One escalation as the workflow tracks it: ids, target and deadline only.</summary>
public sealed record PlannedEscalation(string EscalationId, EscalationTarget Target, DateTimeOffset DueAt);

/// <summary>One delivery attempt of an escalation.</summary>
/// <param name="AcknowledgementWindow">Tests shrink the deadline; null applies <see cref="EscalationDeadlines.DueAt"/>.</param>
public sealed record EscalationAttempt(string IncidentId, string AgencyId, PlannedEscalation Escalation, int Attempt, TimeSpan? AcknowledgementWindow = null, bool LastAttempt = false);

/// <summary>Publishes an attempt on the escalation channel (Service Bus in Azure, a storage queue locally).</summary>
public sealed class PublishEscalation(IEscalationChannel channel) : TaskActivity<EscalationAttempt, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, EscalationAttempt input)
    {
        ArgumentNullException.ThrowIfNull(input);
        EscalationUrgency urgency = EscalationDeadlines.UrgencyOf(input.Escalation.Target);
        await channel.PublishAsync(
            new EscalationRequested(input.Escalation.EscalationId, input.IncidentId, input.AgencyId, input.Escalation.Target, urgency, input.Attempt),
            CancellationToken.None);
        return true;
    }
}

/// <param name="NextDueAt">The re-sent notice's deadline.</param>
/// <param name="AlreadyAcknowledged">The escalation was acknowledged after all (its event was lost): stop chasing.</param>
public sealed record OverdueMarked(DateTimeOffset NextDueAt, bool AlreadyAcknowledged);

/// <summary>
/// The deadline passed without an acknowledgement: the escalation shows as overdue, the e-safety officer and the
/// senior manager are told, and (unless this was the last attempt) the next deadline is set for the re-send.
/// The emails go before the record is written, so a retried activity may repeat them but never skips them.
/// </summary>
public sealed class MarkEscalationOverdue(IIncidentStore incidents, IPeopleDirectory directory, IEmailSender email, AppLinks links, TimeProvider timeProvider)
    : TaskActivity<EscalationAttempt, OverdueMarked>
{
    public override async Task<OverdueMarked> RunAsync(TaskActivityContext context, EscalationAttempt input)
    {
        ArgumentNullException.ThrowIfNull(input);
        DateTimeOffset now = timeProvider.GetUtcNow();
        DateTimeOffset nextDue = input.AcknowledgementWindow is { } window ? now + window : EscalationDeadlines.DueAt(input.Escalation.Target, now);
        Incident? incident = await incidents.FindAsync(input.IncidentId, CancellationToken.None);
        EscalationRecord? escalation = incident?.Plan?.Escalations.FirstOrDefault(e => e.EscalationId == input.Escalation.EscalationId);
        if (incident is null || escalation is null)
        {
            return new OverdueMarked(nextDue, AlreadyAcknowledged: true); // Purged: nothing left to chase.
        }

        if (escalation.State == EscalationState.Acknowledged)
        {
            return new OverdueMarked(nextDue, AlreadyAcknowledged: true);
        }

        string what = TargetNames.Describe(input.Escalation.Target);
        string description = input.LastAttempt
            ? string.Create(CultureInfo.InvariantCulture, $"Not acknowledged by {what} after {input.Attempt} notices: no more notices will be sent; officer and senior manager told")
            : string.Create(CultureInfo.InvariantCulture, $"Not acknowledged by {what} by the deadline (notice {input.Attempt}): re-sending; officer and senior manager told");
        if (incident.Actions.Any(a => a.TakenBy == IncidentAction.SystemActor && a.Description == description))
        {
            return new OverdueMarked(escalation.DueAt, AlreadyAcknowledged: false); // A retried activity: already done.
        }

        IEnumerable<Person> leads = (await directory.ListPeopleAsync(incident.AgencyId, CancellationToken.None))
            .Where(p => p.Role is Role.EsafetyOfficer or Role.SeniorManager);
        foreach (Person person in leads)
        {
            string text = string.Create(CultureInfo.InvariantCulture, $"""
                Dear {person.DisplayName},

                {what} has not acknowledged the referral for e-safety incident {incident.Reference} by its deadline ({escalation.DueAt:dd MMMM yyyy HH:mm} UTC).
                {(input.LastAttempt ? "No more notices will be sent automatically. Phone them now and record their reference on the incident." : "The notice has been sent again. If it is urgent, phone them and record their reference on the incident.")}

                {links.To("/incidents/" + incident.IncidentId + "#escalations")}
                """);
            await email.SendAsync(new OutgoingEmail(person.Email, $"Overdue: referral for {incident.Reference} not acknowledged", text), CancellationToken.None);
        }

        await incidents.UpdateAsync(input.IncidentId, current => current.WithEscalation(escalation.EscalationId, e => e with
        {
            State = e.State is EscalationState.Acknowledged or EscalationState.Failed ? e.State : EscalationState.Overdue,
            DueAt = input.LastAttempt ? e.DueAt : nextDue,
        }) with
        {
            Actions = [.. current.Actions, new IncidentAction(description, IncidentAction.SystemActor, now)],
        }, CancellationToken.None);
        return new OverdueMarked(input.LastAttempt ? escalation.DueAt : nextDue, AlreadyAcknowledged: false);
    }
}
