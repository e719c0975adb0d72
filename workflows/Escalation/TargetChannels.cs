using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.Workflows.Escalation;

/// <param name="Address">The secure mailbox, for <see cref="ChannelKind.Email"/>.</param>
/// <param name="Instructions">What the officer must do, for <see cref="ChannelKind.Manual"/> ("Call 999 if a child is in immediate danger, otherwise 101…").</param>
public sealed record TargetChannel(EscalationTarget Target, ChannelKind Kind, string? Address, string? Instructions, string? UpdatedBy = null, DateTimeOffset? UpdatedAt = null)
{
    /// <summary>Until the board configures a target, the officer makes the referral by hand: nothing goes unsent.</summary>
    public static TargetChannel Unconfigured(EscalationTarget target) => new(target, ChannelKind.Manual, null, DefaultInstructions(target));

    public static string DefaultInstructions(EscalationTarget target) => target switch
    {
        EscalationTarget.Police => "Call 999 if a child is in immediate danger; otherwise call 101. Give the incident reference and record the police reference here.",
        EscalationTarget.Ceop => "Report to CEOP through its online form (www.ceop.police.uk/safety-centre). Record the CEOP reference here.",
        EscalationTarget.Iwf => "Report the web address to the Internet Watch Foundation through its online form (report.iwf.org.uk). Never visit or copy the content. Record the IWF reference here.",
        EscalationTarget.Lado => "Phone the Local Authority Designated Officer within one working day. Record the LADO reference here.",
        _ => "Phone the First Response Team. Record their reference here.",
    };
}

/// <summary>Port: the board's channel for each escalation target.</summary>
public interface ITargetChannels
{
    /// <summary>The configured channel, or <see cref="TargetChannel.Unconfigured"/>.</summary>
    Task<TargetChannel> GetAsync(EscalationTarget target, CancellationToken cancellationToken);

    Task<IReadOnlyList<TargetChannel>> ListAsync(CancellationToken cancellationToken);

    Task SaveAsync(TargetChannel channel, CancellationToken cancellationToken);
}

/// <summary>
/// Port: one claim per delivery attempt, taken before anything is sent, so a redelivered message never sends a second
/// notice — not even when two consumers hold the same message, or a process died in the middle of sending.
/// </summary>
public interface IDeliveryLedger
{
    /// <summary>Claims the attempt for this delivery; says who has it otherwise.</summary>
    /// <param name="staleAfter">How old an unfinished claim must be to count as abandoned (its process died).</param>
    Task<DeliveryClaim> ClaimAsync(string messageId, DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken);

    /// <summary>The attempt went out (or was handed to a person): every later delivery of the message is a duplicate.</summary>
    Task RecordDeliveredAsync(string messageId, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>Gives the claim back when nothing was sent (the mail server was unreachable), so a retry may send.</summary>
    Task ReleaseAsync(string messageId, CancellationToken cancellationToken);
}

public enum DeliveryClaim
{
    /// <summary>This delivery has the attempt: send.</summary>
    Claimed,

    /// <summary>The attempt went out already.</summary>
    Delivered,

    /// <summary>Another delivery is sending it right now: try again shortly.</summary>
    InProgress,

    /// <summary>
    /// A delivery claimed it and never finished (its process died): the notice may or may not have gone. It is not
    /// sent again; the e-safety officer is asked to check with the recipient. Only the first to see this gets it.
    /// </summary>
    Abandoned,
}
