using System.Globalization;
using Azure;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Platform.Scheduling;
using EsafetyServerless.Workflows.Platform.SelfTest;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>The scheduler's last beat: one row, overwritten by each beat.</summary>
public sealed class TableSchedulerHeartbeatStore(StorageTables tables) : ISchedulerHeartbeatStore
{
    const string Partition = "scheduler";
    const string Row = "heartbeat";

    public async Task RecordAsync(SchedulerBeat beat, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(beat);
        TableClient table = await tables.GetAsync(TableNames.Platform);
        TableEntity entity = new(Partition, Row)
        {
            [nameof(SchedulerBeat.ScheduledFor)] = beat.ScheduledFor,
            [nameof(SchedulerBeat.RanAt)] = beat.RanAt,
            [nameof(SchedulerBeat.RanBy)] = beat.RanBy,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<SchedulerBeat?> GetLastAsync(CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Platform);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, Row, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }

        TableEntity e = found.Value!;
        return new SchedulerBeat(
            e.GetDateTimeOffset(nameof(SchedulerBeat.ScheduledFor)) ?? default,
            e.GetDateTimeOffset(nameof(SchedulerBeat.RanAt)) ?? default,
            e.GetString(nameof(SchedulerBeat.RanBy)));
    }
}

/// <summary>Each scheduled job's last run: partition <c>scheduler-runs</c>, one row per job, overwritten by each run.</summary>
public sealed class TableScheduledRunLog(StorageTables tables) : IScheduledRunLog
{
    const string Partition = "scheduler-runs";

    public async Task<ScheduledRun?> GetLastAsync(string job, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.Platform);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(Partition, TableKeys.Escape(job), cancellationToken: cancellationToken);
        return found.HasValue
            ? new ScheduledRun(job, found.Value!.GetDateTimeOffset(nameof(ScheduledRun.ScheduledFor)) ?? default, found.Value!.GetDateTimeOffset(nameof(ScheduledRun.RanAt)))
            : null;
    }

    public async Task RecordAsync(ScheduledRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        TableClient table = await tables.GetAsync(TableNames.Platform);
        await table.UpsertEntityAsync(new TableEntity(Partition, TableKeys.Escape(run.Job))
        {
            [nameof(ScheduledRun.ScheduledFor)] = run.ScheduledFor,
            [nameof(ScheduledRun.RanAt)] = run.RanAt,
        }, TableUpdateMode.Replace, cancellationToken);
    }
}

/// <summary>Self-test steps: partition = run id, one row per step execution (a re-executed step adds a row).</summary>
public sealed class TableSelfTestJournal(StorageTables tables) : ISelfTestJournal
{
    public async Task RecordAsync(string runId, SelfTestStepRecorded step, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(step);
        TableClient table = await tables.GetAsync(TableNames.SelfTestRuns);
        string rowKey = string.Create(CultureInfo.InvariantCulture, $"{step.RecordedAt.UtcTicks:D19}-{Guid.NewGuid():N}");
        TableEntity entity = new(TableKeys.Escape(runId), rowKey)
        {
            [nameof(SelfTestStepRecorded.Step)] = step.Step,
            [nameof(SelfTestStepRecorded.RecordedAt)] = step.RecordedAt,
            [nameof(SelfTestStepRecorded.RecordedBy)] = step.RecordedBy,
        };
        await table.AddEntityAsync(entity, cancellationToken);
    }

    public async Task<IReadOnlyList<SelfTestStepRecorded>> ListAsync(string runId, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.SelfTestRuns);
        string partition = TableKeys.Escape(runId);
        List<SelfTestStepRecorded> steps = [];
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(x => x.PartitionKey == partition, cancellationToken: cancellationToken))
        {
            steps.Add(new SelfTestStepRecorded(
                e.GetString(nameof(SelfTestStepRecorded.Step)),
                e.GetDateTimeOffset(nameof(SelfTestStepRecorded.RecordedAt)) ?? default,
                e.GetString(nameof(SelfTestStepRecorded.RecordedBy))));
        }

        return steps;
    }
}
