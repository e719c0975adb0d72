using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Registers;

/// <summary>Who signed which version of an AUP, newest first, for those who keep the AUPs. Audited.</summary>
public sealed class ListAupSignatures(IRegisterStore registers, AuditRecorder audit) : IUseCase
{
    public async Task<Outcome<IReadOnlyList<AupSignature>>> ExecuteAsync(Actor actor, string agencyId, string itemId, CancellationToken cancellationToken)
    {
        if (RegisterPermissions.ToUse(actor, agencyId) is { } denied)
        {
            return denied;
        }

        RegisterItem? aup = await registers.FindAsync(agencyId, itemId, cancellationToken);
        if (aup?.Aup is null)
        {
            return RegisterPermissions.AupNotFound();
        }

        if (RegisterPermissions.ToKeepAups(actor, agencyId) is { } refused)
        {
            return refused;
        }

        IReadOnlyList<AupSignature> signatures = await registers.ListSignaturesAsync(agencyId, aup.ItemId, cancellationToken);
        await audit.RecordAsync(actor, agencyId, AuditActions.List, aup.ItemId, "signatures");
        return signatures.ToList();
    }
}
