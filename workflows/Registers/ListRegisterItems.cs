using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Registers;

/// <summary>Every register item of the agency, for those who keep or read the registers. Audited.</summary>
public sealed class ListRegisterItems(IRegisterStore registers, IPeopleDirectory directory, AuditRecorder audit) : IUseCase
{
    /// <param name="view">Where it is read ("page"), for the audit entry; null for the API.</param>
    public async Task<Outcome<AgencyRegisters>> ExecuteAsync(Actor actor, string agencyId, string? view, CancellationToken cancellationToken)
    {
        if (RegisterPermissions.ToList(actor, agencyId) is { } denied)
        {
            return denied;
        }

        IReadOnlyList<RegisterItem> items = await registers.ListAsync(agencyId, cancellationToken);
        IReadOnlyList<Person> people = await directory.ListPeopleAsync(agencyId, cancellationToken);
        await audit.RecordAsync(actor, agencyId, AuditActions.List, "registers", view);
        return new AgencyRegisters(agencyId, items, people);
    }
}

/// <param name="People">The agency's people, to name who items refer to (an officer, a trainee, an assessment's owner).</param>
public sealed record AgencyRegisters(string AgencyId, IReadOnlyList<RegisterItem> Items, IReadOnlyList<Person> People);
