using System.Net.Mail;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.Workflows.Escalation;

/// <param name="Channel">"email" or "manual".</param>
/// <param name="Address">The target's secure mailbox, for email.</param>
/// <param name="Instructions">What the e-safety officer is to do, for manual; the target's default when empty.</param>
public sealed record TargetChannelDraft(string? Channel, string? Address, string? Instructions);

/// <summary>
/// The board admin decides how a target is reached: email needs the target's secure mailbox (the notice goes with a
/// signed acknowledgement link); by hand gives the e-safety officer a task with the instructions to follow.
/// </summary>
public sealed class SaveTargetChannel(ITargetChannels channels, AuditRecorder audit, TimeProvider timeProvider) : IUseCase
{
    public const int AddressMaxLength = 254;
    public const int InstructionsMaxLength = 2000;

    /// <param name="target">The target's wire name ("police", "first-response").</param>
    public async Task<Outcome<TargetChannel>> ExecuteAsync(Actor actor, string target, TargetChannelDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        if (EscalationPermissions.ToKeepChannels(actor) is { } denied)
        {
            return denied;
        }

        if (ParseTarget(target) is not { } parsed)
        {
            return Outcome.NotFound("There is no such referral target: targets are police, ceop, iwf, lado and first-response.");
        }

        FieldErrors errors = new();
        TargetChannel? channel = Validate(parsed, draft, errors, actor.PersonId, timeProvider.GetUtcNow());
        if (channel is null)
        {
            return Outcome.Invalid(errors);
        }

        await channels.SaveAsync(channel, cancellationToken);
        await audit.RecordAsync(actor, Agency.BoardId, AuditActions.Change, "escalation-channel:" + WireNames.Of(parsed), WireNames.Of(channel.Kind));
        return channel;
    }

    public static EscalationTarget? ParseTarget(string? value) =>
        Enum.GetValues<EscalationTarget>().Cast<EscalationTarget?>().FirstOrDefault(t => WireNames.Of(t!.Value) == value);

    /// <summary>The channel to save, or null with the field errors (<c>channel</c>, <c>address</c>, <c>instructions</c>).</summary>
    public static TargetChannel? Validate(EscalationTarget target, TargetChannelDraft draft, FieldErrors errors, string by, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(errors);
        ChannelKind kind = ChannelKind.Manual;
        string? mailbox = draft.Address?.Trim() is { Length: > 0 } address ? address : null;
        if (draft.Channel == "email")
        {
            kind = ChannelKind.Email;
            if (mailbox is null || mailbox.Length > AddressMaxLength || !MailAddress.TryCreate(mailbox, out MailAddress? parsed) || parsed.Address != mailbox)
            {
                errors.Add("address", "Enter the target's secure email address, like lado@county.gov.uk");
            }
        }
        else if (draft.Channel != "manual")
        {
            errors.Add("channel", "Choose email or by hand");
        }

        string? instructions = TextRules.Optional(draft.Instructions, "instructions", InstructionsMaxLength, "The instructions", errors);

        return errors.Any
            ? null
            : new TargetChannel(target, kind, kind == ChannelKind.Email ? mailbox : null, instructions ?? TargetChannel.DefaultInstructions(target), by, now);
    }
}
