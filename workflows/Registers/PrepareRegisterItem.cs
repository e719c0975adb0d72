using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Registers;

/// <summary>
/// Before an item is added: whether the actor may record this kind, and the agency's people an item can name (the
/// officer appointed, a risk assessment's owner). Reads no register, so it is not audited.
/// </summary>
public sealed class PrepareRegisterItem(IPeopleDirectory directory) : IUseCase
{
    public async Task<Outcome<IReadOnlyList<Person>>> ExecuteAsync(Actor actor, string agencyId, RegisterKind kind, CancellationToken cancellationToken)
    {
        if (RegisterPermissions.ToRecord(actor, agencyId, kind) is { } denied)
        {
            return denied;
        }

        return (await directory.ListPeopleAsync(agencyId, cancellationToken)).ToList();
    }
}
