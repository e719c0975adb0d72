using System.Globalization;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Links;
using EsafetyServerless.Workflows.Tasks;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Workflows.Escalation;

/// <summary>
/// Delivers one escalation attempt through the target's channel: an emailed notice with a signed acknowledgement
/// link, or a task for the e-safety officer to phone or use an online form. Both transports (Service Bus in Azure,
/// a storage queue locally) call this same code and settle the message by its outcome.
/// Delivery is idempotent per attempt: the ledger is checked before and written straight after sending, so a
/// redelivered message does not send a second notice (a claim left unfinished by a crash asks the officer to confirm
/// instead). The officer's own alerts go once each through the incident's notice outbox.
/// </summary>
public sealed class EscalationDispatcher(
    IIncidentStore incidents,
    ITargetChannels channels,
    IDeliveryLedger ledger,
    IEmailSender email,
    NoticeDelivery notices,
    IPeopleDirectory directory,
    ITaskStore tasks,
    SignedLinks signedLinks,
    AppLinks links,
    TimeProvider timeProvider)
{
    /// <summary>The signed link's purpose: a token for anything else is not an acknowledgement link.</summary>
    public const string LinkPurpose = "escalation";

    /// <summary>How long a notice's link stays usable: long enough for a late acknowledgement, short enough to go stale.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(14);

    /// <exception cref="Exception">Anything but a permanent refusal (storage or SMTP unavailable): the transport retries with backoff.</exception>
    public async Task<DispatchOutcome> DispatchAsync(EscalationRequested message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        Incident? incident = await incidents.FindAsync(message.IncidentId, cancellationToken);
        EscalationRecord? escalation = incident?.Plan?.Escalations.FirstOrDefault(e => e.EscalationId == message.EscalationId);
        if (incident is null || escalation is null)
        {
            // Purged after its retention period, or a message that never matched an incident: nothing to deliver.
            return DispatchOutcome.AlreadyHandled;
        }

        if (incident.AgencyId != message.AgencyId || escalation.Target != message.Target)
        {
            return DispatchOutcome.PermanentFailure; // Not a message this system wrote: dead-letter it, deliver nothing.
        }

        if (escalation.IsSettled)
        {
            return DispatchOutcome.AlreadyHandled; // Acknowledged, or closed by the officer: nothing more goes out.
        }

        TargetChannel channel = await channels.GetAsync(message.Target, cancellationToken);
        Agency? agency = await directory.GetAgencyAsync(incident.AgencyId, cancellationToken);
        List<Person> officers = (await directory.ListPeopleAsync(incident.AgencyId, cancellationToken)).Where(p => p.ActsAs(Role.EsafetyOfficer)).ToList();
        DateTimeOffset now = timeProvider.GetUtcNow();
        switch (await ledger.ClaimAsync(message.MessageId, now, ClaimStaleAfter, cancellationToken))
        {
            case DeliveryClaim.Delivered:
                return DispatchOutcome.AlreadyHandled;
            case DeliveryClaim.InProgress:
                throw new DeliveryInProgressException("Another delivery of " + message.MessageId + " is under way.");
            case DeliveryClaim.Abandoned:
                await this.AskOfficerToConfirmAsync(incident, escalation, message, channel, officers, CancellationToken.None);
                return DispatchOutcome.AlreadyHandled;
        }

        // Once the mailbox has refused a notice for good, further attempts go to the officer to make by hand.
        bool byEmail = channel.Kind == ChannelKind.Email && !string.IsNullOrWhiteSpace(channel.Address) && escalation.State != EscalationState.Failed;
        string attemptNote = message.Attempt > 1 ? string.Create(CultureInfo.InvariantCulture, $" (notice {message.Attempt})") : string.Empty;
        string description = byEmail
            ? $"Notice to {TargetNames.Describe(escalation.Target)} emailed to {channel.Address}{attemptNote}"
            : $"Referral to {TargetNames.Describe(message.Target)} must be made by phone or online form: task for the e-safety officer{attemptNote}";

        try
        {
            // Recorded before the hand-over, so a crash straight after sending still leaves the notice on the record.
            await incidents.UpdateAsync(incident.IncidentId, current => current.Actions.Any(a => a.Description == description) ? current : current.WithEscalation(message.EscalationId, e => e with
            {
                State = e.IsSettled || e.State is EscalationState.Overdue or EscalationState.Failed ? e.State : EscalationState.Sent,
                SentAt = e.SentAt ?? now,
                Attempts = Math.Max(e.Attempts, message.Attempt),
                Channel = byEmail ? ChannelKind.Email : ChannelKind.Manual,
            }) with
            {
                Actions = [.. current.Actions, new IncidentAction(description, IncidentAction.SystemActor, now)],
            }, cancellationToken);

            if (byEmail)
            {
                await email.SendAsync(this.Notice(incident, escalation, message, channel.Address!, agency, officers, now), cancellationToken);
            }
            else
            {
                await this.OpenManualReferralAsync(incident, escalation, message, channel, cancellationToken);
                await this.TellOfficersAsync(incident, "referral-alert", message, officers, officer => this.ManualReferralAlert(incident, escalation, message, channel, officer));
            }
        }
        catch (EmailRejectedException ex)
        {
            await ledger.RecordDeliveredAsync(message.MessageId, now, CancellationToken.None);
            await this.RecordFailureAsync(incident, message, ex.Message, officers, now, CancellationToken.None);
            await this.OpenManualReferralAsync(incident, escalation, message, channel, CancellationToken.None);
            return DispatchOutcome.PermanentFailure;
        }
        catch (Exception)
        {
            // Nothing was handed over (storage or the mail server failed for now): give the claim back for the retry.
            await ledger.ReleaseAsync(message.MessageId, CancellationToken.None);
            throw;
        }

        // Not cancellable: once the notice has gone, a host shutting down must not lose the record that it did.
        await ledger.RecordDeliveredAsync(message.MessageId, now, CancellationToken.None);
        return DispatchOutcome.Delivered;
    }

    /// <summary>How long a claim may stay unfinished before its delivery is taken to have died mid-send.</summary>
    public static readonly TimeSpan ClaimStaleAfter = TimeSpan.FromMinutes(2);

    /// <summary>
    /// A delivery died while sending: the notice may have gone. Rather than risk a second notice, the officer gets a
    /// task to confirm with the recipient (and the deadline's re-send still follows if nobody acknowledges).
    /// </summary>
    async Task AskOfficerToConfirmAsync(Incident incident, EscalationRecord escalation, EscalationRequested message, TargetChannel channel, List<Person> officers, CancellationToken cancellationToken)
    {
        string target = TargetNames.Describe(escalation.Target);
        await this.OpenManualReferralAsync(incident, escalation, message, channel with
        {
            Instructions = $"The notice to {target} may not have been sent (the service stopped while sending it). Check with {target} that they have the referral, " +
                "and record their reference. " + (channel.Instructions ?? TargetChannel.DefaultInstructions(escalation.Target)),
        }, cancellationToken);
        await this.TellOfficersAsync(incident, "referral-confirm", message, officers, officer => this.ManualReferralAlert(incident, escalation, message, channel, officer));
    }

    /// <summary>
    /// Emails each officer once, through the incident's outbox (<c>{what}/{message}/{person}</c>). An email failure never
    /// holds up the referral, which is on the incident and in every officer's tasks either way: a refused or pending
    /// alert is left in the outbox, where the incident's workflow retries it with its own notices (at the latest when
    /// the escalation's deadline passes) and reports what cannot be delivered.
    /// </summary>
    async Task TellOfficersAsync(Incident incident, string what, EscalationRequested message, IEnumerable<Person> officers, Func<Person, OutgoingEmail> compose) =>
        await notices.SendAsync(incident.IncidentId, [.. officers.Select(o => new Notice($"{what}/{message.MessageId}/{o.PersonId}", compose(o)))], CancellationToken.None);

    /// <summary>
    /// The transport gave up on a message (it kept failing until its delivery limit): the escalation shows as failed
    /// and the officer is told to make the referral by phone.
    /// </summary>
    public async Task MarkUndeliverableAsync(EscalationRequested message, string reason, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        Incident? incident = await incidents.FindAsync(message.IncidentId, cancellationToken);
        if (incident?.Plan?.Escalations.Any(e => e.EscalationId == message.EscalationId && !e.IsSettled) != true)
        {
            return;
        }

        List<Person> officers = (await directory.ListPeopleAsync(incident.AgencyId, cancellationToken)).Where(p => p.ActsAs(Role.EsafetyOfficer)).ToList();
        await this.RecordFailureAsync(incident, message, reason, officers, timeProvider.GetUtcNow(), cancellationToken);
        EscalationRecord escalation = incident.Plan!.Escalations.First(e => e.EscalationId == message.EscalationId);
        await this.OpenManualReferralAsync(incident, escalation, message, await channels.GetAsync(escalation.Target, cancellationToken), cancellationToken);
    }

    async Task OpenManualReferralAsync(Incident incident, EscalationRecord escalation, EscalationRequested message, TargetChannel channel, CancellationToken cancellationToken)
    {
        WorkTask task = new(
            TaskId: ManualReferralTaskId(escalation.EscalationId),
            AgencyId: incident.AgencyId,
            Kind: WorkTaskKind.ManualReferral,
            SubjectId: incident.IncidentId,
            Title: $"Refer {incident.Reference} to {TargetNames.Describe(message.Target)}",
            Instructions: channel.Instructions ?? TargetChannel.DefaultInstructions(message.Target),
            AssigneeRole: Role.EsafetyOfficer,
            AssigneePersonId: null,
            OpenedAt: timeProvider.GetUtcNow(),
            DueAt: escalation.DueAt,
            Link: "/incidents/" + incident.IncidentId + "#escalations");
        WorkTask opened = await tasks.OpenAsync(task, cancellationToken);
        if (message.Attempt > 1)
        {
            // A re-send of a manual referral is a louder reminder: the task's due date moves to the new deadline.
            await tasks.UpdateAsync(incident.AgencyId, opened.TaskId, t => t with { DueAt = escalation.DueAt }, cancellationToken);
        }
    }

    async Task RecordFailureAsync(Incident incident, EscalationRequested message, string reason, List<Person> officers, DateTimeOffset now, CancellationToken cancellationToken)
    {
        string safeReason = reason.Length > 300 ? reason[..300] : reason;
        await incidents.UpdateAsync(incident.IncidentId, current => current.WithEscalation(message.EscalationId, e => e with
        {
            State = e.IsSettled ? e.State : EscalationState.Failed,
            Attempts = Math.Max(e.Attempts, message.Attempt),
            FailureReason = safeReason,
        }) with
        {
            Actions = [.. current.Actions, new IncidentAction($"Notice to {TargetNames.Describe(message.Target)} could not be delivered: {safeReason}", IncidentAction.SystemActor, now)],
        }, cancellationToken);
        await this.TellOfficersAsync(incident, "referral-failed", message, officers, officer => new OutgoingEmail(officer.Email, $"URGENT: referral for {incident.Reference} not delivered", string.Create(CultureInfo.InvariantCulture, $"""
            Dear {officer.DisplayName},

            The notice for incident {incident.Reference} to {TargetNames.Describe(message.Target)} could not be delivered.
            Make the referral by phone now, and record their reference on the incident:
            {links.To("/incidents/" + incident.IncidentId + "#escalations")}

            Tell the board administrator, so the address can be corrected.
            """)));
    }

    /// <summary>The officer must make this referral by phone or online form: what to do and by when, and where to record it.</summary>
    OutgoingEmail ManualReferralAlert(Incident incident, EscalationRecord escalation, EscalationRequested message, TargetChannel channel, Person officer)
    {
        string target = TargetNames.Describe(message.Target);
        string text = string.Create(CultureInfo.InvariantCulture, $"""
            Dear {officer.DisplayName},

            Incident {incident.Reference} must be referred to {target}{(message.Attempt > 1 ? " (it has not been recorded as made yet)" : string.Empty)}, by {UkTime.InEmail(escalation.DueAt)}.

            {channel.Instructions ?? TargetChannel.DefaultInstructions(message.Target)}

            Then record their reference on the incident:
            {links.To("/incidents/" + incident.IncidentId + "#escalations")}
            """);
        return new OutgoingEmail(officer.Email, $"Action needed: refer {incident.Reference} to {target}", text);
    }

    OutgoingEmail Notice(Incident incident, EscalationRecord escalation, EscalationRequested message, string address, Agency? agency, List<Person> officers, DateTimeOffset now)
    {
        string token = signedLinks.Sign(LinkPurpose, escalation.EscalationId, now + LinkLifetime);
        string contact = officers.Count == 0 ? "the agency's senior manager" : string.Join("; ", officers.Select(o => o.DisplayName + " <" + o.Email + ">"));
        string urgency = message.Urgency == EscalationUrgency.Immediate ? "Immediate: please acknowledge within the hour" : "Please acknowledge within one working day";
        string text = string.Create(CultureInfo.InvariantCulture, $"""
            {TargetNames.Greeting(message.Target)},

            {agency?.Name ?? incident.AgencyId} refers an e-safety incident to you{(message.Attempt > 1 ? " (REMINDER: this notice has not been acknowledged)" : string.Empty)}.

            Agency reference: {incident.Reference}
            Category: {Category(incident)}
            Urgency: {urgency} (by {UkTime.InEmail(escalation.DueAt)})
            Agency's e-safety officer: {contact}

            Read the referral summary and acknowledge it with your own reference number (this link is for you only and expires on {UkTime.DayInEmail((now + LinkLifetime))}):
            {links.To("/referrals/" + token)}

            This email deliberately contains no names. Contact the e-safety officer for the details.
            """);
        return new OutgoingEmail(address, $"E-safety referral {incident.Reference}: {urgency.Split(':')[0]}", text);
    }

    /// <summary>What kind of concern, in the words a recipient triages by; never who.</summary>
    public static string Category(Incident incident)
    {
        ArgumentNullException.ThrowIfNull(incident);
        Concerns concerns = incident.Report.Concerns ?? Concerns.None;
        List<string> parts = [];
        if (concerns.IllegalSuspected == true)
        {
            parts.Add(concerns.IllegalKinds.Count == 0 ? "illegal material suspected"
                : "illegal material suspected (" + string.Join(", ", concerns.IllegalKinds.Select(k => WireNames.Of(k).Replace('-', ' '))) + ")");
        }

        if (concerns.StaffInvolved == true)
        {
            parts.Add(concerns.LadoThreshold.Count > 0 ? "allegation against a member of staff or volunteer (LADO threshold met)" : "member of staff or volunteer involved");
        }

        if (concerns.ChildAtRiskOfSignificantHarm == true)
        {
            parts.Add("child at risk of significant harm");
        }

        return parts.Count == 0 ? "e-safety concern" : string.Join("; ", parts);
    }

    public static string ManualReferralTaskId(string escalationId) => escalationId + "-referral";
}

