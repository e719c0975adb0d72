using System.Text.Json;
using Azure.Core;
using Azure.Data.Tables;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.IntegrationTests;

/// <summary>
/// The incident's tasks and "My tasks" read what concerns them, not every task the agency ever had (counted on the
/// wire as entities the table service returns); tasks stored before the index existed are still found.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TaskIndexTests
{
    static readonly DateTimeOffset Now = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);
    readonly string agencyId = "tix-" + Guid.NewGuid().ToString("N")[..8];
    readonly TableEntityCounter counter = new() { Table = TableNames.Tasks, CountPointReads = true };
    readonly StorageTables tables;
    readonly TableTaskStore tasks;
    readonly TableIncidentStore incidents;
    readonly TablePeopleDirectory directory;
    readonly AuditRecorder audit;

    public TaskIndexTests(AzuriteFixture azurite)
    {
        ArgumentNullException.ThrowIfNull(azurite);
        TableClientOptions options = new();
        options.AddPolicy(this.counter, HttpPipelinePosition.PerCall);
        this.tables = new StorageTables(new TableServiceClient(azurite.ConnectionString, options));
        this.tasks = new TableTaskStore(this.tables);
        this.incidents = new TableIncidentStore(this.tables);
        this.directory = new TablePeopleDirectory(this.tables);
        this.audit = new AuditRecorder(new TableAuditTrail(this.tables, TimeProvider.System));
    }

    Person Officer => this.PersonAs("officer", Role.EsafetyOfficer);

    Person Staff => this.PersonAs("staff", Role.Staff);

    Person Technician => this.PersonAs("tech", Role.Technician);

    Person PersonAs(string name, Role role) =>
        new(name + "." + this.agencyId, name + "@" + this.agencyId + ".example", name, this.agencyId, role, name + "@" + this.agencyId + ".example");

    [Fact]
    public async Task The_incident_and_my_tasks_read_only_their_own_tasks_among_hundreds()
    {
        Incident incident = await this.SeedAsync();
        await Parallel.ForEachAsync(Enumerable.Range(0, 500), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await this.tasks.OpenAsync(this.Task("old-" + i, "inc-other-" + i, i % 2 == 0 ? Role.EsafetyOfficer : Role.Technician, null, done: true), ct));
        await this.tasks.OpenAsync(this.Task("t-plan", incident.IncidentId, Role.EsafetyOfficer, null), CancellationToken.None);
        await this.tasks.OpenAsync(this.Task("t-device", incident.IncidentId, Role.Technician, null), CancellationToken.None);
        await this.tasks.OpenAsync(this.Task("t-staff", "reg-item-1", Role.Staff, this.Staff.PersonId), CancellationToken.None);

        this.counter.Reset();
        IncidentCase read = (await new ReadIncident(this.incidents, this.tasks, this.directory, this.audit)
            .ExecuteAsync(new Actor(this.Officer), incident.IncidentId, null, CancellationToken.None)).Value;
        int readForIncident = this.counter.EntitiesRead;
        this.counter.Reset();
        TaskList mine = (await new ListTasks(this.tasks, this.audit).ExecuteAsync(new Actor(this.Staff), TaskScope.Mine, "mine", CancellationToken.None)).Value;
        int readForStaff = this.counter.EntitiesRead;

        Assert.Equal(["t-device", "t-plan"], read.Tasks.Select(t => t.TaskId).Order());
        Assert.InRange(readForIncident, 2, 6);
        Assert.Equal(["t-staff"], mine.Tasks.Select(t => t.TaskId));
        Assert.InRange(readForStaff, 1, 4);
    }

    [Fact]
    public async Task A_delegated_task_is_in_the_delegates_and_the_delegators_tasks_and_no_longer_in_the_roles()
    {
        await this.SeedAsync();
        await this.tasks.OpenAsync(this.Task("t-review", "inc-x", Role.EsafetyOfficer, null), CancellationToken.None);
        Person otherOfficer = this.PersonAs("officer2", Role.EsafetyOfficer);
        await this.directory.SavePersonAsync(otherOfficer, CancellationToken.None);

        await this.tasks.UpdateAsync(this.agencyId, "t-review", t => t with
        {
            AssigneePersonId = this.Technician.PersonId,
            Delegation = new TaskDelegation(this.Officer.PersonId, this.Technician.PersonId, Now, "Knows the device"),
        }, CancellationToken.None);

        Assert.Equal(["t-review"], await this.MineAsync(this.Technician));
        Assert.Equal(["t-review"], await this.MineAsync(this.Officer));
        Assert.Empty(await this.MineAsync(otherOfficer));
        Assert.Equal(WorkTaskState.Open, (await this.tasks.FindAsync(this.agencyId, "t-review", CancellationToken.None))!.State);
    }

    [Fact]
    public async Task Tasks_stored_before_the_index_are_found_and_then_read_through_it()
    {
        Incident incident = await this.SeedAsync();
        TableClient table = await this.tables.GetAsync(TableNames.Tasks);
        // Rows as the store wrote them before it kept an index: the task alone.
        foreach (WorkTask task in Enumerable.Range(0, 300).Select(i => this.Task("legacy-" + i, "inc-other-" + i, Role.Technician, null, done: true))
            .Append(this.Task("legacy-plan", incident.IncidentId, Role.EsafetyOfficer, null))
            .Append(this.Task("legacy-staff", "inc-other", Role.Staff, this.Staff.PersonId)))
        {
            await table.AddEntityAsync(new TableEntity(this.agencyId, task.TaskId)
            {
                ["State"] = task.State.ToString(),
                ["Task"] = JsonSerializer.Serialize(task, TableJson.Options),
            });
        }

        ReadIncident readIncident = new(this.incidents, this.tasks, this.directory, this.audit);
        IncidentCase first = (await readIncident.ExecuteAsync(new Actor(this.Officer), incident.IncidentId, null, CancellationToken.None)).Value;
        IReadOnlyList<string> mine = await this.MineAsync(this.Staff);
        this.counter.Reset();
        IncidentCase again = (await readIncident.ExecuteAsync(new Actor(this.Officer), incident.IncidentId, null, CancellationToken.None)).Value;
        int readAgain = this.counter.EntitiesRead;

        Assert.Equal(["legacy-plan"], first.Tasks.Select(t => t.TaskId));
        Assert.Equal(["legacy-staff"], mine);
        Assert.Equal(["legacy-plan"], again.Tasks.Select(t => t.TaskId));
        Assert.InRange(readAgain, 1, 4);
        Assert.Equal(302, (await this.tasks.ListAsync(this.agencyId, CancellationToken.None)).Count);
    }

    async Task<IReadOnlyList<string>> MineAsync(Person person) =>
        (await new ListTasks(this.tasks, this.audit).ExecuteAsync(new Actor(person), TaskScope.Mine, "mine", CancellationToken.None)).Value.Tasks.Select(t => t.TaskId).ToList();

    async Task<Incident> SeedAsync()
    {
        foreach (Person person in new[] { this.Officer, this.Staff, this.Technician })
        {
            await this.directory.SavePersonAsync(person, CancellationToken.None);
        }

        Incident incident = new()
        {
            IncidentId = IncidentIds.NewId(Now),
            AgencyId = this.agencyId,
            Reference = string.Empty,
            Source = IncidentSource.Form,
            SubmittedAt = Now,
            ReportedBy = this.Staff.PersonId,
            Report = new IncidentReport(Now, "Confidential description", HowIdentified.Observed, null, [], Concerns.None),
        };
        return (await this.incidents.CreateAsync(incident, null, CancellationToken.None)).Incident;
    }

    WorkTask Task(string taskId, string subjectId, Role role, string? personId, bool done = false) => new(
        taskId, this.agencyId, WorkTaskKind.ManualReferral, subjectId, "Make the referral", "Phone them", role, personId, Now, Now.AddDays(2), "/incidents/" + subjectId,
        done ? WorkTaskState.Done : WorkTaskState.Open, null, done ? new TaskCompletion("someone", Now, "done") : null);
}
