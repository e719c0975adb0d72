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
/// P7: 2,000 orchestrations of five activities each through the local runtime's engine (the Durable Task
/// Framework's Azure Storage provider on Azurite, tuned as <see cref="LocalDurableEngine"/> tunes it), against the same
/// through the in-memory engine. Target: at least 30 orchestrations per second; the ratio is reported.
/// </summary>
public static class OrchestrationBenchmark
{
    static readonly int Count = int.TryParse(Environment.GetEnvironmentVariable("BENCH_ORCHESTRATIONS"), out int n) ? n : 2000;

    public static async Task RunAsync()
    {
        Report.Heading("P7 orchestrations");

        // One engine of each kind serves the three runs (each run starts new instances): the gRPC client keeps its
        // channel for the life of the process, so a second engine in the same process could not be reached.
        List<double> storage = await OnAzuriteAsync();
        List<double> memory = await InMemoryAsync();

        double onAzurite = Stats.Median(storage), inMemory = Stats.Median(memory);
        Report.Line($"{Count} five-activity orchestrations: Azure Storage provider on Azurite {onAzurite:0} /s, in-memory engine {inMemory:0} /s ({Report.Ratio(onAzurite, inMemory)})");
        Report.Line($"{Report.Target(onAzurite >= 30)} (>= 30 orchestrations/s on Azurite)");
    }

    static void Register(DurableTaskRegistry registry) => registry.AddOrchestrator<FiveSteps>().AddActivity<Step>();

    static async Task<List<double>> InMemoryAsync()
    {
        await using DurableTaskTestHost host = await DurableTaskTestHost.StartAsync(
            Register, new DurableTaskTestHostOptions { LoggerFactory = NullLoggerFactory.Instance });
        return [await RunAllAsync(host.Client), await RunAllAsync(host.Client), await RunAllAsync(host.Client)];
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
            return [await RunAllAsync(client), await RunAllAsync(client), await RunAllAsync(client)];
        }
        finally
        {
            await app.StopAsync();
        }
    }

    static async Task<double> RunAllAsync(DurableTaskClient client)
    {
        Stopwatch clock = Stopwatch.StartNew();
        string[] ids = await Task.WhenAll(Enumerable.Range(0, Count).Select(i => client.ScheduleNewOrchestrationInstanceAsync(nameof(FiveSteps), i)));
        using CancellationTokenSource limit = new(TimeSpan.FromMinutes(10));
        foreach (string id in ids)
        {
            await client.WaitForInstanceCompletionAsync(id, limit.Token);
        }

        return Count / clock.Elapsed.TotalSeconds;
    }

    sealed class FiveSteps : TaskOrchestrator<int, int>
    {
        public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
        {
            int value = input;
            for (int i = 0; i < 5; i++)
            {
                value = await context.CallActivityAsync<int>(nameof(Step), value);
            }

            return value;
        }
    }

    sealed class Step : TaskActivity<int, int>
    {
        public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input + 1);
    }
}
