using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.Local.Scheduling;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows;
using EsafetyServerless.Workflows.Platform.Scheduling;
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
        TableSchedulerHeartbeatStore store = new(new StorageTables(
            new Azure.Data.Tables.TableServiceClient(azurite.ConnectionString)));
        // A fresh table per test run would need a new account; instead clear the single heartbeat row first.
        await ClearAsync(azurite);

        ServiceCollection services = new();
        services.AddSingleton<TimeProvider>(clock);
        services.AddSingleton<ISchedulerHeartbeatStore>(store);
        services.AddEsafetyWorkflows();
        await using ServiceProvider provider = services.BuildServiceProvider();
        using LocalScheduler scheduler = new(provider.GetRequiredService<IServiceScopeFactory>(), clock, NullLogger<LocalScheduler>.Instance);
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
    }
}
