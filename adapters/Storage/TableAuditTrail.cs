using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Audit;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// The audit trail in one table: partition = agency, one row per entry keyed by its sequence number, a <c>head</c> row
/// holding the last sequence and hash, and an <c>op|…</c> row for each operation recorded exactly once. Entries and
/// the head move together in one transaction guarded by the head's ETag, so writers never fork the chain; concurrent
/// appends in this process are committed together (<see cref="PartitionGroupCommit{TRequest, TResult}"/>), so an agency
/// under load costs a few transactions rather than a race per entry.
/// </summary>
public sealed class TableAuditTrail : IAuditTrail
{
    const string HeadRow = "head";
    const string OperationPrefix = "op|";

    /// <summary>Entries per transaction: each may bring an operation row, and the head takes one of the 100 operations.</summary>
    const int MaxEntriesPerBatch = 48;

    /// <summary>Entry rows sort before every other row: nineteen digits, then 'h'ead and 'o'p rows.</summary>
    const string AfterEntries = ":";

    readonly StorageTables tables;
    readonly TimeProvider timeProvider;
    readonly PartitionGroupCommit<Append, AuditEntry?> commits;

    /// <summary>
    /// Each partition's head as this process last wrote it, so a batch need not read it first; a head another process
    /// has moved since fails the transaction on its ETag and is read again.
    /// </summary>
    readonly ConcurrentDictionary<string, ChainHead> heads = new(StringComparer.Ordinal);

    sealed record ChainHead(long Sequence, string Hash, ETag ETag);

    public TableAuditTrail(StorageTables tables, TimeProvider timeProvider)
    {
        this.tables = tables;
        this.timeProvider = timeProvider;
        this.commits = new(this.CommitAsync, (batch, _) => batch.Count < MaxEntriesPerBatch);
    }

    sealed record Append(AuditEvent Event, string? OperationId);

