using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Tasks;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>Tasks: partition = agency, row = task id. An agency has hundreds of tasks at most, so "My tasks" reads its partition.</summary>
public sealed class TableTaskStore(StorageTables tables) : ITaskStore
{
    static readonly JsonSerializerOptions Json = TableJson.Options;

    public async Task<WorkTask> OpenAsync(WorkTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        TableClient table = await tables.GetAsync(TableNames.Tasks);
        try
        {
            await table.AddEntityAsync(ToEntity(task), cancellationToken);
            return task;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
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
        List<WorkTask> found = [];
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(agencyId)}");
        await foreach (TableEntity entity in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(FromEntity(entity));
        }

        return found.Where(t => t.State == WorkTaskState.Open).OrderBy(t => t.DueAt)
            .Concat(found.Where(t => t.State != WorkTaskState.Open).OrderByDescending(t => t.Completion?.CompletedAt))
            .ToList();
    }

    public async Task<WorkTask?> UpdateAsync(string agencyId, string taskId, Func<WorkTask, WorkTask> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!IsWellFormedId(taskId))
        {
            return null;
        }

        TableClient table = await tables.GetAsync(TableNames.Tasks);
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
            if (changed == current)
            {
                return current;
            }

            try
            {
                await table.UpdateEntityAsync(ToEntity(changed), found.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                return changed;
            }
            catch (RequestFailedException ex) when (ex.Status == 412 && attempt < 5)
            {
                // Someone else changed the task between our read and write: read it again and re-apply.
            }
        }
    }

    static bool IsWellFormedId(string taskId) =>
        !string.IsNullOrEmpty(taskId) && taskId.Length <= 128 && taskId.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    static TableEntity ToEntity(WorkTask task) => new(TableKeys.Escape(task.AgencyId), task.TaskId)
    {
        ["State"] = task.State.ToString(),
        ["Task"] = JsonSerializer.Serialize(task, Json),
    };

    static WorkTask FromEntity(TableEntity entity) => JsonSerializer.Deserialize<WorkTask>(entity.GetString("Task"), Json)!;
}
