using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Registers;

/// <summary>
/// Records who signed the AUP's current version, when, and whether a carer signed for a child. The officer and senior
/// manager record anyone's signature; everyone else signs the staff AUP, for themselves (whatever the draft says).
/// </summary>
public sealed class SignAup(IRegisterStore registers, AuditRecorder audit, TimeProvider timeProvider) : IUseCase
{
    public async Task<Outcome<AupSignature>> ExecuteAsync(Actor actor, string agencyId, string itemId, SignatureDraft draft, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        if (RegisterPermissions.ToUse(actor, agencyId) is { } denied)
        {
            return denied;
        }

        RegisterItem? aup = await registers.FindAsync(agencyId, itemId, cancellationToken);
        if (aup?.Aup is null)
        {
            return RegisterPermissions.AupNotFound();
        }

        if (RegisterPermissions.ToSign(actor, aup) is { } refused)
        {
            return refused;
        }

        if (!RegisterPermissions.KeepsAups(actor, agencyId))
        {
            draft = draft with { Signer = actor.PersonId, SignedBy = SignedBy.Self, CarerName = null };
        }

        FieldErrors errors = new();
        AupSignature? signature = RegisterValidation.ToSignature(draft, aup, actor.PersonId, timeProvider.GetUtcNow(), errors);
        if (signature is null)
        {
            return Outcome.Invalid(errors);
        }

        await registers.AddSignatureAsync(signature, cancellationToken);
        await audit.RecordAsync(actor, agencyId, AuditActions.Create, aup.ItemId, "signature version=" + signature.Version + " by=" + WireNames.Of(signature.SignedBy));
        return signature;
    }
}
