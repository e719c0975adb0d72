using Azure;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// The directory in one table. People are written three ways so that each lookup is a point read or a single
/// partition query: by id (<c>person</c>), by sign-in name (<c>signin</c>, hit on every request) and by agency
/// (<c>agency:{id}</c>). Agencies live in the <c>agency</c> partition.
/// </summary>
public sealed class TablePeopleDirectory(StorageTables tables) : IPeopleDirectory
{
    const string PersonPartition = "person";
    const string SignInPartition = "signin";
    const string AgencyPartition = "agency";

    static string AgencyPeoplePartition(string agencyId) => "agency:" + TableKeys.Escape(agencyId);

    static string SignInKey(string signInName) => TableKeys.Escape(signInName.Trim().ToUpperInvariant());

    public async Task<Person?> FindBySignInNameAsync(string signInName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signInName);
        return await this.ReadPersonAsync(SignInPartition, SignInKey(signInName), cancellationToken);
    }

    public Task<Person?> GetPersonAsync(string personId, CancellationToken cancellationToken) =>
        this.ReadPersonAsync(PersonPartition, TableKeys.Escape(personId), cancellationToken);

    public async Task<IReadOnlyList<Person>> ListPeopleAsync(string agencyId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Directory);
        List<Person> people = [];
        string partition = AgencyPeoplePartition(agencyId);
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(
            e => e.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            people.Add(ToPerson(entity));
        }

        return people;
    }

    public async Task<IReadOnlyList<Agency>> ListAgenciesAsync(CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Directory);
        List<Agency> agencies = [];
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(
            e => e.PartitionKey == AgencyPartition, cancellationToken: cancellationToken))
        {
            agencies.Add(ToAgency(entity));
        }

        return agencies;
    }

    public async Task<Agency?> GetAgencyAsync(string agencyId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Directory);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(
            AgencyPartition, TableKeys.Escape(agencyId), cancellationToken: cancellationToken);
        return found.HasValue ? ToAgency(found.Value!) : null;
    }

    public async Task SaveAgencyAsync(Agency agency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(agency);
        TableClient table = await tables.GetAsync(TableNames.Directory);
        TableEntity entity = new(AgencyPartition, TableKeys.Escape(agency.AgencyId))
        {
            [nameof(Agency.AgencyId)] = agency.AgencyId,
            [nameof(Agency.Name)] = agency.Name,
            [nameof(Agency.Kind)] = agency.Kind.ToString(),
            [nameof(Agency.IntakeAddress)] = agency.IntakeAddress,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task SavePersonAsync(Person person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        TableClient table = await tables.GetAsync(TableNames.Directory);
        Person? previous = await this.GetPersonAsync(person.PersonId, cancellationToken);
        if (previous is not null && previous.AgencyId != person.AgencyId)
        {
            await table.DeleteEntityAsync(AgencyPeoplePartition(previous.AgencyId), TableKeys.Escape(previous.PersonId), cancellationToken: cancellationToken);
        }

        if (previous is not null && SignInKey(previous.SignInName) != SignInKey(person.SignInName))
        {
            await table.DeleteEntityAsync(SignInPartition, SignInKey(previous.SignInName), cancellationToken: cancellationToken);
        }

        await table.UpsertEntityAsync(ToEntity(person, PersonPartition, TableKeys.Escape(person.PersonId)), TableUpdateMode.Replace, cancellationToken);
        await table.UpsertEntityAsync(ToEntity(person, SignInPartition, SignInKey(person.SignInName)), TableUpdateMode.Replace, cancellationToken);
        await table.UpsertEntityAsync(ToEntity(person, AgencyPeoplePartition(person.AgencyId), TableKeys.Escape(person.PersonId)), TableUpdateMode.Replace, cancellationToken);
    }

    async Task<Person?> ReadPersonAsync(string partition, string rowKey, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Directory);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(
            partition, rowKey, cancellationToken: cancellationToken);
        return found.HasValue ? ToPerson(found.Value!) : null;
    }

    static TableEntity ToEntity(Person person, string partition, string rowKey) => new(partition, rowKey)
    {
        [nameof(Person.PersonId)] = person.PersonId,
        [nameof(Person.SignInName)] = person.SignInName,
        [nameof(Person.DisplayName)] = person.DisplayName,
        [nameof(Person.AgencyId)] = person.AgencyId,
        [nameof(Person.Role)] = person.Role.ToString(),
        [nameof(Person.Email)] = person.Email,
    };

    static Person ToPerson(TableEntity entity) => new(
        entity.GetString(nameof(Person.PersonId)),
        entity.GetString(nameof(Person.SignInName)),
        entity.GetString(nameof(Person.DisplayName)),
        entity.GetString(nameof(Person.AgencyId)),
        Enum.Parse<Role>(entity.GetString(nameof(Person.Role))),
        entity.GetString(nameof(Person.Email)));

    static Agency ToAgency(TableEntity entity) => new(
        entity.GetString(nameof(Agency.AgencyId)),
        entity.GetString(nameof(Agency.Name)),
        Enum.Parse<AgencyKind>(entity.GetString(nameof(Agency.Kind))),
        entity.GetString(nameof(Agency.IntakeAddress)));
}
