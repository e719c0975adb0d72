using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Response;
using EsafetyServerless.Workflows.Platform;

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

/// <summary>
/// Delivery claims: partition = the attempt's message id, one row. A claim is a conditional insert, so exactly one
/// delivery wins it; "delivered" and "abandoned" are changes under the row's ETag, so exactly one sees each.
/// </summary>
public sealed class TableDeliveryLedger(StorageTables tables) : IDeliveryLedger
{
    const string Row = "delivery";
    const string Claimed = "claimed";
    const string Delivered = "delivered";
    const string Abandoned = "abandoned";

    public async Task<DeliveryClaim> ClaimAsync(string messageId, DateTimeOffset now, TimeSpan staleAfter, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.EscalationDeliveries);
        string partition = TableKeys.Escape(messageId);
        try
        {
            await table.AddEntityAsync(new TableEntity(partition, Row) { ["State"] = Claimed, ["At"] = now }, cancellationToken);
            return DeliveryClaim.Claimed;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            TableEntity existing = (await table.GetEntityAsync<TableEntity>(partition, Row, cancellationToken: cancellationToken)).Value;
            string state = existing.GetString("State") ?? Claimed;
            if (state != Claimed)
            {
                return DeliveryClaim.Delivered;
            }

            if (existing.GetDateTimeOffset("At") is { } at && now - at < staleAfter)
            {
                return DeliveryClaim.InProgress;
            }

            try
            {
                existing["State"] = Abandoned;
                await table.UpdateEntityAsync(existing, existing.ETag, TableUpdateMode.Replace, cancellationToken);
                return DeliveryClaim.Abandoned;
            }
            catch (RequestFailedException race) when (race.Status == 412)
            {
                return DeliveryClaim.Delivered; // Someone else finished or took it over a moment ago.
            }
        }
    }

    public async Task RecordDeliveredAsync(string messageId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.EscalationDeliveries);
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Escape(messageId), Row) { ["State"] = Delivered, ["At"] = at }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task ReleaseAsync(string messageId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.EscalationDeliveries);
        await table.DeleteEntityAsync(TableKeys.Escape(messageId), Row, ETag.All, cancellationToken);
    }
}
