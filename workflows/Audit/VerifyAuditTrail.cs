using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Audit;

/// <summary>Re-checks an agency's audit hash chain, for its e-safety leads and the board admin.</summary>
public sealed class VerifyAuditTrail(IAuditTrail trail) : IUseCase
{
    public const Roles Verifiers = Roles.EsafetyLeads | Roles.BoardAdmin;

    public async Task<Outcome<AuditVerification>> ExecuteAsync(Actor actor, string agencyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!actor.CanActFor(agencyId) || !actor.HasAny(Verifiers))
        {
            return Outcome.Forbidden("That belongs to another agency.");
        }

        return await trail.VerifyAsync(agencyId, cancellationToken);
    }
}
