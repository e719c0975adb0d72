namespace EsafetyServerless.Workflows.Platform.Directory;

/// <summary>Who works in an agency and in which role, by name: for that agency's e-safety leads and for the board admin.</summary>
public sealed class ListAgencyPeople(IPeopleDirectory directory) : IUseCase
{
    public async Task<Outcome<IReadOnlyList<Person>>> ExecuteAsync(Actor actor, string agencyId, CancellationToken cancellationToken)
    {
        if (PlatformPermissions.ToListPeople(actor, agencyId) is { } denied)
        {
            return denied;
        }

        if (await directory.GetAgencyAsync(agencyId, cancellationToken) is null)
        {
            return Outcome.NotFound("There is no agency with that id.");
        }

        IReadOnlyList<Person> people = await directory.ListPeopleAsync(agencyId, cancellationToken);
        return people.OrderBy(p => p.DisplayName, StringComparer.Ordinal).ToList();
    }
}
