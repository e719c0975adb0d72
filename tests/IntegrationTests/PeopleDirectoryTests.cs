using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Health;

namespace EsafetyServerless.IntegrationTests;

[Collection(AzuriteCollection.Name)]
public sealed class PeopleDirectoryTests(AzuriteFixture azurite)
{
    readonly TablePeopleDirectory directory = new(azurite.NewTables());

    static Person NewPerson(string agencyId, Role role)
    {
        string id = "p-" + Guid.NewGuid().ToString("N")[..10];
        return new Person(id, id + "@School.example", "Person " + id, agencyId, role, id + "@school.example");
    }

    [Fact]
    public async Task A_person_is_found_by_sign_in_name_whatever_its_case()
    {
        Person person = NewPerson("agency-" + Guid.NewGuid().ToString("N")[..6], Role.Staff);
        await this.directory.SavePersonAsync(person, CancellationToken.None);

        Person? found = await this.directory.FindBySignInNameAsync("  " + person.SignInName.ToUpperInvariant() + " ", CancellationToken.None);

        Assert.Equal(person, found);
        Assert.Null(await this.directory.FindBySignInNameAsync("nobody@school.example", CancellationToken.None));
    }

    [Fact]
    public async Task An_agency_lists_its_own_people_only()
    {
        string a = "agency-" + Guid.NewGuid().ToString("N")[..6];
        string b = "agency-" + Guid.NewGuid().ToString("N")[..6];
        Person officer = NewPerson(a, Role.EsafetyOfficer);
        Person other = NewPerson(b, Role.Staff);
        await this.directory.SavePersonAsync(officer, CancellationToken.None);
        await this.directory.SavePersonAsync(other, CancellationToken.None);

        Assert.Equal([officer], await this.directory.ListPeopleAsync(a, CancellationToken.None));
    }

    [Fact]
    public async Task Moving_a_person_to_another_agency_or_sign_in_name_leaves_no_stale_entry()
    {
        string from = "agency-" + Guid.NewGuid().ToString("N")[..6];
        string to = "agency-" + Guid.NewGuid().ToString("N")[..6];
        Person before = NewPerson(from, Role.Technician);
        await this.directory.SavePersonAsync(before, CancellationToken.None);
        Person after = before with { AgencyId = to, SignInName = "renamed-" + before.SignInName };

        await this.directory.SavePersonAsync(after, CancellationToken.None);

        Assert.Empty(await this.directory.ListPeopleAsync(from, CancellationToken.None));
        Assert.Equal([after], await this.directory.ListPeopleAsync(to, CancellationToken.None));
        Assert.Null(await this.directory.FindBySignInNameAsync(before.SignInName, CancellationToken.None));
        Assert.Equal(after, await this.directory.GetPersonAsync(before.PersonId, CancellationToken.None));
    }

    [Fact]
    public async Task Agencies_are_saved_and_read_back()
    {
        Agency agency = new("agency-" + Guid.NewGuid().ToString("N")[..6], "St Mary's C of E / Primary", AgencyKind.School, "esafety@st-marys.example");

        await this.directory.SaveAgencyAsync(agency, CancellationToken.None);

        Assert.Equal(agency, await this.directory.GetAgencyAsync(agency.AgencyId, CancellationToken.None));
        Assert.Contains(agency, await this.directory.ListAgenciesAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_person_with_several_roles_an_identity_and_a_leaving_date_reads_back_as_saved()
    {
        Person person = NewPerson("agency-" + Guid.NewGuid().ToString("N")[..6], Role.SeniorManager) with
        {
            Roles = Roles.SeniorManager | Roles.EsafetyOfficer,
            ObjectId = Guid.NewGuid().ToString("D"),
            TenantId = Guid.NewGuid().ToString("D"),
            Active = false,
        };
        await this.directory.SavePersonAsync(person, CancellationToken.None);

        Assert.Equal(person, await this.directory.FindByIdentityAsync(person.TenantId!.ToUpperInvariant(), person.ObjectId!, CancellationToken.None));
        Assert.Equal(person, Assert.Single(await this.directory.ListPeopleAsync(person.AgencyId, CancellationToken.None)));
        Assert.False(person.ActsAs(Role.EsafetyOfficer)); // a leaver acts in no role: no notice, no task
    }

    [Fact]
    public async Task The_first_board_admin_is_added_at_their_first_sign_in_only_while_the_board_has_nobody()
    {
        // This Azurite is shared by the collection's tests, run one after another, and some add board admins of their own:
        // empty the board's list of people, as in a fresh deployment (those tests add theirs again when they run).
        Azure.Data.Tables.TableClient table = await azurite.NewTables().GetAsync(TableNames.Directory);
        await foreach (Azure.Data.Tables.TableEntity row in table.QueryAsync<Azure.Data.Tables.TableEntity>(e => e.PartitionKey == "agency:" + Agency.BoardId))
        {
            await table.DeleteEntityAsync(row.PartitionKey, row.RowKey);
        }

        // The health check says a deployment nobody can administer is down, until a first board admin is configured.
        HealthProbeResult nobody = await new BoardAdministrationProbe(this.directory, new DirectoryBootstrap(null)).CheckAsync(CancellationToken.None);
        HealthProbeResult waiting = await new BoardAdministrationProbe(this.directory, new DirectoryBootstrap("First.Admin@Board.example")).CheckAsync(CancellationToken.None);
        Assert.False(nobody.Healthy);
        Assert.Contains("nobody can add agencies or people", nobody.Detail, StringComparison.Ordinal);
        Assert.True(waiting.Healthy);
        Assert.StartsWith("no board admin yet", waiting.Detail, StringComparison.Ordinal);

        IdentifySignedInPerson identify = new(this.directory, new DirectoryBootstrap("First.Admin@Board.example"));
        SignInClaims first = new("first.admin@board.example", Guid.NewGuid().ToString("D"), Guid.NewGuid().ToString("D"));

        Outcome<Person> added = await identify.ExecuteAsync(first, CancellationToken.None);
        Assert.True(added.Succeeded);
        Assert.Equal((Agency.BoardId, Roles.BoardAdmin, first.ObjectId), (added.Value.AgencyId, added.Value.Roles, added.Value.ObjectId));

        // The board has somebody now: the setting lets nobody else in, whoever signs in with it.
        IdentifySignedInPerson later = new(this.directory, new DirectoryBootstrap("second.admin@board.example"));
        Outcome<Person> refused = await later.ExecuteAsync(new("second.admin@board.example", null, null), CancellationToken.None);
        Assert.Equal(IdentifySignedInPerson.NotInDirectory, refused.Failure?.Title);
        HealthProbeResult administered = await new BoardAdministrationProbe(this.directory, new DirectoryBootstrap(null)).CheckAsync(CancellationToken.None);
        Assert.Equal((true, "1 active board admin"), (administered.Healthy, administered.Detail));
    }
}
