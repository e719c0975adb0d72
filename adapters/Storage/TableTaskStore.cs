using System.Collections.Concurrent;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// Tasks: partition = agency, row = task id, and beside each task (rows starting with '~', after every task id) its
/// index rows, each a copy of the task: <c>~s|{subject}|{task}</c> (the incident or register item it is about) and
/// <c>~h|{holder}|{task}</c> for whoever holds it or delegated it (<c>p:{personId}</c>, or <c>r:{role}</c> while no one
/// person holds it). A task and its index rows are written in one entity-group transaction, conditional on the task's
/// ETag, so the index never disagrees with the task; an incident's tasks and "My tasks" are one or two range reads,
/// whatever the agency's history. The agency's whole list still reads the task rows only.
/// </summary>
/// <remarks>
/// Tasks stored before the index existed are indexed once per agency (a backfill, the first time this process reads or
/// opens the agency's tasks): each unindexed task row gets its index rows in a transaction conditional on its ETag, then
/// the marker row <c>~indexed</c> records that the partition is complete, so later processes read the marker only.
/// </remarks>
public sealed class TableTaskStore(StorageTables tables) : ITaskStore
{
    const string IndexedMarker = "~indexed";
    const string SubjectPrefix = "~s|";
    const string HolderPrefix = "~h|";

    /// <summary>Every task id sorts before this (ids are letters, digits, '-' and '_'); index rows and the marker after it.</summary>
    const string AfterTasks = "~";

    const string IndexedProperty = "Indexed";

    static readonly JsonSerializerOptions Json = TableJson.Options;

    /// <summary>Agencies whose partition is known to be indexed, so the marker is read once per process.</summary>
    readonly ConcurrentDictionary<string, Lazy<Task>> indexed = new(StringComparer.Ordinal);

