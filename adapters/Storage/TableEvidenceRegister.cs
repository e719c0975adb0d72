using System.Text.Json;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Evidence;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>The evidence register: partition = incident id, one row per item.</summary>
public sealed class TableEvidenceRegister(StorageTables tables) : IEvidenceRegister
{
    // Relaxed escaping: stored text is never HTML, and escaping every non-ASCII character six-fold would fill the
    // 64 KiB property limit long before the text's own length does.
    static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public async Task AddAsync(EvidenceItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        TableClient table = await tables.GetAsync(TableNames.Evidence);
        await table.AddEntityAsync(new TableEntity(item.IncidentId, item.EvidenceId) { ["Item"] = JsonSerializer.Serialize(item, Json) }, cancellationToken);
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
}
