using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Registers;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// The registers in three tables:
/// <list type="bullet">
/// <item><c>Registers</c>: partition = agency; an agency has tens to hundreds of items. Row = item id: the item's facts
/// (JSON, over as many 30,000-character properties as it needs). Row = "{item id}|review|{n:D6}": one row per review,
/// n its place in the history, so a history grows without limit; a review is added in the same entity-group
/// transaction as the ETag-conditional update of its item, so of two concurrent writers one retries on the other's
/// version. Items written before reviews had rows keep their history inside the item JSON: it still reads, and the
/// first update moves it into rows.</item>
/// <item><c>AupSignatures</c>: partition = agency, row = "{aupId}|{version}|{signer}", so an AUP's signatures are one prefix range.</item>
/// <item><c>ReviewDueIndex</c>: partition = the due date (yyyy-MM-dd), row = "{agency}|{item}", one row per item at its
/// current due date. The daily scan asks for <c>PartitionKey le today+30</c>: the rows of later dates are never read, so
/// the scan's cost grows with the number of items due, not with the size of the registers.</item>
/// </list>
/// </summary>
/// <param name="tablePrefix">Prefixes the table names (tests that must see only their own rows).</param>
public sealed class TableRegisterStore(StorageTables tables, string tablePrefix = "") : IRegisterStore
{
    /// <summary>Nulls left out: most of an item's details are null, and the registers can be large.</summary>
    static readonly JsonSerializerOptions Json = new(TableJson.Options) { DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull };

    /// <summary>Between an item id and its reviews' place in the history; item ids never contain '|'.</summary>
    const string ReviewInfix = "|review|";

    /// <summary>An entity-group transaction holds 100 operations: the item and up to 99 review rows.</summary>
    const int MaxReviewsPerTransaction = 99;

    string RegistersTable => tablePrefix + TableNames.Registers;

    string SignaturesTable => tablePrefix + TableNames.AupSignatures;

    /// <summary>The index table's name, for tests that count what the scan reads from it.</summary>
    public string DueIndexTable => tablePrefix + TableNames.ReviewDueIndex;

    public async Task<RegisterItem?> FindAsync(string agencyId, string itemId, CancellationToken cancellationToken)
    {
        if (!ReviewCycle.IsWellFormedItemId(itemId))
        {
            return null;
        }

        TableClient table = await tables.GetAsync(this.RegistersTable);
        return (await ReadAsync(table, agencyId, itemId, cancellationToken))?.Item;
    }

