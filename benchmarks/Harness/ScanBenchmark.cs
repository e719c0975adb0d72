using System.Diagnostics;
using Azure.Core;
using Azure.Data.Tables;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.Local;
using EsafetyServerless.Local.Azurite;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Reviews;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EsafetyServerless.Benchmarks;

/// <summary>
/// P5: the daily review scan and the retention job over 10,000 and 100,000 records with 50 due: entities read (on
/// the wire) and engine look-ups, against the number due. Target: ratio 1.0 (the cost follows what is due, not the size).
/// </summary>
public static class ScanBenchmark
{
    const int Due = 50;
    static readonly DateTimeOffset Today = new(2026, 12, 1, 6, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync()
    {
        Report.Heading("P5 daily scans");
        foreach (int size in new[] { 10_000, 100_000 })
        {
            // Fresh data for each size: a new Azurite, so nothing one size left due is counted in the next.
            string data = Path.Combine(Path.GetTempPath(), "esafety-bench-azurite-" + Guid.NewGuid().ToString("N"));
            await using (AzuriteProcess azurite = await AzuriteProcess.StartAsync(
                RepositoryRoot.Find(), data, FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), NullLogger.Instance, CancellationToken.None))
            {
                foreach (ScanFigures day in await ReviewScanAsync(azurite.ConnectionString, size))
                {
                    Report.Line($"review scan, {size,7:N0} items, {Due} due, {day.Day}: {day.Read} entities read ({Report.Ratio(day.Read, day.Expected)} of {day.Expected}), {day.LookUps} engine look-ups ({Report.Ratio(day.LookUps, Due)}), {day.Took.TotalMilliseconds:0} ms");
                }

                (double retentionRead, TimeSpan retentionTook) = await RetentionJobAsync(azurite.ConnectionString, size);
                Report.Line($"retention job, {size,7:N0} records, {Due} due: {retentionRead} entities read ({Report.Ratio(retentionRead, Due)}), {retentionTook.TotalMilliseconds:0} ms");
            }

            try
            {
                Directory.Delete(data, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is harmless.
            }
        }
    }

    /// <param name="Expected">What the day must read: the due index's 50 entries, and on the next day each one's recorded start too.</param>
    sealed record ScanFigures(string Day, int Read, int Expected, int LookUps, TimeSpan Took);

    /// <summary>The first day's scan (it starts the 50 reviews) and the next day's (every cycle already under way).</summary>
    static async Task<IReadOnlyList<ScanFigures>> ReviewScanAsync(string connectionString, int size)
    {
        string prefix = "B" + Guid.NewGuid().ToString("N")[..8];
        TableEntityCounter dueIndex = new(), starts = new();
        TableClientOptions options = new();
        options.AddPolicy(dueIndex, HttpPipelinePosition.PerCall);
        options.AddPolicy(starts, HttpPipelinePosition.PerCall);
        StorageTables tables = new(new TableServiceClient(connectionString, options));
        TableRegisterStore registers = new(tables, prefix);
        TableReviewCycleStarts cycleStarts = new(tables, prefix);
        dueIndex.Table = registers.DueIndexTable;
        starts.Table = cycleStarts.TableName;
        DateOnly today = DateOnly.FromDateTime(Today.UtcDateTime);
        List<RegisterItem> items = new(size);
        for (int i = 0; i < size; i++)
        {
            bool due = i % (size / Due) == 0;
            // Due: within the scan's 30-day window. The rest lie beyond it on both days measured.
            DateOnly next = due ? today.AddDays(i % 30) : today.AddDays(60 + (i % 300));
            items.Add(new RegisterItem($"{prefix.ToLowerInvariant()}-agency-{i % 100}", $"policy-{i:x8}", RegisterKind.Policy, "Policy " + i,
                next.AddMonths(-12), next, Today, "seed", Policy: new PolicyDetails(PolicyKind.Other)));
        }

        await registers.ImportAsync(items, CancellationToken.None);
        CountingWorkflows workflows = new();
        DailyReviewScan scan = new(registers, cycleStarts, workflows, new FakeTimeProvider(Today), NullLogger<DailyReviewScan>.Instance);
        List<ScanFigures> days = [];
        foreach ((string name, DateTimeOffset at, int expected) in new[] { ("first day", Today, Due), ("next day", Today.AddDays(1), 2 * Due) })
        {
            dueIndex.Reset();
            starts.Reset();
            workflows.Reset();
            Stopwatch clock = Stopwatch.StartNew();
            await scan.ScanAsync(at, null, CancellationToken.None);
            days.Add(new ScanFigures(name, dueIndex.EntitiesRead + starts.EntitiesRead, expected, workflows.Calls, clock.Elapsed));
        }

        return days;
    }

    static async Task<(double Read, TimeSpan Took)> RetentionJobAsync(string connectionString, int size)
    {
        TableEntityCounter counter = new() { Table = TableNames.Retention };
        TableClientOptions options = new();
        options.AddPolicy(counter, HttpPipelinePosition.PerCall);
        StorageTables tables = new(new TableServiceClient(connectionString, options));
        TableRetentionSchedule schedule = new(tables);
        string agency = "r" + Guid.NewGuid().ToString("N")[..8];
        await Parallel.ForEachAsync(Enumerable.Range(0, size), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            bool due = i % (size / Due) == 0;
            DateTimeOffset reviewAt = due ? Today.AddDays(-1 - (i % 30)) : Today.AddYears(1 + (i % 20));
            await schedule.ScheduleAsync(new RetentionEntry($"inc-{i:D8}-{agency}", agency, "R-" + i, RetentionRecordType.ChildProtection, reviewAt, "benchmark"), ct);
        });
        RetentionReviewJob job = new(schedule, new TableTaskStore(tables), new FakeTimeProvider(Today));
        counter.Reset();
        Stopwatch clock = Stopwatch.StartNew();
        await job.RunAsync(Today, CancellationToken.None);
        return (counter.EntitiesRead, clock.Elapsed);
    }

    /// <summary>Counts every call that would reach the durable engine; starts nothing.</summary>
    sealed class CountingWorkflows : IWorkflowSignals
    {
        int calls;

        public int Calls => Volatile.Read(ref this.calls);

        public void Reset() => Interlocked.Exchange(ref this.calls, 0);

        public Task<bool> StartIfNewAsync(string orchestrator, string instanceId, object input, bool restartIfFailed, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref this.calls);
            return Task.FromResult(true);
        }

        public Task RaiseAsync(string instanceId, string eventName, object? payload, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref this.calls);
            return Task.CompletedTask;
        }

        public Task<WorkflowState?> FindAsync(string instanceId, bool withOutput, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref this.calls);
            return Task.FromResult<WorkflowState?>(null);
        }

        public Task<IReadOnlyList<string>> ListInstanceIdsAsync(string orchestrator, string instanceIdPrefix, IReadOnlyCollection<WorkflowRuntimeStatus> statuses, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref this.calls);
            return Task.FromResult<IReadOnlyList<string>>([]);
        }

        public Task<int> DeleteHistoryAsync(string instanceId, string reason, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref this.calls);
            return Task.FromResult(0);
        }
    }
}
