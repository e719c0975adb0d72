using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Response;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>The board's channel per escalation target: one partition ("board"), row = the target's wire name.</summary>
public sealed class TableTargetChannels(StorageTables tables) : ITargetChannels
{
    const string Partition = "board";

    public async Task<TargetChannel> GetAsync(EscalationTarget target, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.EscalationChannels);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, WireNames.Of(target), cancellationToken: cancellationToken);
        return found.HasValue ? JsonSerializer.Deserialize<TargetChannel>(found.Value!.GetString("Channel"), TableJson.Options)! : TargetChannel.Unconfigured(target);
    }

    public async Task<IReadOnlyList<TargetChannel>> ListAsync(CancellationToken cancellationToken)
    {
        List<TargetChannel> channels = [];
        foreach (EscalationTarget target in Enum.GetValues<EscalationTarget>())
        {
            channels.Add(await this.GetAsync(target, cancellationToken));
        }

        return channels;
    }

    public async Task SaveAsync(TargetChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(channel);
        TableClient table = await tables.GetAsync(TableNames.EscalationChannels);
        await table.UpsertEntityAsync(
            new TableEntity(Partition, WireNames.Of(channel.Target)) { ["Channel"] = JsonSerializer.Serialize(channel, TableJson.Options) },
            TableUpdateMode.Replace, cancellationToken);
    }
}

/// <summary>Delivered attempts: partition = the escalation's message id, so a lookup is a point read.</summary>
public sealed class TableDeliveryLedger(StorageTables tables) : IDeliveryLedger
{
    const string Row = "delivered";

    public async Task<bool> WasDeliveredAsync(string messageId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.EscalationDeliveries);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(messageId), Row, cancellationToken: cancellationToken);
        return found.HasValue;
    }

    public async Task RecordDeliveredAsync(string messageId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.EscalationDeliveries);
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Escape(messageId), Row) { ["DeliveredAt"] = at }, TableUpdateMode.Replace, cancellationToken);
    }
}
