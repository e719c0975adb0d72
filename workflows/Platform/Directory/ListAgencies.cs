namespace EsafetyServerless.Workflows.Platform.Directory;

/// <summary>The board's member agencies, by name, for the board admin.</summary>
public sealed class ListAgencies(IPeopleDirectory directory) : IUseCase
{
    public async Task<Outcome<IReadOnlyList<Agency>>> ExecuteAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (PlatformPermissions.ToListAgencies(actor) is { } denied)
        {
            return denied;
        }

        IReadOnlyList<Agency> agencies = await directory.ListAgenciesAsync(cancellationToken);
        return agencies.OrderBy(a => a.Name, StringComparer.Ordinal).ToList();
    }
}
