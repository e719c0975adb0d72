using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Audit;

/// <summary>Writes who did what, from where, to the agency's hash-chained audit trail: every use case's audit entry goes through here.</summary>
public sealed class AuditRecorder(IAuditTrail trail)
{
    /// <summary>An action by a signed-in person.</summary>
    public Task<AuditEntry> RecordAsync(Actor actor, string agencyId, string action, string subject, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return trail.AppendAsync(
            new AuditEvent(agencyId, actor.PersonId, actor.Roles.ToAuditName(), action, subject, actor.From, detail),
            CancellationToken.None);
    }

    /// <summary>
    /// An action recorded exactly once however often it is retried (a submission a retry or the reconciliation
    /// finishes): <paramref name="operationId"/> names it. Null when it was recorded already.
    /// </summary>
    /// <param name="cancellationToken">Bounds the wait: an operation recorded once can be recorded later, by whoever finishes it.</param>
    public Task<AuditEntry?> RecordOnceAsync(string operationId, Actor actor, string agencyId, string action, string subject, string? detail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return trail.AppendOnceAsync(
            new AuditEvent(agencyId, actor.PersonId, actor.Roles.ToAuditName(), action, subject, actor.From, detail), operationId, cancellationToken);
    }

    /// <summary>
    /// An action by someone outside the directory who holds a signed link (a referral notice's or a disclosure
    /// package's recipient): the link stands for them, so the caller names them.
    /// </summary>
    public Task<AuditEntry> RecordForLinkHolderAsync(LinkHolder holder, string agencyId, string action, string subject, string? detail)
    {
        ArgumentNullException.ThrowIfNull(holder);
        return trail.AppendAsync(new AuditEvent(agencyId, holder.Name, holder.Role, action, subject, holder.From, detail), CancellationToken.None);
    }

    /// <summary>How the audit trail names the sender of an email the directory does not know, or whose domain did not vouch for them.</summary>
    public const string UnknownSender = "unknown-sender";

    /// <summary>An action on an email from an <see cref="UnknownSender"/>, from the channel it came through ("sendgrid", "smtp").</summary>
    public Task<AuditEntry> RecordForUnknownSenderAsync(string agencyId, string channel, string action, string subject, string detail) =>
        trail.AppendAsync(new AuditEvent(agencyId, UnknownSender, UnknownSender, action, subject, channel, detail), CancellationToken.None);
}

/// <summary>Someone acting through a signed link, with no account: named for the audit trail by what the link is for.</summary>
/// <param name="Name">How the audit trail names them ("recipient:lado").</param>
/// <param name="Role">What they act as ("ReferralRecipient").</param>
/// <param name="From">The address the request came from.</param>
public sealed record LinkHolder(string Name, string Role, string? From);
