namespace EsafetyServerless.Workflows.Platform.Directory;

/// <summary>Port: the product's own directory of agencies and people, managed by the board admin.</summary>
public interface IPeopleDirectory
{
    Task<Person?> FindBySignInNameAsync(string signInName, CancellationToken cancellationToken);

    /// <summary>The person with this Entra ID object id in this tenant: the identity that survives a change of sign-in name.</summary>
    Task<Person?> FindByIdentityAsync(string tenantId, string objectId, CancellationToken cancellationToken);

    Task<Person?> GetPersonAsync(string personId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Person>> ListPeopleAsync(string agencyId, CancellationToken cancellationToken);

    Task<IReadOnlyList<Agency>> ListAgenciesAsync(CancellationToken cancellationToken);

    Task<Agency?> GetAgencyAsync(string agencyId, CancellationToken cancellationToken);

    Task SaveAgencyAsync(Agency agency, CancellationToken cancellationToken);

    Task SavePersonAsync(Person person, CancellationToken cancellationToken);

    /// <summary>Saves many people at once (a staff import); each as <see cref="SavePersonAsync"/> would.</summary>
    Task SavePeopleAsync(IReadOnlyList<Person> people, CancellationToken cancellationToken);
}
