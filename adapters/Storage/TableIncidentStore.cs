using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// The incident log in Azure Tables. <c>Incidents</c>: partition = agency; a row per incident (row = incident id,
/// time-ordered, newest first), and, after them (rows starting with '~'), each reporter's idempotency keys
/// (<c>~key|reporter|key</c>), the reference counter of each year (<c>~counter|2026</c>) and a marker for each incident
/// whose submission has not finished yet (<c>~pending|id</c>: its creation audited and its workflow started). An incident,
/// its key, its marker and the counter are written in one entity-group transaction, so a submission is all there or not
/// at all. <c>IncidentIndex</c>: incident id → agency, written first, so an id alone finds its incident.
/// </summary>
public sealed class TableIncidentStore : IIncidentStore
{
    const string KeyPrefix = "~key|";
    const string CounterPrefix = "~counter|";
    const string PendingPrefix = "~pending|";

    /// <summary>Every incident row sorts before this; keys, counters and markers after it.</summary>
    const string AfterIncidents = "~";

    /// <summary>What the Status column said of every triaged incident before the lifecycle; such rows read as open until saved again.</summary>
    const string LegacyReported = "Reported";

    /// <summary>Three rows per creation and the counter: at most 100 operations and about 4 MB per transaction.</summary>
    const int MaxCreationsPerBatch = 30;
    const int MaxBatchCharacters = 1_500_000;

    static readonly JsonSerializerOptions Json = TableJson.Options;
    readonly StorageTables tables;
    readonly PartitionGroupCommit<Creation, IncidentSaved> creations;

    /// <summary>
    /// Each partition's year counters as this process last wrote them (with their ETags), so a batch need not read the
    /// counter first; one another process has moved since fails the transaction on its ETag and is read again.
    /// </summary>
    readonly ConcurrentDictionary<string, TableEntity> counterCache = new(StringComparer.Ordinal);

    public TableIncidentStore(StorageTables tables)
    {
        this.tables = tables;
        // A retry arriving with its original (same key or id) waits for the next batch: a transaction may not hold
        // one row twice, and the next batch finds the first one's incident.
        this.creations = new(this.CommitCreationsAsync, (batch, next) =>
            batch.Count < MaxCreationsPerBatch && batch.Sum(c => c.Size) + next.Size < MaxBatchCharacters
            && !batch.Any(c => c.Incident.IncidentId == next.Incident.IncidentId || (next.KeyRow is not null && c.KeyRow == next.KeyRow)));
    }

    sealed record Creation(Incident Incident, string? KeyRow)
    {
        public int Size { get; } = Incident.Report.Description.Length + 4096;
    }

    public async Task<IncidentSaved> CreateAsync(Incident incident, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        string partition = TableKeys.Escape(incident.AgencyId);
        string? keyRow = idempotencyKey is null ? null : KeyPrefix + TableKeys.Escape(incident.ReportedBy) + "|" + TableKeys.Escape(idempotencyKey);
        // No look-up of the key first: the transaction adds the key row, so a retry fails it and finds its original.
        // Findable by id before it exists: a creation that then fails leaves only this pointer, which finds nothing.
        TableClient index = await this.tables.GetAsync(TableNames.IncidentIndex);
        await index.UpsertEntityAsync(new TableEntity(incident.IncidentId, string.Empty) { ["AgencyId"] = incident.AgencyId }, TableUpdateMode.Replace, cancellationToken);
        return await this.creations.SubmitAsync(partition, new Creation(incident, keyRow), cancellationToken);
    }