    public async Task<WorkTask> OpenAsync(WorkTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        TableClient table = await this.ReadyAsync(task.AgencyId, cancellationToken);
        List<TableTransactionAction> transaction = [new(TableTransactionActionType.Add, ToEntity(task))];
        transaction.AddRange(IndexEntities(task).Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)));
        try
        {
            await table.SubmitTransactionAsync(transaction, cancellationToken);
            return task;
        }
        catch (TableTransactionFailedException ex) when (ex.Status == 409)
        {
            return (await this.FindAsync(task.AgencyId, task.TaskId, cancellationToken))!;
        }
    }

    public async Task<WorkTask?> FindAsync(string agencyId, string taskId, CancellationToken cancellationToken)
    {
        if (!IsWellFormedId(taskId))
        {
            return null;
        }

        TableClient table = await tables.GetAsync(TableNames.Tasks);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(
            TableKeys.Escape(agencyId), taskId, cancellationToken: cancellationToken);
        return found.HasValue ? FromEntity(found.Value!) : null;
    }

    public async Task<IReadOnlyList<WorkTask>> ListAsync(string agencyId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Tasks);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(agencyId)} and RowKey lt {AfterTasks}");
        return Ordered(await ReadAsync(table, filter, cancellationToken));
    }

    public async Task<IReadOnlyList<WorkTask>> ListForSubjectAsync(string agencyId, string subjectId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subjectId);
        TableClient table = await this.ReadyAsync(agencyId, cancellationToken);
        List<WorkTask> found = await ReadAsync(table, RangeFilter(agencyId, SubjectPrefix + TableKeys.Escape(subjectId) + "|"), cancellationToken);
        return Ordered(found.Where(t => t.SubjectId == subjectId));
    }

    public async Task<IReadOnlyList<WorkTask>> ListConcerningAsync(Person person, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(person);
        TableClient table = await this.ReadyAsync(person.AgencyId, cancellationToken);
        IEnumerable<string> holders = [PersonHolder(person.PersonId), .. person.Roles.Members().Select(RoleHolder)];
        List<WorkTask>[] held = await Task.WhenAll(
            holders.Select(holder => ReadAsync(table, RangeFilter(person.AgencyId, HolderPrefix + holder + "|"), cancellationToken)));
        return Ordered(held.SelectMany(t => t).DistinctBy(t => t.TaskId).Where(t => t.Concerns(person)));
    }

    public async Task<WorkTask?> UpdateAsync(string agencyId, string taskId, Func<WorkTask, WorkTask> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!IsWellFormedId(taskId))
        {
            return null;
        }

        TableClient table = await this.ReadyAsync(agencyId, cancellationToken);
        for (int attempt = 0; ; attempt++)
        {
            NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(
                TableKeys.Escape(agencyId), taskId, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                return null;
            }

            WorkTask current = FromEntity(found.Value!);
            WorkTask changed = change(current);
            if (changed == current && IsIndexed(found.Value!))
            {
                return current;
            }

            try
            {
                await ReplaceAsync(table, found.Value!, current, changed, checkIndexRows: false, cancellationToken);
                return changed;
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 412 && attempt < 5)
            {
                // Someone else changed the task between our read and write: read it again and re-apply.
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404 && attempt < 5)
            {
                // An index row the old version should have had is missing: next time delete only those that exist.
                await ReplaceAsync(table, found.Value!, current, changed, checkIndexRows: true, cancellationToken);
                return changed;
            }
        }
    }

    /// <summary>
    /// Replaces the task and its index rows in one transaction conditional on the task's ETag: the new rows upserted,
    /// the rows the old version had and the new one has not deleted (an unindexed old row has none).
    /// </summary>
    /// <param name="checkIndexRows">Delete only the old rows that are there (a delete of a missing row fails the transaction).</param>
    static async Task ReplaceAsync(TableClient table, TableEntity stored, WorkTask current, WorkTask changed, bool checkIndexRows, CancellationToken cancellationToken)
    {
        List<TableEntity> rows = IndexEntities(changed);
        HashSet<string> keep = rows.Select(r => r.RowKey).ToHashSet(StringComparer.Ordinal);
        List<TableTransactionAction> transaction = [new(TableTransactionActionType.UpdateReplace, ToEntity(changed), stored.ETag)];
        transaction.AddRange(rows.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r)));
        if (IsIndexed(stored))
        {
            foreach (string stale in IndexKeys(current).Where(k => !keep.Contains(k)))
            {
                if (!checkIndexRows || (await table.GetEntityIfExistsAsync<TableEntity>(stored.PartitionKey, stale, select: ["PartitionKey"], cancellationToken: cancellationToken)).HasValue)
                {
                    transaction.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(stored.PartitionKey, stale), ETag.All));
                }
            }
        }

        await table.SubmitTransactionAsync(transaction, cancellationToken);
    }

    /// <summary>The table, once the agency's partition is known to be indexed (backfilled if it was not).</summary>
    async Task<TableClient> ReadyAsync(string agencyId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Tasks);
        Lazy<Task> ready = this.indexed.GetOrAdd(agencyId, id => new Lazy<Task>(() => EnsureIndexedAsync(table, id)));
        try
        {
            await ready.Value.WaitAsync(cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Do not keep a failure (storage briefly unreachable): the next caller tries again.
            this.indexed.TryRemove(new KeyValuePair<string, Lazy<Task>>(agencyId, ready));
            throw;
        }

        return table;
    }

    static async Task EnsureIndexedAsync(TableClient table, string agencyId)
    {
        string partition = TableKeys.Escape(agencyId);
        if ((await table.GetEntityIfExistsAsync<TableEntity>(partition, IndexedMarker, select: ["PartitionKey"])).HasValue)
        {
            return;
        }

        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey lt {AfterTasks}");
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter))
        {
            TableEntity stored = row;
            for (int attempt = 0; !IsIndexed(stored); attempt++)
            {
                WorkTask task = FromEntity(stored);
                try
                {
                    await ReplaceAsync(table, stored, task, task, checkIndexRows: false, CancellationToken.None);
                    break;
                }
                catch (TableTransactionFailedException ex) when (ex.Status == 412 && attempt < 5)
                {
                    // Changed meanwhile by a writer that indexes what it writes: read it again.
                    NullableResponse<TableEntity> again = await table.GetEntityIfExistsAsync<TableEntity>(partition, stored.RowKey);
                    if (!again.HasValue)
                    {
                        break;
                    }

                    stored = again.Value!;
                }
            }
        }

        try
        {
            await table.AddEntityAsync(new TableEntity(partition, IndexedMarker));
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Another process finished the backfill first.
        }
    }

    static string RangeFilter(string agencyId, string prefix) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(agencyId)} and RowKey ge {prefix} and RowKey lt {prefix + AfterTasks}");

    static async Task<List<WorkTask>> ReadAsync(TableClient table, string filter, CancellationToken cancellationToken)
    {
        List<WorkTask> found = [];
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(FromEntity(entity));
        }

        return found;
    }

    /// <summary>Open first, soonest due first; then the most recently done.</summary>
    static List<WorkTask> Ordered(IEnumerable<WorkTask> tasks)
    {
        List<WorkTask> all = tasks.ToList();
        return all.Where(t => t.State == WorkTaskState.Open).OrderBy(t => t.DueAt)
            .Concat(all.Where(t => t.State != WorkTaskState.Open).OrderByDescending(t => t.Completion?.CompletedAt))
            .ToList();
    }

    /// <summary>Who holds the task (one person, or its role), and who delegated it: each finds it in "My tasks".</summary>
    static IEnumerable<string> Holders(WorkTask task)
    {
        yield return task.AssigneePersonId is { } person ? PersonHolder(person) : RoleHolder(task.AssigneeRole);
        if (task.Delegation?.DelegatedBy is { } delegatedBy)
        {
            yield return PersonHolder(delegatedBy);
        }
    }

    static string PersonHolder(string personId) => "p:" + TableKeys.Escape(personId);

    static string RoleHolder(Role role) => "r:" + role;

    static IEnumerable<string> IndexKeys(WorkTask task) =>
        Holders(task).Select(h => HolderPrefix + h + "|" + task.TaskId)
            .Prepend(SubjectPrefix + TableKeys.Escape(task.SubjectId) + "|" + task.TaskId)
            .Distinct(StringComparer.Ordinal);

    static List<TableEntity> IndexEntities(WorkTask task)
    {
        string json = JsonSerializer.Serialize(task, Json);
        return IndexKeys(task).Select(key => new TableEntity(TableKeys.Escape(task.AgencyId), key)
        {
            ["State"] = task.State.ToString(),
            ["Task"] = json,
        }).ToList();
    }

    static bool IsIndexed(TableEntity entity) => entity.GetBoolean(IndexedProperty) == true;

    static bool IsWellFormedId(string taskId) =>
        !string.IsNullOrEmpty(taskId) && taskId.Length <= 128 && taskId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    static TableEntity ToEntity(WorkTask task) => new(TableKeys.Escape(task.AgencyId), task.TaskId)
    {
        ["State"] = task.State.ToString(),
        ["Task"] = JsonSerializer.Serialize(task, Json),
        [IndexedProperty] = true,
    };

    static WorkTask FromEntity(TableEntity entity) => JsonSerializer.Deserialize<WorkTask>(entity.GetString("Task"), Json)!;
}
