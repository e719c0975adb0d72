using Azure;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// The directory in one table. People are written up to four ways so that each lookup is a point read or a single
/// partition query: by id (<c>person</c>), by sign-in name (<c>signin</c>) and by Entra ID identity (<c>oid</c>,
/// tenant and object id), both hit on every request, and by agency (<c>agency:{id}</c>). Agencies live in the
/// <c>agency</c> partition.
/// </summary>
public sealed class TablePeopleDirectory(StorageTables tables) : IPeopleDirectory
{
    const string PersonPartition = "person";
    const string SignInPartition = "signin";
    const string ObjectIdPartition = "oid";
    const string AgencyPartition = "agency";

    /// <summary>The column written before a person could hold several roles; read when <c>Roles</c> is absent.</summary>
    const string LegacyRoleColumn = "Role";

    static string AgencyPeoplePartition(string agencyId) => "agency:" + TableKeys.Escape(agencyId);

    static string SignInKey(string signInName) => TableKeys.Escape(signInName.Trim().ToUpperInvariant());

    static string? IdentityKey(string? tenantId, string? objectId) =>
        tenantId is { Length: > 0 } && objectId is { Length: > 0 }
            ? TableKeys.Escape(tenantId.Trim().ToUpperInvariant() + "|" + objectId.Trim().ToUpperInvariant())
            : null;

    static string? IdentityKey(Person person) => IdentityKey(person.TenantId, person.ObjectId);

    public async Task<Person?> FindBySignInNameAsync(string signInName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signInName);
        return await this.ReadPersonAsync(SignInPartition, SignInKey(signInName), cancellationToken);
    }

    public async Task<Person?> FindByIdentityAsync(string tenantId, string objectId, CancellationToken cancellationToken) =>
        IdentityKey(tenantId, objectId) is { } key ? await this.ReadPersonAsync(ObjectIdPartition, key, cancellationToken) : null;

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
            [nameof(Agency.ArchivedAt)] = agency.ArchivedAt,
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

        if (previous is not null && IdentityKey(previous) is { } previousIdentity && previousIdentity != IdentityKey(person))
        {
            await table.DeleteEntityAsync(ObjectIdPartition, previousIdentity, cancellationToken: cancellationToken);
        }

        await table.UpsertEntityAsync(ToEntity(person, PersonPartition, TableKeys.Escape(person.PersonId)), TableUpdateMode.Replace, cancellationToken);
        await table.UpsertEntityAsync(ToEntity(person, SignInPartition, SignInKey(person.SignInName)), TableUpdateMode.Replace, cancellationToken);
        if (IdentityKey(person) is { } identity)
        {
            await table.UpsertEntityAsync(ToEntity(person, ObjectIdPartition, identity), TableUpdateMode.Replace, cancellationToken);
        }

        await table.UpsertEntityAsync(ToEntity(person, AgencyPeoplePartition(person.AgencyId), TableKeys.Escape(person.PersonId)), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Several at a time: each person is four small writes, and a 5,000-row import should take seconds, not minutes.</summary>
    public Task SavePeopleAsync(IReadOnlyList<Person> people, CancellationToken cancellationToken) =>
        Parallel.ForEachAsync(people, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (person, token) => await this.SavePersonAsync(person, token));

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
        [nameof(Person.Roles)] = string.Join(',', person.Roles.Members()),
        [nameof(Person.Email)] = person.Email,
        [nameof(Person.ObjectId)] = person.ObjectId,
        [nameof(Person.TenantId)] = person.TenantId,
        [nameof(Person.Active)] = person.Active,
    };

    static Person ToPerson(TableEntity entity) => new(
        entity.GetString(nameof(Person.PersonId)),
        entity.GetString(nameof(Person.SignInName)),
        entity.GetString(nameof(Person.DisplayName)),
        entity.GetString(nameof(Person.AgencyId)),
        ReadRoles(entity),
        entity.GetString(nameof(Person.Email)))
    {
        ObjectId = entity.GetString(nameof(Person.ObjectId)),
        TenantId = entity.GetString(nameof(Person.TenantId)),
        Active = entity.GetBoolean(nameof(Person.Active)) ?? true,
    };

    static Roles ReadRoles(TableEntity entity)
    {
        string names = entity.GetString(nameof(Person.Roles)) ?? entity.GetString(LegacyRoleColumn);
        Roles roles = Roles.None;
        foreach (string name in names.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            roles |= Enum.Parse<Role>(name).AsSet();
        }

        return roles;
    }

    static Agency ToAgency(TableEntity entity) => new(
        entity.GetString(nameof(Agency.AgencyId)),
        entity.GetString(nameof(Agency.Name)),
        Enum.Parse<AgencyKind>(entity.GetString(nameof(Agency.Kind))),
        entity.GetString(nameof(Agency.IntakeAddress)))
    {
        ArchivedAt = entity.GetDateTimeOffset(nameof(Agency.ArchivedAt)),
    };
}
