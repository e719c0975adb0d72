using System.Globalization;
using Azure;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Audit;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// The audit trail in one table: partition = agency, one row per entry keyed by its sequence number, and a
/// <c>head</c> row holding the last sequence and hash. An entry and the head move together in one transaction,
/// guarded by the head's ETag, so concurrent writers never fork the chain.
/// </summary>
public sealed class TableAuditTrail(StorageTables tables, TimeProvider timeProvider) : IAuditTrail
{
    const string HeadRow = "head";

    public async Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        TableClient table = await tables.GetAsync(TableNames.AuditTrail);
        string partition = TableKeys.Escape(auditEvent.AgencyId);
        while (true)
        {
            NullableResponse<TableEntity> head = await table.GetEntityIfExistsAsync<TableEntity>(partition, HeadRow, cancellationToken: cancellationToken);
            long sequence = (head.HasValue ? head.Value!.GetInt64("Sequence") ?? 0 : 0) + 1;
            string previousHash = head.HasValue ? head.Value!.GetString("Hash") : AuditChain.Genesis;
            DateTimeOffset at = timeProvider.GetUtcNow();
            string hash = AuditChain.ComputeHash(previousHash, sequence, at, auditEvent);
            AuditEntry entry = new(sequence, at, auditEvent, previousHash, hash);

            TableEntity newHead = new(partition, HeadRow) { ["Sequence"] = sequence, ["Hash"] = hash };
            List<TableTransactionAction> transaction = [new(TableTransactionActionType.Add, ToEntity(partition, entry))];
            transaction.Add(head.HasValue
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, newHead, head.Value!.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, newHead));
            try
            {
                await table.SubmitTransactionAsync(transaction, cancellationToken);
                return entry;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
            {
                // Someone appended at the same moment; build on their entry instead.
            }
        }
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string agencyId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.AuditTrail);
        string partition = TableKeys.Escape(agencyId);
        List<AuditEntry> entries = [];
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(
            x => x.PartitionKey == partition && x.RowKey != HeadRow, cancellationToken: cancellationToken))
        {
            entries.Add(FromEntity(e));
        }

        return entries;
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string agencyId, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        TableClient table = await tables.GetAsync(TableNames.AuditTrail);
        string partition = TableKeys.Escape(agencyId);
        List<AuditEntry> entries = [];
        foreach (long[] batch in sequences.Distinct().Order().Chunk(16))
        {
            NullableResponse<TableEntity>[] found = await Task.WhenAll(batch.Select(s =>
                table.GetEntityIfExistsAsync<TableEntity>(partition, RowKey(s), cancellationToken: cancellationToken)));
            entries.AddRange(found.Where(f => f.HasValue).Select(f => FromEntity(f.Value!)));
        }

        return entries;
    }

    public async Task<AuditVerification> VerifyAsync(string agencyId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.AuditTrail);
        NullableResponse<TableEntity> head = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(agencyId), HeadRow, cancellationToken: cancellationToken);
        IReadOnlyList<AuditEntry> entries = await this.ReadAsync(agencyId, cancellationToken);
        return AuditChain.Verify(
            entries,
            head.HasValue ? head.Value!.GetInt64("Sequence") ?? 0 : 0,
            head.HasValue ? head.Value!.GetString("Hash") : AuditChain.Genesis);
    }

    static string RowKey(long sequence) => sequence.ToString("D19", CultureInfo.InvariantCulture);

    static TableEntity ToEntity(string partition, AuditEntry entry) => new(partition, RowKey(entry.Sequence))
    {
        ["Sequence"] = entry.Sequence,
        ["At"] = entry.At,
        ["AgencyId"] = entry.Event.AgencyId,
        ["ActorPersonId"] = entry.Event.ActorPersonId,
        ["ActorRole"] = entry.Event.ActorRole,
        ["Action"] = entry.Event.Action,
        ["Subject"] = entry.Event.Subject,
        ["From"] = entry.Event.From,
        ["Detail"] = entry.Event.Detail,
        ["PreviousHash"] = entry.PreviousHash,
        ["Hash"] = entry.Hash,
    };

    static AuditEntry FromEntity(TableEntity e) => new(
        e.GetInt64("Sequence") ?? 0,
        e.GetDateTimeOffset("At") ?? default,
        new AuditEvent(
            e.GetString("AgencyId"), e.GetString("ActorPersonId"), e.GetString("ActorRole"), e.GetString("Action"),
            e.GetString("Subject"), e.GetString("From"), e.GetString("Detail")),
        e.GetString("PreviousHash"),
        e.GetString("Hash"));
}
