using EsafetyServerless.Workflows.Platform;
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
/// <param name="Notices">The incident's notices after this step: some may wait for the mail server.</param>
public sealed record OverdueMarked(DateTimeOffset NextDueAt, bool AlreadyAcknowledged, NoticeReport? Notices = null);

/// <summary>
/// The deadline passed without an acknowledgement: the escalation shows as overdue, the e-safety officer and the
/// senior manager are told, and (unless this was the last attempt) the next deadline is set for the re-send. The
/// record is written first (once: its action names the attempt), then the emails go through the incident's outbox
/// (<c>overdue/{escalation}/{attempt}/{person}</c>), so a retried activity neither repeats them nor skips them.
/// </summary>
public sealed class MarkEscalationOverdue(IIncidentStore incidents, IPeopleDirectory directory, NoticeDelivery notices, AppLinks links, TimeProvider timeProvider)
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

        if (escalation.IsSettled)
        {
            return new OverdueMarked(nextDue, AlreadyAcknowledged: true);
        }

        string what = TargetNames.Describe(input.Escalation.Target);
        string description = input.LastAttempt
            ? string.Create(CultureInfo.InvariantCulture, $"Not acknowledged by {what} after {input.Attempt} notices: no more notices will be sent; officer and senior manager told")
            : string.Create(CultureInfo.InvariantCulture, $"Not acknowledged by {what} by the deadline (notice {input.Attempt}): re-sending; officer and senior manager told");
        bool recordedBefore = incident.Actions.Any(a => a.TakenBy == IncidentAction.SystemActor && a.Description == description);
        if (recordedBefore)
        {
            nextDue = escalation.DueAt; // A retried activity: the deadline it set stands.
        }
        else
        {
            Incident updated = await incidents.UpdateAsync(input.IncidentId, current => current.Actions.Any(a => a.TakenBy == IncidentAction.SystemActor && a.Description == description) ? current
                : current.WithEscalation(escalation.EscalationId, e => e with
                {
                    State = e.IsSettled || e.State == EscalationState.Failed ? e.State : EscalationState.Overdue,
                    DueAt = input.LastAttempt ? e.DueAt : nextDue,
                }) with
                {
                    Actions = [.. current.Actions, new IncidentAction(description, IncidentAction.SystemActor, now)],
                }, CancellationToken.None);
            nextDue = updated.Plan?.Escalations.FirstOrDefault(e => e.EscalationId == escalation.EscalationId)?.DueAt ?? nextDue;
        }

        List<Notice> owed = [];
        foreach (Person person in (await directory.ListPeopleAsync(incident.AgencyId, CancellationToken.None)).Where(p => p.ActsAsAny(Roles.EsafetyLeads)))
        {
            string text = string.Create(CultureInfo.InvariantCulture, $"""
                Dear {person.DisplayName},

                {what} has not acknowledged the referral for e-safety incident {incident.Reference} by its deadline ({UkTime.InEmail(input.Escalation.DueAt)}).
                {(input.LastAttempt ? "No more notices will be sent automatically. Phone them now and record their reference on the incident." : "The notice has been sent again. If it is urgent, phone them and record their reference on the incident.")}

                {links.To("/incidents/" + incident.IncidentId + "#escalations")}
                """);
            owed.Add(new Notice(
                string.Create(CultureInfo.InvariantCulture, $"overdue/{escalation.EscalationId}/{input.Attempt}/{person.PersonId}"),
                new OutgoingEmail(person.Email, $"Overdue: referral for {incident.Reference} not acknowledged", text)));
        }

        NoticeReport report = await notices.SendAsync(incident.IncidentId, owed, CancellationToken.None);
        return new OverdueMarked(nextDue, AlreadyAcknowledged: false, report);
    }
}
