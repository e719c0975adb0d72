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
/// <item><c>Registers</c>: partition = agency, row = item id; an agency has tens to hundreds of items.</item>
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
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(agencyId), itemId, cancellationToken: cancellationToken);
        return found.HasValue ? FromEntity(found.Value!) : null;
    }

    public async Task<IReadOnlyList<RegisterItem>> ListAsync(string agencyId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(this.RegistersTable);
        List<RegisterItem> items = [];
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(agencyId)}");
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            items.Add(FromEntity(entity));
        }

        return items.OrderBy(i => i.Kind).ThenBy(i => i.Title, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task CreateAsync(RegisterItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        TableClient table = await tables.GetAsync(this.RegistersTable);
        await this.IndexAsync(item, cancellationToken);
        await table.AddEntityAsync(ToEntity(item), cancellationToken);
    }

    public async Task ImportAsync(IReadOnlyList<RegisterItem> items, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        TableClient registers = await tables.GetAsync(this.RegistersTable);
        TableClient index = await tables.GetAsync(this.DueIndexTable);
        IEnumerable<(TableClient Table, TableEntity[] Batch)> batches =
            items.Select(ToEntity).GroupBy(e => e.PartitionKey).SelectMany(g => g.Chunk(100)).Select(b => (registers, b))
            .Concat(items.Where(i => i.NextReviewDue is not null).Select(IndexEntity).GroupBy(e => e.PartitionKey).SelectMany(g => g.Chunk(100)).Select(b => (index, b)));
        await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (batch, ct) =>
            await batch.Table.SubmitTransactionAsync(batch.Batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct));
    }

    /// <summary>
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
            NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(agencyId), itemId, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return null;
            }

            RegisterItem current = FromEntity(found.Value!);
            RegisterItem changed = change(current);
            bool moves = current.NextReviewDue != changed.NextReviewDue || current.Kind != changed.Kind;
            if (moves && changed.NextReviewDue is not null)
            {
                await index.UpsertEntityAsync(IndexEntity(changed), TableUpdateMode.Replace, cancellationToken);
            }

            try
            {
                await table.UpdateEntityAsync(ToEntity(changed), found.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 5)
            {
                // Someone else changed the item first: withdraw the row written for this attempt, read again, re-apply.
                if (moves && changed.NextReviewDue is { } withdrawn)
                {
                    await DeleteIfExistsAsync(index, DueKey(withdrawn), IndexRow(changed), cancellationToken);
                }

                continue;
            }

            if (moves && current.NextReviewDue is { } old)
            {
                await DeleteIfExistsAsync(index, DueKey(old), IndexRow(current), cancellationToken);
            }

            return changed;
        }
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

    /// <summary>A table string property holds 32 K characters; a little is left for the rest of the entity.</summary>
    const int MaxItemCharacters = 30_000;

    static TableEntity ToEntity(RegisterItem item)
    {
        string json = JsonSerializer.Serialize(item, Json);
        if (json.Length > MaxItemCharacters)
        {
            throw new RegisterItemTooLargeException(
                "This register item cannot hold any more: shorten the text, or record the item afresh (its review history has grown too long).");
        }

        return new(TableKeys.Escape(item.AgencyId), item.ItemId)
        {
            ["Kind"] = item.Kind.ToString(),
            ["Item"] = json,
        };
    }

    static RegisterItem FromEntity(TableEntity entity) => JsonSerializer.Deserialize<RegisterItem>(entity.GetString("Item"), Json)!;
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
}
