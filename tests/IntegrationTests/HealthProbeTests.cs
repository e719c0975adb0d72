using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.Local.Azurite;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Health;

namespace EsafetyServerless.IntegrationTests;

[Collection(AzuriteCollection.Name)]
public sealed class HealthProbeTests(AzuriteFixture azurite)
{
    /// <summary>Storage that nobody listens on, with retries off so the probe answers quickly.</summary>
    static string DeadStorage()
    {
        int port = FreePorts.Next();
        return AzuriteProcess.ConnectionStringFor(port, port, port);
    }

    [Fact]
    public async Task Storage_is_up_on_Azurite_and_down_when_nothing_listens()
    {
        HealthProbeResult up = await new TableStorageProbe(azurite.NewTables()).CheckAsync(CancellationToken.None);
        TableClientOptions noRetries = new() { Retry = { MaxRetries = 0, NetworkTimeout = TimeSpan.FromSeconds(2) } };
        HealthProbeResult down = await new TableStorageProbe(new StorageTables(new TableServiceClient(DeadStorage(), noRetries))).CheckAsync(CancellationToken.None);

        Assert.True(up.Healthy);
        Assert.False(down.Healthy);
        Assert.Contains("table storage unreachable", down.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Queues_are_down_until_the_task_hub_queue_exists()
    {
        DurableTaskHubName hub = new("Probe" + Guid.NewGuid().ToString("N")[..8]);
        QueueServiceClient queues = azurite.Storage.CreateQueueServiceClient();
        TaskHubQueueProbe probe = new(queues, hub);

        HealthProbeResult before = await probe.CheckAsync(CancellationToken.None);
        await queues.CreateQueueAsync(hub.WorkItemQueueName);
        HealthProbeResult after = await probe.CheckAsync(CancellationToken.None);

        Assert.False(before.Healthy);
        Assert.Contains(hub.WorkItemQueueName, before.Detail, StringComparison.Ordinal);
        Assert.True(after.Healthy);
    }
}
