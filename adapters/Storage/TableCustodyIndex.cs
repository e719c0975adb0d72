using System.Globalization;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Evidence;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>The custody index: partition = incident id, row = the audit entry's sequence (19 digits, so rows sort in order).</summary>
public sealed class TableCustodyIndex(StorageTables tables) : ICustodyIndex
{
    public async Task AddAsync(string incidentId, long sequence, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.CustodyIndex);
        await table.UpsertEntityAsync(new TableEntity(TableKeys.Escape(incidentId), sequence.ToString("D19", CultureInfo.InvariantCulture)), TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<long>> ListAsync(string incidentId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.CustodyIndex);
        List<long> sequences = [];
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(incidentId)}"), select: ["RowKey"], cancellationToken: cancellationToken))
        {
            sequences.Add(long.Parse(e.RowKey, NumberStyles.None, CultureInfo.InvariantCulture));
        }

        return sequences;
    }
}