/// <summary>Targets as people call them.</summary>
public static class TargetNames
{
    /// <summary>How the record names a recipient who acted through a notice's link ("recipient:lado"): "the LADO".</summary>
    public static string? DescribeRecipient(string holder) =>
        holder.StartsWith("recipient:", StringComparison.Ordinal) && WireNames.TryParse(holder["recipient:".Length..], out EscalationTarget target)
            ? Describe(target)
            : null;

    public static string Describe(EscalationTarget target) => target switch
    {
        EscalationTarget.Police => "the police",
        EscalationTarget.Ceop => "CEOP",
        EscalationTarget.Iwf => "the Internet Watch Foundation",
        EscalationTarget.Lado => "the LADO",
        _ => "the First Response Team",
    };

    /// <summary>How a notice to the target opens ("Dear LADO").</summary>
    public static string Greeting(EscalationTarget target) => target switch
    {
        EscalationTarget.Police => "Dear police colleague",
        EscalationTarget.Ceop => "Dear CEOP colleague",
        EscalationTarget.Iwf => "Dear Internet Watch Foundation colleague",
        EscalationTarget.Lado => "Dear LADO",
        _ => "Dear First Response Team",
    };
}

/// <summary>Another delivery of the same attempt is sending it right now; the transport retries this one shortly.</summary>
public sealed class DeliveryInProgressException : Exception
{
    public DeliveryInProgressException()
    {
    }

    public DeliveryInProgressException(string message)
        : base(message)
    {
    }

    public DeliveryInProgressException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