    public async Task<IReadOnlyList<RegisterItem>> ListAsync(string agencyId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(this.RegistersTable);
        Dictionary<string, TableEntity> items = new(StringComparer.Ordinal);
        Dictionary<string, List<TableEntity>> reviews = new(StringComparer.Ordinal);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(agencyId)}");
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (ReviewOwner(entity.RowKey) is { } owner)
            {
                (reviews.TryGetValue(owner, out List<TableEntity>? rows) ? rows : reviews[owner] = []).Add(entity);
            }
            else
            {
                items[entity.RowKey] = entity;
            }
        }

        return items.Values
            .Select(e => Assemble(e, reviews.GetValueOrDefault(e.RowKey) ?? []).Item)
            .OrderBy(i => i.Kind).ThenBy(i => i.Title, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task CreateAsync(RegisterItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        TableClient table = await tables.GetAsync(this.RegistersTable);
        await this.IndexAsync(item, cancellationToken);
        List<TableTransactionAction> actions = [new(TableTransactionActionType.Add, ToEntity(item))];
        actions.AddRange(item.ReviewHistory.Select((r, n) => new TableTransactionAction(TableTransactionActionType.Add, ReviewEntity(item, n, r))));
        await table.SubmitTransactionAsync(actions, cancellationToken);
    }

    public async Task ImportAsync(IReadOnlyList<RegisterItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        TableClient registers = await tables.GetAsync(this.RegistersTable);
        TableClient index = await tables.GetAsync(this.DueIndexTable);
        IEnumerable<TableEntity> rows = items.SelectMany(i => i.ReviewHistory.Select((r, n) => ReviewEntity(i, n, r)).Prepend(ToEntity(i)));
        IEnumerable<(TableClient Table, TableEntity[] Batch)> batches =
            rows.GroupBy(e => e.PartitionKey).SelectMany(g => g.Chunk(100)).Select(b => (registers, b))
            .Concat(items.Where(i => i.NextReviewDue is not null).Select(IndexEntity).GroupBy(e => e.PartitionKey).SelectMany(g => g.Chunk(100)).Select(b => (index, b)));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (batch, ct) =>
            await batch.Table.SubmitTransactionAsync(batch.Batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct));
    }

    /// <summary>
    /// Applies the change to the latest version and writes it only if the item is still that version (its ETag), in one
    /// transaction with the rows of the reviews the change added; otherwise reads again and re-applies the change.
    /// Writes the item's new index row before the item and deletes the old one after, so a crash at any point leaves
    /// the item findable by the scan; a row left behind names a due date the item no longer has, and the review
    /// workflow started from it ends without opening a task.
    /// </summary>
    public async Task<RegisterItem?> UpdateAsync(string agencyId, string itemId, Func<RegisterItem, RegisterItem> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!ReviewCycle.IsWellFormedItemId(itemId))
        {
            return null;
        }

        TableClient table = await tables.GetAsync(this.RegistersTable);
        TableClient index = await tables.GetAsync(this.DueIndexTable);
        for (int attempt = 0; ; attempt++)
        {
            if (await ReadAsync(table, agencyId, itemId, cancellationToken) is not { } found)
            {
                return null;
            }

            RegisterItem current = found.Item;
            RegisterItem changed = change(current);
            bool moves = current.NextReviewDue != changed.NextReviewDue || current.Kind != changed.Kind;
            if (moves && changed.NextReviewDue is not null)
            {
                await index.UpsertEntityAsync(IndexEntity(changed), TableUpdateMode.Replace, cancellationToken);
            }

            try
            {
                await WriteAsync(table, found, changed, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 10)
            {
                // Someone else changed the item first: withdraw the row written for this attempt, read again, re-apply.
                if (moves && changed.NextReviewDue is { } withdrawn)
                {
                    await DeleteIfExistsAsync(index, DueKey(withdrawn), IndexRow(changed), cancellationToken);
                }

                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(10, 50 * (attempt + 1))), cancellationToken);
                continue;
            }

            if (moves && current.NextReviewDue is { } old)
            {
                await DeleteIfExistsAsync(index, DueKey(old), IndexRow(current), cancellationToken);
            }

            return changed;
        }
    }

    /// <summary>An item as read: the item with its whole history, its ETag, and the history still inside its JSON (older items).</summary>
    sealed record StoredItem(RegisterItem Item, ETag ETag, IReadOnlyList<ReviewRecord> EmbeddedReviews, int ReviewRows);

    /// <summary>The item and its review rows in one range query: the item id up to the id followed by '}' (after '|').</summary>
    static async Task<StoredItem?> ReadAsync(TableClient table, string agencyId, string itemId, CancellationToken cancellationToken)
    {
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(agencyId)} and RowKey ge {itemId} and RowKey lt {itemId + "}"}");
        TableEntity? item = null;
        List<TableEntity> reviews = [];
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (entity.RowKey == itemId)
            {
                item = entity;
            }
            else if (ReviewOwner(entity.RowKey) == itemId)
            {
                reviews.Add(entity);
            }
        }

        return item is null ? null : Assemble(item, reviews);
    }

    /// <summary>The history: reviews still inside the item's JSON first (they are the oldest), then the rows in order, each review once.</summary>
    static StoredItem Assemble(TableEntity itemEntity, List<TableEntity> reviewRows)
    {
        RegisterItem item = JsonSerializer.Deserialize<RegisterItem>(TableText.Read(itemEntity, "Item") ?? "{}", Json)!;
        IReadOnlyList<ReviewRecord> embedded = item.ReviewHistory;
        List<ReviewRecord> history = [.. embedded];
        HashSet<string> seen = new(embedded.Select(r => r.ReviewId), StringComparer.Ordinal);
        foreach (TableEntity row in reviewRows.OrderBy(r => r.RowKey, StringComparer.Ordinal))
        {
            ReviewRecord review = JsonSerializer.Deserialize<ReviewRecord>(TableText.Read(row, "Review")!, Json)!;
            if (seen.Add(review.ReviewId))
            {
                history.Add(review);
            }
        }

        return new StoredItem(item with { Reviews = history }, itemEntity.ETag, embedded, reviewRows.Count);
    }

    /// <summary>
    /// Writes the changed item under the ETag it was read with, with a row for each review the change added, in one
    /// transaction (412 if the item changed meanwhile). An older item's history moves out of its JSON into rows first:
    /// those rows are keyed by their place in the history, so writing them again on a retry changes nothing.
    /// </summary>
    static async Task WriteAsync(TableClient table, StoredItem found, RegisterItem changed, CancellationToken cancellationToken)
    {
        HashSet<string> known = new(found.Item.ReviewHistory.Select(r => r.ReviewId), StringComparer.Ordinal);
        List<ReviewRecord> added = changed.ReviewHistory.Where(r => !known.Contains(r.ReviewId)).ToList();
        int next = found.EmbeddedReviews.Count + found.ReviewRows;
        List<TableTransactionAction> rows = [.. added.Select((r, i) => new TableTransactionAction(TableTransactionActionType.Add, ReviewEntity(changed, next + i, r)))];
        List<TableTransactionAction> moved = [.. found.EmbeddedReviews.Select((r, n) => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ReviewEntity(changed, n, r)))];
        if (moved.Count + rows.Count > MaxReviewsPerTransaction)
        {
            foreach (TableTransactionAction[] batch in moved.Chunk(100))
            {
                await table.SubmitTransactionAsync(batch, cancellationToken);
            }

            moved.Clear();
        }

        TableEntity item = ToEntity(changed);
        try
        {
            await table.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.UpdateReplace, item, found.ETag), .. moved, .. rows], cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409 && ex.FailedTransactionActionIndex > 0)
        {
            // Another writer added a review at the same place in the history, so the item has changed too: retry.
            throw new RequestFailedException(412, "The register item changed while a review was added.", ex);
        }
    }

    static string? ReviewOwner(string rowKey) => rowKey.IndexOf(ReviewInfix, StringComparison.Ordinal) is > 0 and int at ? rowKey[..at] : null;

    static TableEntity ReviewEntity(RegisterItem item, int place, ReviewRecord review)
    {
        TableEntity entity = new(TableKeys.Escape(item.AgencyId), item.ItemId + ReviewInfix + place.ToString("D6", CultureInfo.InvariantCulture))
        {
            ["ReviewId"] = review.ReviewId,
        };
        TableText.Write(entity, "Review", JsonSerializer.Serialize(review, Json), () => new RegisterItemTooLargeException(
            "This review is too long to record: shorten the issues, actions or stakeholders."));
        return entity;
    }

    static async Task DeleteIfExistsAsync(TableClient table, string partitionKey, string rowKey, CancellationToken cancellationToken)
    {
        try
        {
            await table.DeleteEntityAsync(partitionKey, rowKey, ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Already gone.
        }
    }

    public async Task AddSignatureAsync(AupSignature signature, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signature);
        TableClient table = await tables.GetAsync(this.SignaturesTable);
        // One row per signing, never replaced: two pupils with the same name, or a re-signing, each keep their own record.
        string row = SignatureRowPrefix(signature.AupId, signature.Version) + KeyHash(signature.Signer) + "|"
            + signature.SignedAt.UtcTicks.ToString("D19", CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8];
        TableEntity entity = new(TableKeys.Escape(signature.AgencyId), row)
        {
            ["Signature"] = JsonSerializer.Serialize(signature, Json),
        };
        await table.AddEntityAsync(entity, cancellationToken);
    }

    public async Task<IReadOnlyList<AupSignature>> ListSignaturesAsync(string agencyId, string aupId, CancellationToken cancellationToken)
    {
        if (!ReviewCycle.IsWellFormedItemId(aupId))
        {
            return [];
        }

        TableClient table = await tables.GetAsync(this.SignaturesTable);
        string prefix = aupId + "|";
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(agencyId)} and RowKey ge {prefix} and RowKey lt {aupId + "}"}");
        List<AupSignature> found = [];
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(JsonSerializer.Deserialize<AupSignature>(entity.GetString("Signature"), Json)!);
        }

        return found.OrderByDescending(s => s.SignedAt).ToList();
    }

    public async IAsyncEnumerable<DueEntry> ListDueAsync(DateOnly through, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        TableClient index = await tables.GetAsync(this.DueIndexTable);
        string filter = TableClient.CreateQueryFilter($"PartitionKey le {DueKey(through)}");
        await foreach (TableEntity entity in index.QueryAsync<TableEntity>(filter, maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return new DueEntry(
                entity.GetString("AgencyId"), entity.GetString("ItemId"), Enum.Parse<RegisterKind>(entity.GetString("Kind")),
                DateOnly.ParseExact(entity.PartitionKey, "yyyy-MM-dd", CultureInfo.InvariantCulture));
        }
    }

    async Task IndexAsync(RegisterItem item, CancellationToken cancellationToken)
    {
        if (item.NextReviewDue is not null)
        {
            TableClient index = await tables.GetAsync(this.DueIndexTable);
            await index.UpsertEntityAsync(IndexEntity(item), TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>Version and signer as short hashes: any text, fixed length, no "|" to run one part into the next.</summary>
    static string SignatureRowPrefix(string aupId, string version) => aupId + "|" + KeyHash(version) + "|";

    static string KeyHash(string text) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)), 0, 12);

    static string DueKey(DateOnly due) => due.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    static string IndexRow(RegisterItem item) => TableKeys.Escape(item.AgencyId) + "|" + item.ItemId;

    static TableEntity IndexEntity(RegisterItem item) => new(DueKey(item.NextReviewDue!.Value), IndexRow(item))
    {
        ["AgencyId"] = item.AgencyId,
        ["ItemId"] = item.ItemId,
        ["Kind"] = item.Kind.ToString(),
    };

    /// <summary>The item's facts; its reviews are rows of their own.</summary>
    static TableEntity ToEntity(RegisterItem item)
    {
        TableEntity entity = new(TableKeys.Escape(item.AgencyId), item.ItemId) { ["Kind"] = item.Kind.ToString() };
        TableText.Write(entity, "Item", JsonSerializer.Serialize(item with { Reviews = null }, Json), () => new RegisterItemTooLargeException(
            "This register item cannot hold that much text: shorten its lists."));
        return entity;
    }
}

