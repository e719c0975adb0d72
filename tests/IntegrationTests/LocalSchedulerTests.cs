using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.Local.Scheduling;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Scheduling;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EsafetyServerless.IntegrationTests;

/// <summary>The local runtime runs the Functions app's timer schedules; a fake clock drives it, no sleeping for minutes.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LocalSchedulerTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_heartbeat_runs_at_its_scheduled_time_and_not_before()
    {
        FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 28, 10, 3, 0, TimeSpan.Zero));
        StorageTables tables = new(new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString));
        TableSchedulerHeartbeatStore store = new(tables);
        // A fresh table per test run would need a new account; instead clear the single heartbeat row first.
        await ClearAsync(azurite);

        ServiceCollection services = new();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ISchedulerHeartbeatStore>(store);
        services.AddEsafetyWorkflows();
        await using ServiceProvider provider = services.BuildServiceProvider();
        using LocalScheduler scheduler = new(provider.GetRequiredService<IServiceScopeFactory>(), new TableScheduledRunLog(tables), clock, NullLogger<LocalScheduler>.Instance);
        await scheduler.StartAsync(CancellationToken.None);

        await AdvanceAsync(clock, TimeSpan.FromMinutes(6)); // 10:09
        SchedulerBeat? early = await store.GetLastAsync(CancellationToken.None);
        await AdvanceAsync(clock, TimeSpan.FromMinutes(2)); // 10:11
        SchedulerBeat? beat = await WaitForBeatAsync(store);
        await scheduler.StopAsync(CancellationToken.None);

        Assert.Null(early);
        Assert.NotNull(beat);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 10, 10, 0, TimeSpan.Zero), beat.ScheduledFor);
    }

    [Fact]
    public async Task A_daily_job_missed_while_the_runtime_was_stopped_runs_once_when_it_starts()
    {
        FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 28, 10, 3, 0, TimeSpan.Zero));
        StorageTables tables = new(new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString));
        await ClearAsync(azurite);
        TableScheduledRunLog runs = new(tables);
        // The retention review last ran three mornings ago (the runtime was stopped since); the heartbeat is up to date.
        await runs.RecordAsync(new ScheduledRun(nameof(RetentionReviewJob), new DateTimeOffset(2026, 11, 25, 2, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 25, 2, 30, 1, TimeSpan.Zero)), CancellationToken.None);
        await runs.RecordAsync(new ScheduledRun(nameof(SchedulerHeartbeat), new DateTimeOffset(2026, 11, 28, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 28, 10, 0, 1, TimeSpan.Zero)), CancellationToken.None);
        TableRetentionSchedule retention = new(tables);
        string incidentId = IncidentIds.NewId(clock.GetUtcNow());
        await retention.ScheduleAsync(new RetentionEntry(incidentId, "sched-agency", "SA-2019-0001", RetentionRecordType.ChildProtection, new DateTimeOffset(2026, 11, 26, 0, 0, 0, TimeSpan.Zero), "test"), CancellationToken.None);
        TableTaskStore tasks = new(tables);

        ServiceCollection services = new();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ISchedulerHeartbeatStore>(new TableSchedulerHeartbeatStore(tables));
        services.AddSingleton<IScheduledRunLog>(runs);
        services.AddSingleton<IRetentionSchedule>(retention);
        services.AddSingleton<ITaskStore>(tasks);
        services.AddEsafetyWorkflows();
        services.AddSingleton<LocalScheduler>();
        await using ServiceProvider provider = services.BuildServiceProvider();
        LocalScheduler scheduler = provider.GetRequiredService<LocalScheduler>();
        await scheduler.StartAsync(CancellationToken.None);

        // The clock does not move: only a catch-up at start can open the task.
        // The job opens the task and then records its run: wait for both, or the read can fall between them.
        WorkTask? opened = null;
        ScheduledRun? recorded = null;
        for (int attempt = 0; attempt < 100 && (opened is null || recorded?.ScheduledFor.Day != 28); attempt++)
        {
            await Task.Delay(100);
            opened = await tasks.FindAsync("sched-agency", incidentId + "-retention", CancellationToken.None);
            recorded = await runs.GetLastAsync(nameof(RetentionReviewJob), CancellationToken.None);
        }

        SchedulerBeat? beat = await new TableSchedulerHeartbeatStore(tables).GetLastAsync(CancellationToken.None);
        await scheduler.StopAsync(CancellationToken.None);

        Assert.NotNull(opened);
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 2, 30, 0, TimeSpan.Zero), recorded?.ScheduledFor);
        Assert.Null(beat); // the heartbeat owed nothing
    }

    static async Task AdvanceAsync(FakeTimeProvider clock, TimeSpan by)
    {
        for (TimeSpan step = TimeSpan.Zero; step < by; step += TimeSpan.FromMinutes(1))
        {
            // Give the scheduler's loop a moment to arm its next timer before time moves on.
            await Task.Delay(50);
            clock.Advance(TimeSpan.FromMinutes(1));
        }
    }

    static async Task<SchedulerBeat?> WaitForBeatAsync(TableSchedulerHeartbeatStore store)
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            if (await store.GetLastAsync(CancellationToken.None) is { } beat)
            {
                return beat;
            }

            await Task.Delay(100);
        }

        return null;
    }

    static async Task ClearAsync(AzuriteFixture azurite)
    {
        Azure.Data.Tables.TableClient table = new(azurite.ConnectionString, TableNames.Platform);
        await table.CreateIfNotExistsAsync();
        await table.DeleteEntityAsync("scheduler", "heartbeat");
        await foreach (Azure.Data.Tables.TableEntity run in table.QueryAsync<Azure.Data.Tables.TableEntity>("PartitionKey eq 'scheduler-runs'"))
        {
            await table.DeleteEntityAsync(run.PartitionKey, run.RowKey);
        }
    }
}
