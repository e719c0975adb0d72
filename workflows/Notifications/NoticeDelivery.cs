namespace EsafetyServerless.Workflows.Notifications;

/// <summary>
/// An email the system owes someone, under an id that the same notice always gets (what it is and to whom, within its
/// group — an incident), so a step that runs again finds it instead of sending it again.
/// </summary>
public sealed record Notice(string NoticeId, OutgoingEmail Email);

public enum NoticeState
{
    /// <summary>Recorded, not sent yet (or given back after the mail server failed): the next delivery sends it.</summary>
    Pending,

    /// <summary>Claimed by a sender; if the claim grows old its sender died, and the notice is sent again.</summary>
    Sending,

    Sent,

    /// <summary>The provider refused it for good (no such mailbox): someone must be told another way.</summary>
    Refused,

    /// <summary>Not delivered, and handed over to a person instead (a task, the senior manager told): no longer sent.</summary>
    Alerted,
}

/// <param name="Reason">Why it was refused, when it was.</param>
public sealed record NoticeRecord(string NoticeId, OutgoingEmail Email, NoticeState State, DateTimeOffset RecordedAt, DateTimeOffset? ClaimedAt, string? Reason);

/// <summary>
/// Port: the outbox of notices, per group (an incident's notices are one group). Each notice is recorded before it is
/// sent and marked when it was, so sending is idempotent however often a step is retried.
/// </summary>
public interface INoticeOutbox
{
    /// <summary>Records the notices not recorded yet (one already there keeps its state); returns the group's notices.</summary>
    Task<IReadOnlyList<NoticeRecord>> RecordAsync(string groupId, IReadOnlyList<Notice> notices, DateTimeOffset now, CancellationToken cancellationToken);

    Task<IReadOnlyList<NoticeRecord>> ListAsync(string groupId, CancellationToken cancellationToken);

    /// <summary>
    /// Takes a notice for sending: true when this caller may send it — it was pending, or its last claim is older than
    /// <paramref name="staleAfter"/> (that sender died mid-send). Of two callers, one wins.
    /// </summary>
    Task<bool> ClaimAsync(string groupId, string noticeId, DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken);

    /// <summary>Sets the notice's state (sent, refused, alerted, or pending again to give a claim back).</summary>
    Task MarkAsync(string groupId, string noticeId, NoticeState state, DateTimeOffset at, string? reason, CancellationToken cancellationToken);
}

/// <param name="Sent">Notices of the group delivered (now or before).</param>
/// <param name="Pending">Notices still to send: the mail server failed for now, or another sender holds them.</param>
/// <param name="Refused">Notices refused for good that nobody has been alerted about yet.</param>
public sealed record NoticeReport(int Sent, int Pending, int Refused)
{
    public static NoticeReport None { get; } = new(0, 0, 0);

    /// <summary>Whether anything is left for the workflow to follow up: a notice to retry or a refusal to report.</summary>
    public bool NeedsFollowUp => this.Pending > 0 || this.Refused > 0;
}

/// <summary>
/// Sends notices at most once each, recording the intent first (the outbox), then sending, then marking it sent. An
/// email failure never escapes: a refusal is recorded for someone to be alerted, a mail server that is down leaves the
/// notice pending for the workflow's next delivery. Storage failures do escape (the step is retried as a whole).
/// A sender that dies between handing the email over and marking it leaves a stale claim, and the notice goes again
/// later: for the system's own notices a rare duplicate is better than a lost one.
/// </summary>
public sealed class NoticeDelivery(INoticeOutbox outbox, IEmailSender email, TimeProvider timeProvider)
{
    /// <summary>How long a claim may stay unfinished before its sender is taken to have died (MailKit's own timeout is two minutes).</summary>
    public static readonly TimeSpan ClaimStaleAfter = TimeSpan.FromMinutes(3);

    /// <summary>Records <paramref name="notices"/> in the group and sends those not sent yet; reports the group's notices.</summary>
    public async Task<NoticeReport> SendAsync(string groupId, IReadOnlyList<Notice> notices, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notices);
        IReadOnlyList<NoticeRecord> recorded = notices.Count == 0
            ? await outbox.ListAsync(groupId, cancellationToken)
            : await outbox.RecordAsync(groupId, notices, timeProvider.GetUtcNow(), cancellationToken);
        return await this.DeliverAsync(groupId, recorded, cancellationToken);
    }

    /// <summary>Sends every notice of the group still pending (a workflow's retry after the mail server failed).</summary>
    public async Task<NoticeReport> DeliverPendingAsync(string groupId, CancellationToken cancellationToken) =>
        await this.DeliverAsync(groupId, await outbox.ListAsync(groupId, cancellationToken), cancellationToken);

    async Task<NoticeReport> DeliverAsync(string groupId, IReadOnlyList<NoticeRecord> records, CancellationToken cancellationToken)
    {
        int sent = 0, pending = 0, refused = 0;
        foreach (NoticeRecord record in records)
        {
            switch (await this.TryDeliverAsync(groupId, record, cancellationToken))
            {
                case NoticeState.Sent:
                    sent++;
                    break;
                case NoticeState.Refused:
                    refused++;
                    break;
                case NoticeState.Pending or NoticeState.Sending:
                    pending++;
                    break;
            }
        }

        return new NoticeReport(sent, pending, refused);
    }

    async Task<NoticeState> TryDeliverAsync(string groupId, NoticeRecord record, CancellationToken cancellationToken)
    {
        if (record.State is NoticeState.Sent or NoticeState.Refused or NoticeState.Alerted)
        {
            return record.State;
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        if (!await outbox.ClaimAsync(groupId, record.NoticeId, now, ClaimStaleAfter, cancellationToken))
        {
            return NoticeState.Sending; // Another sender has it, or it was sent a moment ago: the next delivery looks again.
        }

        try
        {
            await email.SendAsync(record.Email, cancellationToken);
        }
        catch (EmailRejectedException ex)
        {
            await outbox.MarkAsync(groupId, record.NoticeId, NoticeState.Refused, now, Shorten(ex.Message), CancellationToken.None);
            return NoticeState.Refused;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The mail server is down or failed for now: give the claim back, so the next delivery sends it.
            await outbox.MarkAsync(groupId, record.NoticeId, NoticeState.Pending, now, Shorten(ex.GetType().Name), CancellationToken.None);
            return NoticeState.Pending;
        }

        // Not cancellable: once the email has gone, a host shutting down must not lose the record that it did.
        await outbox.MarkAsync(groupId, record.NoticeId, NoticeState.Sent, timeProvider.GetUtcNow(), null, CancellationToken.None);
        return NoticeState.Sent;
    }

    static string Shorten(string reason) => reason.Length > 300 ? reason[..300] : reason;
}