/// <summary>AUP documents in the <c>aup-documents</c> container, one blob per agency, AUP and version.</summary>
public sealed class BlobAupDocuments(Azure.Storage.Blobs.BlobServiceClient blobs) : IAupDocuments
{
    public const string Container = "aup-documents";

    public async Task<string> SaveAsync(string agencyId, string aupId, string version, string contentType, Stream content, CancellationToken cancellationToken)
    {
        Azure.Storage.Blobs.BlobContainerClient container = blobs.GetBlobContainerClient(Container);
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        // The version is free text ("2.1", even ".."): hex-encoded, so no version can climb out of its folder or share a name.
        string name = $"{Uri.EscapeDataString(agencyId)}/{aupId}/v{Convert.ToHexString(System.Text.Encoding.UTF8.GetBytes(version))}";
        await container.GetBlobClient(name).UploadAsync(content, new Azure.Storage.Blobs.Models.BlobUploadOptions
        {
            HttpHeaders = new Azure.Storage.Blobs.Models.BlobHttpHeaders { ContentType = contentType },
        }, cancellationToken);
        return name;
    }

    public async Task<AupDocumentContent?> OpenAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            Azure.Response<Azure.Storage.Blobs.Models.BlobDownloadStreamingResult> download =
                await blobs.GetBlobContainerClient(Container).GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return new AupDocumentContent(download.Value.Content, download.Value.Details.ContentType ?? "application/octet-stream");
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
