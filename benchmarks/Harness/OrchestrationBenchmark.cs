using System.Diagnostics;
using System.Net;
using EsafetyServerless.Local;
using EsafetyServerless.Local.Azurite;
using EsafetyServerless.Local.DurableEngine;
using EsafetyServerless.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EsafetyServerless.Benchmarks;

/// <summary>
/// P7: 500 orchestrations of five activities each (<c>BENCH_ORCHESTRATIONS</c> for another number; 2,000 did not
/// finish within ten minutes here, see the README's "Performance") through the local runtime's engine (the Durable Task
/// Framework's Azure Storage provider on Azurite, tuned as <see cref="LocalDurableEngine"/> tunes it), against the same
/// through the in-memory engine. Target: at least 30 orchestrations per second; the ratio is reported.
/// </summary>
public static class OrchestrationBenchmark
{
    static readonly int Count = int.TryParse(Environment.GetEnvironmentVariable("BENCH_ORCHESTRATIONS"), out int n) ? n : 500;

    /// <summary>
    /// The in-memory engine of the test host takes one work item at a time (under one orchestration a second here),
    /// so it runs a smaller set: its rate per second is what is compared.
    /// </summary>
    static readonly int InMemoryCount = Math.Min(Count, 40);

    public static async Task RunAsync()
    {
        Report.Heading("P7 orchestrations");

        // One engine of each kind serves the three runs (each run starts new instances): the gRPC client keeps its
        // channel for the life of the process, so a second engine in the same process could not be reached.
        List<double> storage = await OnAzuriteAsync();
        List<double> memory = await InMemoryAsync();

        double onAzurite = Stats.Median(storage), inMemory = Stats.Median(memory);
        Report.Line($"five-activity orchestrations: Azure Storage provider on Azurite {onAzurite:0.0} /s ({Count} a run), in-memory engine {inMemory:0.0} /s ({InMemoryCount} a run): {Report.Ratio(onAzurite, inMemory)}");
        Report.Line($"{Report.Target(onAzurite >= 30)} (>= 30 orchestrations/s on Azurite)");
    }

    static void Register(DurableTaskRegistry registry) => registry.AddOrchestrator<FiveSteps>().AddActivity<Step>();

    static async Task<List<double>> InMemoryAsync()
    {
        await using DurableTaskTestHost host = await DurableTaskTestHost.StartAsync(
            Register, new DurableTaskTestHostOptions { LoggerFactory = NullLoggerFactory.Instance });
        return [await RunAllAsync(host.Client, InMemoryCount), await RunAllAsync(host.Client, InMemoryCount), await RunAllAsync(host.Client, InMemoryCount)];
    }

    static async Task<List<double>> OnAzuriteAsync()
    {
        string data = Path.Combine(Path.GetTempPath(), "esafety-bench-engine-" + Guid.NewGuid().ToString("N"));
        await using AzuriteProcess azurite = await AzuriteProcess.StartAsync(
            RepositoryRoot.Find(), data, FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), NullLogger.Instance, CancellationToken.None);
        int grpcPort = FreePorts.Next();
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, grpcPort, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddLocalDurableEngine(azurite.ConnectionString, "BenchHub", grpcPort, tasks: Register);
        await using WebApplication app = builder.Build();
        app.MapGrpcService<TaskHubGrpcServer>();
        await LocalDurableEngine.CreateTaskHubIfMissingAsync(app.Services);
        await app.StartAsync();
        try
        {
            DurableTaskClient client = app.Services.GetRequiredService<DurableTaskClient>();
            return [await RunAllAsync(client, Count), await RunAllAsync(client, Count), await RunAllAsync(client, Count)];
        }
        finally
        {
            await app.StopAsync();
        }
    }

    static async Task<double> RunAllAsync(DurableTaskClient client, int count)
    {
        Finished.Clear();
        Stopwatch clock = Stopwatch.StartNew();
        string run = Guid.NewGuid().ToString("N")[..8];
        string[] ids = await Task.WhenAll(Enumerable.Range(0, count).Select(i =>
            client.ScheduleNewOrchestrationInstanceAsync(nameof(FiveSteps), i, new StartOrchestrationOptions($"{run}-{i}"))));

        // The last activity of each instance reports here, so the engine is not also polled 2,000 times while it works;
        // then each instance's completion is confirmed (by now a single look-up each).
        using CancellationTokenSource limit = new(TimeSpan.FromMinutes(10));
        while (Finished.Count < count)
        {
            await Task.Delay(50, limit.Token);
        }

        foreach (string id in ids)
        {
            await client.WaitForInstanceCompletionAsync(id, limit.Token);
        }

        double perSecond = count / clock.Elapsed.TotalSeconds;
        Report.Line($"  one run of {count}: {perSecond:0.0} orchestrations/s");
        return perSecond;
    }

    static readonly System.Collections.Concurrent.ConcurrentDictionary<int, bool> Finished = new();

    sealed record StepInput(int Instance, int Step);

    sealed class FiveSteps : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
        {
            for (int i = 0; i < 5; i++)
            {
                await context.CallActivityAsync<int>(nameof(Step), new StepInput(input, i));
            }

            return input;
        }
    }

    sealed class Step : TaskActivity<StepInput, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, StepInput input)
        {
            if (input.Step == 4)
            {
                Finished[input.Instance] = true;
            }

            return Task.FromResult(input.Step + 1);
        }
    }
}
