using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DurableTask.AzureStorage;
using DurableTask.Core;
using EsafetyServerless.Workflows;
using EsafetyServerless.Workflows.Platform.Health;
using Grpc.Net.Client;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;

namespace EsafetyServerless.Local.DurableEngine;

/// <summary>
/// The durable engine, for real: the Durable Task Framework's Azure Storage provider (the one Durable Functions
/// uses by default) on the configured storage, served over the Durable Task gRPC sidecar protocol by
/// <see cref="TaskHubGrpcServer"/>; the <c>Microsoft.DurableTask</c> worker and client connect to it over loopback.
/// </summary>
public static class LocalDurableEngine
{
    /// <summary>
    /// A fixed worker id. After a crash the restarted process finds the partition lease already in its own name and
    /// resumes at once, instead of waiting for a stranger's lease to expire (30 s by default).
    /// </summary>
    public const string WorkerId = "esafety-local-runtime";

    /// <param name="poisonMessageMaxDequeueCount">Deliveries after which a task hub message is set aside (<see cref="PoisonMessageGuard"/>).</param>
    /// <param name="tasks">What the worker runs: the product's <see cref="WorkflowCatalog"/> unless given (the benchmarks run their own).</param>
    public static IServiceCollection AddLocalDurableEngine(
        this IServiceCollection services, string storageConnectionString, string taskHubName, int grpcPort,
        int poisonMessageMaxDequeueCount = PoisonMessageGuard.DefaultMaxDequeueCount, Action<DurableTaskRegistry>? tasks = null)
    {
        services.AddSingleton(sp => new PoisonMessageGuard(
            taskHubName, poisonMessageMaxDequeueCount, new QueueServiceClient(storageConnectionString), new BlobServiceClient(storageConnectionString),
            sp.GetRequiredService<ILogger<PoisonMessageGuard>>()));
        services.AddSingleton<IHealthProbe>(_ => new SetAsideMessagesProbe(new BlobServiceClient(storageConnectionString), taskHubName));
        services.AddSingleton(sp => new AzureStorageOrchestrationService(
            CreateSettings(storageConnectionString, taskHubName, sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<PoisonMessageGuard>())));
        services.AddSingleton<IOrchestrationService>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        services.AddGrpc();
        services.AddSingleton<TaskHubGrpcServer>();

        GrpcChannel channel = GrpcChannel.ForAddress(new Uri($"http://127.0.0.1:{grpcPort}"));
        services.AddSingleton(channel);
        services.AddDurableTaskWorker(worker =>
        {
            worker.UseGrpc(channel);
            worker.AddTasks(tasks ?? WorkflowCatalog.Register);
        });
        services.AddHostedService<StopWorkerBeforeServer>();
        services.AddDurableTaskClient(client =>
        {
            client.UseGrpc(channel);
            client.RegisterDirectly();
        });
        return services;
    }

    /// <summary>Tuned for one machine; the README explains each choice.</summary>
    /// <param name="poisonGuard">Watches the engine's queue reads and sets aside a message that keeps failing; null for none.</param>
    public static AzureStorageOrchestrationServiceSettings CreateSettings(
        string storageConnectionString, string taskHubName, ILoggerFactory loggerFactory, PoisonMessageGuard? poisonGuard = null) => new()
    {
        StorageAccountClientProvider = new StorageAccountClientProvider(
            StorageServiceClientProvider.ForBlob(storageConnectionString),
            StorageServiceClientProvider.ForQueue(storageConnectionString, WithGuard(new QueueClientOptions(), poisonGuard)),
            StorageServiceClientProvider.ForTable(storageConnectionString)),
        TaskHubName = taskHubName,
        WorkerId = WorkerId,
        LoggerFactory = loggerFactory,

        // One process: one control queue is enough, and fewer queues means fewer idle polls.
        PartitionCount = 1,

        // Idle queues back off to a poll every 5 s: low idle CPU, and new work starts within ~5 s.
        MaxQueuePollingInterval = TimeSpan.FromSeconds(5),

        // No app lease: it is a blob lease that a killed process would hold for its full duration.
        UseAppLease = false,

        // Messages a killed process had dequeued reappear after this, not after the 5-minute default.
        ControlQueueVisibilityTimeout = TimeSpan.FromSeconds(15),
        WorkItemQueueVisibilityTimeout = TimeSpan.FromSeconds(30),
    };

    static QueueClientOptions WithGuard(QueueClientOptions options, PoisonMessageGuard? guard)
    {
        if (guard is not null)
        {
            options.AddPolicy(guard, Azure.Core.HttpPipelinePosition.PerRetry);
        }

        return options;
    }

    /// <summary>Creates the task hub's queues and tables if this is the first run on this storage.</summary>
    public static Task CreateTaskHubIfMissingAsync(IServiceProvider services) =>
        services.GetRequiredService<AzureStorageOrchestrationService>().CreateIfNotExistsAsync();
}