    public async Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return (await this.commits.SubmitAsync(TableKeys.Escape(auditEvent.AgencyId), new Append(auditEvent, null), cancellationToken))!;
    }

    public async Task<AuditEntry?> AppendOnceAsync(AuditEvent auditEvent, string operationId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        ArgumentException.ThrowIfNullOrEmpty(operationId);
        // No look-up first: the transaction adds the operation's row, so a repeat fails it and is answered with null.
        return await this.commits.SubmitAsync(TableKeys.Escape(auditEvent.AgencyId), new Append(auditEvent, operationId), cancellationToken);
    }

    public async Task<long?> FindOperationAsync(string agencyId, string operationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(operationId);
        TableClient table = await this.tables.GetAsync(TableNames.AuditTrail);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(agencyId), OperationRow(operationId), ["Sequence"], cancellationToken);
        return found.HasValue ? found.Value!.GetInt64("Sequence") : null;
    }

    /// <summary>
    /// Chains the batch onto the head and commits it with the head in one transaction. Another process appending at the
    /// same moment changes the head's ETag: build on its entries after a short jittered pause. An operation recorded by
    /// a concurrent writer fails the batch: then each append is committed on its own, so only that one is skipped.
    /// </summary>
    async Task<IReadOnlyList<AuditEntry?>> CommitAsync(string partition, IReadOnlyList<Append> batch, CancellationToken cancellationToken)
    {
        TableClient table = await this.tables.GetAsync(TableNames.AuditTrail);
        for (int attempt = 0; ; attempt++)
        {
            ChainHead? head = this.heads.TryGetValue(partition, out ChainHead? known) ? known : await ReadHeadAsync(table, partition, cancellationToken);
            long sequence = head?.Sequence ?? 0;
            string previousHash = head?.Hash ?? AuditChain.Genesis;
            DateTimeOffset at = this.timeProvider.GetUtcNow();
            List<AuditEntry?> entries = [];
            List<TableTransactionAction> transaction = [];
            HashSet<string> operationsInBatch = new(StringComparer.Ordinal);
            foreach (Append append in batch)
            {
                // The same operation twice in one batch (two callers at once) is recorded by the first only:
                // a transaction may not hold one row twice.
                if (append.OperationId is { } repeated && !operationsInBatch.Add(repeated))
                {
                    entries.Add(null);
                    continue;
                }

                sequence++;
                string hash = AuditChain.ComputeHash(previousHash, sequence, at, append.Event);
                AuditEntry entry = new(sequence, at, append.Event, previousHash, hash);
                entries.Add(entry);
                transaction.Add(new(TableTransactionActionType.Add, ToEntity(partition, entry)));
                if (append.OperationId is { } operationId)
                {
                    transaction.Add(new(TableTransactionActionType.Add, new TableEntity(partition, OperationRow(operationId)) { ["Sequence"] = sequence }));
                }

                previousHash = hash;
            }

            TableEntity newHead = new(partition, HeadRow) { ["Sequence"] = sequence, ["Hash"] = previousHash };
            transaction.Add(head is not null
                ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, newHead, head.ETag)
                : new TableTransactionAction(TableTransactionActionType.Add, newHead));
            try
            {
                Response<IReadOnlyList<Response>> committed = await table.SubmitTransactionAsync(transaction, cancellationToken);
                if (committed.Value[^1].Headers.ETag is { } etag)
                {
                    this.heads[partition] = new ChainHead(sequence, previousHash, etag);
                }

                return entries;
            }
            catch (RequestFailedException failure)
            {
                // Whatever failed, the head is read afresh next time: another process may have moved it.
                this.heads.TryRemove(partition, out _);
                if (failure is not TableTransactionFailedException { Status: 409 or 412 } ex)
                {
                    throw;
                }

                bool operationTaken = ex.FailedTransactionActionIndex is int failed && failed < transaction.Count - 1
                    && transaction[failed].Entity.RowKey.StartsWith(OperationPrefix, StringComparison.Ordinal);
                if (operationTaken)
                {
                    return batch.Count == 1 ? [null] : await this.CommitOneByOneAsync(partition, batch, cancellationToken);
                }

                if (attempt >= ConflictBackoff.MaxAttempts)
                {
                    throw;
                }

                await ConflictBackoff.DelayAsync(attempt, cancellationToken);
            }
        }
    }

    static async Task<ChainHead?> ReadHeadAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> head = await table.GetEntityIfExistsAsync<TableEntity>(partition, HeadRow, cancellationToken: cancellationToken);
        return head.HasValue ? new ChainHead(head.Value!.GetInt64("Sequence") ?? 0, head.Value.GetString("Hash"), head.Value.ETag) : null;
    }

    async Task<IReadOnlyList<AuditEntry?>> CommitOneByOneAsync(string partition, IReadOnlyList<Append> batch, CancellationToken cancellationToken)
    {
        List<AuditEntry?> results = [];
        foreach (Append append in batch)
        {
            results.Add((await this.CommitAsync(partition, [append], cancellationToken))[0]);
        }

        return results;
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string agencyId, CancellationToken cancellationToken)
    {
        List<AuditEntry> entries = [];
        await foreach (AuditEntry entry in this.StreamAsync(TableKeys.Escape(agencyId), long.MaxValue, cancellationToken))
        {
            entries.Add(entry);
        }

        return entries;
    }

    public async Task<IReadOnlyList<AuditEntry>> ReadAsync(string agencyId, IReadOnlyCollection<long> sequences, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sequences);
        TableClient table = await this.tables.GetAsync(TableNames.AuditTrail);
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

    /// <summary>
    /// Streams the chain up to the head as it was when verification began (a consistent snapshot: entries appended
    /// meanwhile come after it and are left for the next check), verifying each entry as it arrives.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(string agencyId, CancellationToken cancellationToken)
    {
        TableClient table = await this.tables.GetAsync(TableNames.AuditTrail);
        string partition = TableKeys.Escape(agencyId);
        NullableResponse<TableEntity> head = await table.GetEntityIfExistsAsync<TableEntity>(partition, HeadRow, cancellationToken: cancellationToken);
        long headSequence = head.HasValue ? head.Value!.GetInt64("Sequence") ?? 0 : 0;
        ChainVerifier verifier = new();
        await foreach (AuditEntry entry in this.StreamAsync(partition, headSequence, cancellationToken))
        {
            verifier.Add(entry);
        }

        return verifier.Finish(headSequence, head.HasValue ? head.Value!.GetString("Hash") : AuditChain.Genesis);
    }

    async IAsyncEnumerable<AuditEntry> StreamAsync(string partition, long throughSequence, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        TableClient table = await this.tables.GetAsync(TableNames.AuditTrail);
        string filter = throughSequence == long.MaxValue
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {AfterEntries}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey le {RowKey(throughSequence)}");
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return FromEntity(e);
        }
    }

    static string RowKey(long sequence) => sequence.ToString("D19", CultureInfo.InvariantCulture);

    static string OperationRow(string operationId) => OperationPrefix + TableKeys.Escape(operationId);

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
