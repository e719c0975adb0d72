using System.Text.Json;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Evidence;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>The evidence register: partition = incident id, one row per item.</summary>
public sealed class TableEvidenceRegister(StorageTables tables) : IEvidenceRegister
{
    static readonly JsonSerializerOptions Json = TableJson.Options;

    public async Task AddAsync(EvidenceItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        TableClient table = await tables.GetAsync(TableNames.Evidence);
        await table.AddEntityAsync(new TableEntity(item.IncidentId, item.EvidenceId) { ["Item"] = JsonSerializer.Serialize(item, Json) }, cancellationToken);
    }

    public async Task UpdateAsync(EvidenceItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        TableClient table = await tables.GetAsync(TableNames.Evidence);
        await table.UpsertEntityAsync(new TableEntity(item.IncidentId, item.EvidenceId) { ["Item"] = JsonSerializer.Serialize(item, Json) }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<EvidenceItem>> ListAsync(string incidentId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Evidence);
        List<EvidenceItem> items = [];
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(x => x.PartitionKey == incidentId, cancellationToken: cancellationToken))
        {
            items.Add(JsonSerializer.Deserialize<EvidenceItem>(e.GetString("Item"), Json)!);
        }

        return items;
    }

    public async Task<EvidenceItem?> FindAsync(string incidentId, string evidenceId, CancellationToken cancellationToken)
    {
        if (evidenceId.Length is 0 or > 64 || !evidenceId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return null;
        }

        TableClient table = await tables.GetAsync(TableNames.Evidence);
        Azure.NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(incidentId, evidenceId, cancellationToken: cancellationToken);
        return found.HasValue ? JsonSerializer.Deserialize<EvidenceItem>(found.Value!.GetString("Item"), Json) : null;
    }

    public async Task RemoveAsync(string incidentId, string evidenceId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Evidence);
        try
        {
            await table.DeleteEntityAsync(incidentId, evidenceId, Azure.ETag.All, cancellationToken);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            // Removed already (a purge that ran again).
        }
    }

    public async Task DeleteAllAsync(string incidentId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Evidence);
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(x => x.PartitionKey == incidentId, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await table.DeleteEntityAsync(e.PartitionKey, e.RowKey, Azure.ETag.All, cancellationToken);
        }
    }
}
