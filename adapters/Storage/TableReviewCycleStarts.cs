using System.Globalization;
using Azure;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Reviews;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// <c>ReviewCycleStarts</c>: partition = the cycle's due date (yyyy-MM-dd), row = "{agency}|{item}", as in the due
/// index, so the scan reads <c>PartitionKey le today+30</c> here too: at most one row per due item, since the scan
/// deletes the rows of cycles that have left the due index.
/// </summary>
/// <param name="tablePrefix">Prefixes the table name (tests that must see only their own rows).</param>
public sealed class TableReviewCycleStarts(StorageTables tables, string tablePrefix = "") : IReviewCycleStarts
{
    public string TableName => tablePrefix + TableNames.ReviewCycleStarts;

    public async Task<IReadOnlyList<ReviewCycleStart>> ListThroughAsync(DateOnly through, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(this.TableName);
        List<ReviewCycleStart> found = [];
        string filter = TableClient.CreateQueryFilter($"PartitionKey le {Key(through)}");
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            found.Add(new ReviewCycleStart(
                entity.GetString("AgencyId"), entity.GetString("ItemId"), DateOnly.ParseExact(entity.PartitionKey, "yyyy-MM-dd", CultureInfo.InvariantCulture),
                entity.GetDateTimeOffset("CheckedAt") ?? default));
        }

        return found;
    }

    public async Task RecordAsync(ReviewCycleStart start, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        TableClient table = await tables.GetAsync(this.TableName);
        await table.UpsertEntityAsync(new TableEntity(Key(start.Due), Row(start.AgencyId, start.ItemId))
        {
            ["AgencyId"] = start.AgencyId,
            ["ItemId"] = start.ItemId,
            ["CheckedAt"] = start.CheckedAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task ForgetAsync(string agencyId, string itemId, DateOnly due, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(this.TableName);
        try
        {
            await table.DeleteEntityAsync(Key(due), Row(agencyId, itemId), ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Nothing recorded.
        }
    }

    static string Key(DateOnly due) => due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static string Row(string agencyId, string itemId) => TableKeys.Escape(agencyId) + "|" + TableKeys.Escape(itemId);
}