    /// <summary>
    /// Numbers the batch's incidents from the partition's counter and writes them, their keys and markers and the
    /// counter in one transaction. Another process numbering at the same moment changes the counter's ETag: read it
    /// again after a short jittered pause. A key or id that exists already fails the batch: then each creation is
    /// written on its own, and the one whose key exists answers with the incident that key created.
    /// </summary>
    async Task<IReadOnlyList<IncidentSaved>> CommitCreationsAsync(string partition, IReadOnlyList<Creation> batch, CancellationToken cancellationToken)
    {
        TableClient log = await this.tables.GetAsync(TableNames.Incidents);
        for (int attempt = 0; ; attempt++)
        {
            List<TableTransactionAction> transaction = [];
            List<IncidentSaved> saved = [];
            Dictionary<int, (TableEntity Counter, bool Exists)> counters = [];
            foreach (Creation creation in batch)
            {
                int year = creation.Incident.SubmittedAt.UtcDateTime.Year;
                if (!counters.TryGetValue(year, out (TableEntity Counter, bool Exists) counter))
                {
                    counter = this.counterCache.TryGetValue(CounterCacheKey(partition, year), out TableEntity? cached)
                        ? (new TableEntity(cached) { ETag = cached.ETag }, true)
                        : await this.ReadCounterAsync(log, partition, creation.Incident.AgencyId, year, cancellationToken);
                }

                int number = (counter.Counter.GetInt32("Last") ?? 0) + 1;
                counter.Counter["Last"] = number;
                counters[year] = counter;
                Incident numbered = creation.Incident with { Reference = IncidentIds.Reference(creation.Incident.AgencyId, year, number) };
                transaction.Add(new(TableTransactionActionType.Add, ToEntity(numbered)));
                if (creation.KeyRow is { } keyRow)
                {
                    transaction.Add(new(TableTransactionActionType.Add, new TableEntity(partition, keyRow) { ["IncidentId"] = numbered.IncidentId }));
                }

                transaction.Add(new(TableTransactionActionType.Add, new TableEntity(partition, PendingPrefix + numbered.IncidentId)
                {
                    ["IncidentId"] = numbered.IncidentId, ["CreatedAt"] = numbered.SubmittedAt,
                }));
                saved.Add(new IncidentSaved(numbered, Created: true));
            }

            int firstCounter = transaction.Count;
            foreach ((TableEntity counter, bool exists) in counters.Values)
            {
                transaction.Add(exists
                    ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, counter, counter.ETag)
                    : new TableTransactionAction(TableTransactionActionType.Add, counter));
            }

            try
            {
                Response<IReadOnlyList<Response>> committed = await log.SubmitTransactionAsync(transaction, cancellationToken);
                for (int i = firstCounter; i < transaction.Count; i++)
                {
                    TableEntity counter = transaction[i].Entity as TableEntity ?? throw new InvalidOperationException("A counter row is a table entity.");
                    if (committed.Value[i].Headers.ETag is { } etag)
                    {
                        counter.ETag = etag;
                        this.counterCache[CounterCacheKey(partition, counter.RowKey)] = counter;
                    }
                }

                return saved;
            }
            catch (RequestFailedException ex)
            {
                // Whatever failed, the counters are read afresh next time: another process may have moved them.
                foreach (TableEntity counter in counters.Values.Select(c => c.Counter))
                {
                    this.counterCache.TryRemove(CounterCacheKey(partition, counter.RowKey), out _);
                }

                if (ex is not TableTransactionFailedException { Status: 409 or 412 } failure)
                {
                    throw;
                }

                bool rowTaken = failure.Status == 409 && failure.FailedTransactionActionIndex is int failed
                    && !transaction[failed].Entity.RowKey.StartsWith(CounterPrefix, StringComparison.Ordinal);
                if (rowTaken)
                {
                    return batch.Count == 1
                        ? [await this.AlreadyCreatedAsync(log, partition, batch[0], cancellationToken)]
                        : await this.CommitOneByOneAsync(partition, batch, cancellationToken);
                }

                if (attempt >= ConflictBackoff.MaxAttempts)
                {
                    throw;
                }

                await ConflictBackoff.DelayAsync(attempt, cancellationToken);
            }
        }
    }

    async Task<IReadOnlyList<IncidentSaved>> CommitOneByOneAsync(string partition, IReadOnlyList<Creation> batch, CancellationToken cancellationToken)
    {
        List<IncidentSaved> results = [];
        foreach (Creation creation in batch)
        {
            results.Add((await this.CommitCreationsAsync(partition, [creation], cancellationToken))[0]);
        }

        return results;
    }

    /// <summary>The key (a concurrent retry got there first) or the id exists: answer with that incident.</summary>
    async Task<IncidentSaved> AlreadyCreatedAsync(TableClient log, string partition, Creation creation, CancellationToken cancellationToken)
    {
        Incident? existing = creation.KeyRow is { } keyRow
            ? await this.FindByKeyAsync(partition, keyRow, cancellationToken)
            : null;
        existing ??= await ReadAsync(log, partition, creation.Incident.IncidentId, cancellationToken);
        return existing is not null
            ? new IncidentSaved(existing, Created: false)
            : throw new InvalidOperationException("The incident's key or id is taken, but no incident was found for it.");
    }

    async Task<Incident?> FindByKeyAsync(string partition, string keyRow, CancellationToken cancellationToken)
    {
        TableClient log = await this.tables.GetAsync(TableNames.Incidents);
        NullableResponse<TableEntity> key = await log.GetEntityIfExistsAsync<TableEntity>(partition, keyRow, cancellationToken: cancellationToken);
        return key.HasValue ? await ReadAsync(log, partition, key.Value!.GetString("IncidentId"), cancellationToken) : null;
    }

    static string CounterCacheKey(string partition, int year) =>
        CounterCacheKey(partition, CounterPrefix + year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture));

    static string CounterCacheKey(string partition, string counterRow) => partition + "\n" + counterRow;

    /// <summary>The year's counter; a counter the previous design kept in its own table carries on from there.</summary>
    async Task<(TableEntity Counter, bool Exists)> ReadCounterAsync(TableClient log, string partition, string agencyId, int year, CancellationToken cancellationToken)
    {
        string row = CounterPrefix + year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        NullableResponse<TableEntity> counter = await log.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
        if (counter.HasValue)
        {
            return (counter.Value!, true);
        }

        TableClient legacy = await this.tables.GetAsync(TableNames.IncidentReferences);
        NullableResponse<TableEntity> earlier = await legacy.GetEntityIfExistsAsync<TableEntity>(
            TableKeys.Escape(agencyId), year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture), cancellationToken: cancellationToken);
        return (new TableEntity(partition, row) { ["Last"] = earlier.HasValue ? earlier.Value!.GetInt32("Last") ?? 0 : 0 }, false);
    }

    public async Task<IReadOnlyList<PendingSubmission>> ListPendingAsync(string agencyId, DateTimeOffset createdBefore, CancellationToken cancellationToken)
    {
        TableClient log = await this.tables.GetAsync(TableNames.Incidents);
        string partition = TableKeys.Escape(agencyId);
        List<PendingSubmission> pending = [];
        await foreach (TableEntity marker in log.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {PendingPrefix} and RowKey lt {PendingPrefix + "~"} and CreatedAt lt {createdBefore}"),
            cancellationToken: cancellationToken))
        {
            pending.Add(new PendingSubmission(agencyId, marker.GetString("IncidentId"), marker.GetDateTimeOffset("CreatedAt") ?? default));
        }

        return pending;
    }

    public async Task ClearPendingAsync(string agencyId, string incidentId, CancellationToken cancellationToken)
    {
        TableClient log = await this.tables.GetAsync(TableNames.Incidents);
        await log.DeleteEntityAsync(TableKeys.Escape(agencyId), PendingPrefix + incidentId, ETag.All, cancellationToken);
    }

    static async Task<Incident?> ReadAsync(TableClient log, string partition, string incidentId, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> found = await log.GetEntityIfExistsAsync<TableEntity>(partition, incidentId, cancellationToken: cancellationToken);
        return found.HasValue ? FromEntity(found.Value!) : null;
    }

    public async Task<Incident?> FindAsync(string incidentId, CancellationToken cancellationToken)
    {
        if (!IncidentIds.IsWellFormed(incidentId))
        {
            return null;
        }

        TableClient index = await this.tables.GetAsync(TableNames.IncidentIndex);
        NullableResponse<TableEntity> entry = await index.GetEntityIfExistsAsync<TableEntity>(incidentId, string.Empty, cancellationToken: cancellationToken);
        if (!entry.HasValue)
        {
            return null;
        }

        TableClient log = await this.tables.GetAsync(TableNames.Incidents);
        NullableResponse<TableEntity> found = await log.GetEntityIfExistsAsync<TableEntity>(
            TableKeys.Escape(entry.Value!.GetString("AgencyId")), incidentId, cancellationToken: cancellationToken);
        return found.HasValue ? FromEntity(found.Value!) : null;
    }

    public async Task<IncidentLogResults> ListAsync(IncidentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        TableClient log = await this.tables.GetAsync(TableNames.Incidents);
        StringBuilder filter = new(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(query.AgencyId)} and RowKey lt {AfterIncidents}"));
        if (query.Status is { } status)
        {
            // Rows saved before the lifecycle say "Reported" whatever became of them; they are read and sorted below.
            filter.Append(" and ").Append(status == IncidentStatus.AwaitingTriage
                ? TableClient.CreateQueryFilter($"Status eq {status.ToString()}")
                : TableClient.CreateQueryFilter($"(Status eq {status.ToString()} or Status eq {LegacyReported})"));
        }

        if (query.Route is { } route)
        {
            filter.Append(" and ").Append(TableClient.CreateQueryFilter($"Route eq {route.ToString()}"));
        }

        if (query.Serious is { } serious)
        {
            filter.Append(" and ").Append(TableClient.CreateQueryFilter($"Serious eq {serious}"));
        }

        if (query.ReferralsOverdueAt is { } overdueAt)
        {
            filter.Append(" and ").Append(TableClient.CreateQueryFilter($"ReferralsDueBy lt {overdueAt}"));
        }

        if (query.From is { } from)
        {
            filter.Append(" and ").Append(TableClient.CreateQueryFilter($"SubmittedAt ge {from}"));
        }

        if (query.To is { } to)
        {
            filter.Append(" and ").Append(TableClient.CreateQueryFilter($"SubmittedAt le {to}"));
        }

        if (query.ReportedBy is { } reporter)
        {
            filter.Append(" and ").Append(TableClient.CreateQueryFilter($"ReportedBy eq {reporter}"));
        }

        string? continuation = query.ContinuationToken is null ? null : DecodeToken(query.ContinuationToken);
        try
        {
            await foreach (Page<TableEntity> page in log.QueryAsync<TableEntity>(filter.ToString(), maxPerPage: query.PageSize, cancellationToken: cancellationToken)
                .AsPages(continuation, query.PageSize))
            {
                return new IncidentLogResults(
                    page.Values.Select(FromEntity).Where(query.Matches).ToList(), page.ContinuationToken is { } next ? EncodeToken(next) : null);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 400 && continuation is not null)
        {
            throw new InvalidContinuationTokenException();
        }

        return new IncidentLogResults([], null);
    }

    public async Task AddActionAsync(string incidentId, IncidentAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        await this.UpdateAsync(incidentId, incident => incident with { Actions = [.. incident.Actions, action] }, cancellationToken);
    }

    public async Task<Incident> UpdateAsync(string incidentId, Func<Incident, Incident> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        Incident found = await this.FindAsync(incidentId, cancellationToken)
            ?? throw new InvalidOperationException("No such incident: " + incidentId);
        TableClient log = await this.tables.GetAsync(TableNames.Incidents);
        while (true)
        {
            TableEntity current = (await log.GetEntityAsync<TableEntity>(TableKeys.Escape(found.AgencyId), incidentId, cancellationToken: cancellationToken)).Value;
            Incident changed = change(FromEntity(current));
            try
            {
                await log.UpdateEntityAsync(ToEntity(changed), current.ETag, TableUpdateMode.Replace, cancellationToken);
                return changed;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Someone else changed the incident meanwhile: apply the change to their version.
            }
        }
    }

    /// <summary>Deletes the incident with its idempotency keys and marker (the retention purge: nothing of it is left here).</summary>
    public async Task DeleteAsync(string incidentId, CancellationToken cancellationToken)
    {
        Incident? found = await this.FindAsync(incidentId, cancellationToken);
        if (found is null)
        {
            return;
        }

        TableClient log = await this.tables.GetAsync(TableNames.Incidents);
        string partition = TableKeys.Escape(found.AgencyId);
        await foreach (TableEntity key in log.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {KeyPrefix} and RowKey lt {KeyPrefix + "~"} and IncidentId eq {incidentId}"),
            select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            await log.DeleteEntityAsync(partition, key.RowKey, ETag.All, cancellationToken);
        }

        await log.DeleteEntityAsync(partition, PendingPrefix + incidentId, ETag.All, cancellationToken);
        await log.DeleteEntityAsync(partition, incidentId, ETag.All, cancellationToken);
        TableClient index = await this.tables.GetAsync(TableNames.IncidentIndex);
        await index.DeleteEntityAsync(incidentId, string.Empty, ETag.All, cancellationToken);
    }

    /// <summary>Continuation tokens are opaque to clients; anything that does not decode is "no such page".</summary>
    static string EncodeToken(string token) => Convert.ToBase64String(Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static string DecodeToken(string token)
    {
        string base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            throw new InvalidContinuationTokenException();
        }
    }

    /// <summary>Characters per chunk of a long text property, under Azure Tables' 64 KiB (32K UTF-16 characters) limit.</summary>
    const int ChunkLength = 30_000;

    /// <summary>An entity may hold 1 MiB; keep the actions, corrections, conclusions and addenda (together) well inside it.</summary>
    const int MaxHistoryLength = 12 * ChunkLength;

    static TableEntity ToEntity(Incident incident)
    {
        TableEntity entity = ToEntityWithoutActions(incident);
        string actions = JsonSerializer.Serialize(incident.Actions, Json);
        string amendments = JsonSerializer.Serialize(incident.Amendments, Json);
        string conclusions = JsonSerializer.Serialize(incident.Conclusions, Json);
        string addenda = JsonSerializer.Serialize(incident.Addenda, Json);
        if (actions.Length + amendments.Length + conclusions.Length + addenda.Length > MaxHistoryLength)
        {
            throw new IncidentTooLargeException("The incident's history has reached its limit; record a summary in the conclusion.");
        }

        WriteChunked(entity, "Actions", actions);
        WriteChunked(entity, "Amendments", amendments);
        WriteChunked(entity, "Conclusions", conclusions);
        WriteChunked(entity, "Addenda", addenda);
        return entity;
    }

    /// <summary>Long text as properties <c>Name</c>, <c>Name1</c>, <c>Name2</c>… (a table string property holds at most 32K characters).</summary>
    static void WriteChunked(TableEntity entity, string name, string text)
    {
        for (int i = 0, chunk = 0; i < text.Length || chunk == 0; i += ChunkLength, chunk++)
        {
            entity[chunk == 0 ? name : name + chunk.ToString(System.Globalization.CultureInfo.InvariantCulture)] = text.Substring(i, Math.Min(ChunkLength, text.Length - i));
        }
    }

    static string ReadChunked(TableEntity e, string name)
    {
        System.Text.StringBuilder text = new(e.GetString(name) ?? "[]");
        for (int chunk = 1; e.GetString(name + chunk.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } more; chunk++)
        {
            text.Append(more);
        }

        return text.ToString();
    }

    static TableEntity ToEntityWithoutActions(Incident incident) => new(TableKeys.Escape(incident.AgencyId), incident.IncidentId)
    {
        ["AgencyId"] = incident.AgencyId,
        ["Reference"] = incident.Reference,
        // Derived on every save, for the log's filters: the status, the route and seriousness, and the earliest
        // deadline of a referral still waiting (an overdue referral is one whose deadline has passed).
        ["Status"] = incident.Status.ToString(),
        ["Route"] = incident.Plan?.Route.ToString(),
        ["Serious"] = incident.Plan?.Serious ?? false,
        ["ReferralsDueBy"] = incident.ReferralsDueBy,
        ["Source"] = incident.Source.ToString(),
        ["SubmittedAt"] = incident.SubmittedAt,
        ["ReportedBy"] = incident.ReportedBy,
        ["OccurredAt"] = incident.Report.OccurredAt,
        ["Description"] = incident.Report.Description,
        ["HowIdentified"] = incident.Report.HowIdentified.ToString(),
        ["Technology"] = incident.Report.Technology,
        ["PeopleInvolved"] = JsonSerializer.Serialize(incident.Report.PeopleInvolved, Json),
        ["Concerns"] = incident.Report.Concerns is null ? null : JsonSerializer.Serialize(incident.Report.Concerns, Json),
        // Actions, amendments and conclusions are written below in chunks.
        ["Conclusion"] = incident.Conclusion,
        ["Email"] = incident.Email is null ? null : JsonSerializer.Serialize(incident.Email, Json),
        ["Plan"] = incident.Plan is null ? null : JsonSerializer.Serialize(incident.Plan, Json),
        ["Outcome"] = incident.Outcome?.ToString(),
        // The column keeps the name it was first stored under.
        ["PolicyReview"] = incident.PostIncidentReview is null ? null : JsonSerializer.Serialize(incident.PostIncidentReview, Json),
    };

    static Incident FromEntity(TableEntity e) => new()
    {
        IncidentId = e.RowKey,
        AgencyId = e.GetString("AgencyId"),
        Reference = e.GetString("Reference"),
        AwaitingTriage = e.GetString("Status") == nameof(IncidentStatus.AwaitingTriage),
        Source = Enum.Parse<IncidentSource>(e.GetString("Source")),
        SubmittedAt = e.GetDateTimeOffset("SubmittedAt") ?? default,
        ReportedBy = e.GetString("ReportedBy"),
        Report = new IncidentReport(
            e.GetDateTimeOffset("OccurredAt") ?? default,
            e.GetString("Description"),
            Enum.Parse<HowIdentified>(e.GetString("HowIdentified")),
            e.GetString("Technology"),
            JsonSerializer.Deserialize<List<PersonInvolved>>(e.GetString("PeopleInvolved"), Json) ?? [],
            e.GetString("Concerns") is { } concerns ? JsonSerializer.Deserialize<Concerns>(concerns, Json) : null),
        Actions = JsonSerializer.Deserialize<List<IncidentAction>>(ReadChunked(e, "Actions"), Json) ?? [],
        Amendments = JsonSerializer.Deserialize<List<IncidentAmendment>>(ReadChunked(e, "Amendments"), Json) ?? [],
        Conclusions = JsonSerializer.Deserialize<List<ConclusionRecord>>(ReadChunked(e, "Conclusions"), Json) ?? [],
        Addenda = JsonSerializer.Deserialize<List<IncidentAddendum>>(ReadChunked(e, "Addenda"), Json) ?? [],
        Conclusion = e.GetString("Conclusion"),
        Email = e.GetString("Email") is { } email ? JsonSerializer.Deserialize<EmailRecord>(email, Json) : null,
        Plan = e.GetString("Plan") is { } plan ? JsonSerializer.Deserialize<RecordedPlan>(plan, Json) : null,
        Outcome = e.GetString("Outcome") is { } outcome ? Enum.Parse<AllegationOutcome>(outcome) : null,
        PostIncidentReview = e.GetString("PolicyReview") is { } review ? JsonSerializer.Deserialize<PostIncidentReviewRecord>(review, Json) : null,
    };
}
