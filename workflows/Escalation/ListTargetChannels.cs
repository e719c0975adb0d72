using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Escalation;

/// <summary>The board admin sees how each target is reached: a secure mailbox, or by hand with the officer's instructions.</summary>
public sealed class ListTargetChannels(ITargetChannels channels, AuditRecorder audit) : IUseCase
{
    /// <param name="view">Where they are listed ("page"), for the audit entry; null for the API.</param>
    public async Task<Outcome<IReadOnlyList<TargetChannel>>> ExecuteAsync(Actor actor, string? view, CancellationToken cancellationToken)
    {
        if (EscalationPermissions.ToKeepChannels(actor) is { } denied)
        {
            return denied;
        }

        await audit.RecordAsync(actor, Agency.BoardId, AuditActions.List, "escalation-channels", view);
        return (await channels.ListAsync(cancellationToken)).ToList();
    }
}
