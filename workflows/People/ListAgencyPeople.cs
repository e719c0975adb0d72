using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.People;

/// <summary>
/// Who works in an agency and in which roles, by name: for that agency's e-safety leads and for the board admin
/// (the board's own people under <see cref="Agency.BoardId"/>). Reading the list is audited: it is staff's personal data.
/// </summary>
public sealed class ListAgencyPeople(IPeopleDirectory directory, AuditRecorder audit) : IUseCase
{
    /// <param name="view">Where it was read ("page", "api"), for the audit trail.</param>
    public async Task<Outcome<AgencyPeople>> ExecuteAsync(Actor actor, string agencyId, string view, CancellationToken cancellationToken)
    {
        if (PlatformPermissions.ToListPeople(actor, agencyId) is { } denied)
        {
            return denied;
        }

        Agency? agency = agencyId == Agency.BoardId ? null : await directory.GetAgencyAsync(agencyId, cancellationToken);
        if (agency is null && agencyId != Agency.BoardId)
        {
            return Outcome.NotFound("There is no agency with that id.");
        }

        IReadOnlyList<Person> people = await directory.ListPeopleAsync(agencyId, cancellationToken);
        await audit.RecordAsync(actor, agencyId, AuditActions.List, "people:" + agencyId, "view=" + view);
        return new AgencyPeople(agencyId, agency, people.OrderBy(p => !p.Active).ThenBy(p => p.DisplayName, StringComparer.CurrentCulture).ToList());
    }
}

/// <param name="Agency">Null for the board's own people.</param>
/// <param name="People">Active people first, each group by name.</param>
public sealed record AgencyPeople(string AgencyId, Agency? Agency, IReadOnlyList<Person> People)
{
    public string Name => this.Agency?.Name ?? "The safeguarding board";
}
