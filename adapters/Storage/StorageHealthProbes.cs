using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using EsafetyServerless.Workflows.Platform.Health;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>Storage is up when the directory table answers a one-row query.</summary>
public sealed class TableStorageProbe(StorageTables tables) : IHealthProbe
{
    public string Part => "storage";

    public async Task<HealthProbeResult> CheckAsync(CancellationToken cancellationToken)
    {
        try
        {
            TableClient table = await tables.GetAsync(TableNames.Directory);
            await foreach (Page<TableEntity> _ in table.QueryAsync<TableEntity>(maxPerPage: 1, cancellationToken: cancellationToken).AsPages())
            {
                break;
            }

            return HealthProbeResult.Up();
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException or OperationCanceledException or Azure.Identity.AuthenticationFailedException)
        {
            return HealthProbeResult.Down("table storage unreachable: " + ex.GetType().Name);
        }
    }
}

/// <summary>Queues are up when the durable task hub's work-item queue exists and answers.</summary>
public sealed class TaskHubQueueProbe(QueueServiceClient queues, DurableTaskHubName hub) : IHealthProbe
{
    public string Part => "queues";

    public async Task<HealthProbeResult> CheckAsync(CancellationToken cancellationToken)
    {
        string queueName = hub.WorkItemQueueName;
        try
        {
            bool exists = await queues.GetQueueClient(queueName).ExistsAsync(cancellationToken);
            return exists ? HealthProbeResult.Up() : HealthProbeResult.Down($"queue '{queueName}' does not exist yet");
        }
        catch (Exception ex) when (ex is RequestFailedException or HttpRequestException or AggregateException or OperationCanceledException or Azure.Identity.AuthenticationFailedException)
        {
            return HealthProbeResult.Down("queue storage unreachable: " + ex.GetType().Name);
        }
    }
}

/// <summary>The durable task hub's name, from the same setting in both hosts (see host.json).</summary>
public sealed record DurableTaskHubName(string Value)
{
    public const string SettingName = Configuration.AppSettingNames.DurableTaskHubName;
    public const string Default = "EsafetyHub";

    /// <summary>The Azure Storage provider names its work-item queue after the hub, in lower case.</summary>
    public string WorkItemQueueName => this.Value.ToLowerInvariant() + "-workitems";
}
