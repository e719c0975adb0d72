namespace EsafetyServerless.Workflows.Platform.Directory;

/// <summary>Port: the product's own directory of agencies and people, managed by the board admin.</summary>
public interface IPeopleDirectory
{
    Task<Person?> FindBySignInNameAsync(string signInName, CancellationToken cancellationToken);

    Task<Person?> GetPersonAsync(string personId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Person>> ListPeopleAsync(string agencyId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Agency>> ListAgenciesAsync(CancellationToken cancellationToken);

    Task<Agency?> GetAgencyAsync(string agencyId, CancellationToken cancellationToken);

    Task SaveAgencyAsync(Agency agency, CancellationToken cancellationToken);

    Task SavePersonAsync(Person person, CancellationToken cancellationToken);
}
