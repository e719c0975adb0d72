using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Evidence;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// The retention schedule. Partition <c>due</c>: one row per incident keyed "yyyyMMdd_incidentId" by its review date,
/// so the daily job reads one key range — exactly the rows that are due — however many incidents the board holds.
/// Partition <c>incident</c>: row = incident id, pointing at its current <c>due</c> row (to move or remove it).
/// </summary>
public sealed class TableRetentionSchedule(StorageTables tables) : IRetentionSchedule
{
    const string DuePartition = "due";
    const string IncidentPartition = "incident";
    static readonly JsonSerializerOptions Json = TableJson.Options;

    static string DueRow(RetentionEntry entry) =>
        entry.ReviewDueAt.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "_" + TableKeys.Escape(entry.IncidentId);

    public async Task ScheduleAsync(RetentionEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        TableClient table = await tables.GetAsync(TableNames.Retention);
        string row = DueRow(entry);
        NullableResponse<TableEntity> pointer = await table.GetEntityIfExistsAsync<TableEntity>(IncidentPartition, TableKeys.Escape(entry.IncidentId), cancellationToken: cancellationToken);
        if (pointer.HasValue && pointer.Value!.GetString("DueRow") is { } previous && previous != row)
        {
            await table.DeleteEntityAsync(DuePartition, previous, ETag.All, cancellationToken);
        }

        await table.UpsertEntityAsync(new TableEntity(DuePartition, row) { ["Entry"] = JsonSerializer.Serialize(entry, Json) }, TableUpdateMode.Replace, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(IncidentPartition, TableKeys.Escape(entry.IncidentId)) { ["DueRow"] = row }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<RetentionEntry?> FindAsync(string incidentId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Retention);
        NullableResponse<TableEntity> pointer = await table.GetEntityIfExistsAsync<TableEntity>(IncidentPartition, TableKeys.Escape(incidentId), cancellationToken: cancellationToken);
        if (!pointer.HasValue || pointer.Value!.GetString("DueRow") is not { } row)
        {
            return null;
        }

        NullableResponse<TableEntity> due = await table.GetEntityIfExistsAsync<TableEntity>(DuePartition, row, cancellationToken: cancellationToken);
        return due.HasValue ? JsonSerializer.Deserialize<RetentionEntry>(due.Value!.GetString("Entry"), Json) : null;
    }

    public async Task<IReadOnlyList<RetentionEntry>> ListDueAsync(DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Retention);
        string upTo = asOf.UtcDateTime.AddDays(1).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        List<RetentionEntry> due = [];
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {DuePartition} and RowKey lt {upTo}"), cancellationToken: cancellationToken))
        {
            RetentionEntry entry = JsonSerializer.Deserialize<RetentionEntry>(e.GetString("Entry"), Json)!;
            if (entry.ReviewDueAt <= asOf)
            {
                due.Add(entry);
            }
        }

        return due;
    }

    public async Task MarkFlaggedAsync(RetentionEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        TableClient table = await tables.GetAsync(TableNames.Retention);
        await table.UpsertEntityAsync(new TableEntity(DuePartition, DueRow(entry)) { ["Entry"] = JsonSerializer.Serialize(entry with { Flagged = true }, Json) }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task RemoveAsync(string incidentId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Retention);
        NullableResponse<TableEntity> pointer = await table.GetEntityIfExistsAsync<TableEntity>(IncidentPartition, TableKeys.Escape(incidentId), cancellationToken: cancellationToken);
        if (pointer.HasValue && pointer.Value!.GetString("DueRow") is { } row)
        {
            await table.DeleteEntityAsync(DuePartition, row, ETag.All, cancellationToken);
        }

        await table.DeleteEntityAsync(IncidentPartition, TableKeys.Escape(incidentId), ETag.All, cancellationToken);
    }
}
