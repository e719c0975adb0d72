using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Platform.Scheduling;
using EsafetyServerless.Workflows.Registers;
using Microsoft.Extensions.Logging;

namespace EsafetyServerless.Workflows.Reviews;

/// <summary>
/// The daily timer (<see cref="Schedules.DailyReviewScan"/>, UTC): every register item due within 30 days or overdue
/// gets its review workflow, exactly once per cycle. It reads the due index only up to today + 30 days, so the cost
/// grows with the number of due items, not with the size of the registers; and it asks the engine only about cycles
/// whose workflow it does not know to have started.
/// </summary>
/// <remarks>
/// The instance id names the item and its cycle's due date, so a second run starts nothing new. Once a cycle's workflow
/// is started (or found), the start is recorded (<see cref="IReviewCycleStarts"/>) and later scans skip the cycle with no
/// engine look-up. A cycle whose workflow failed is started again by the next scan: the workflow forgets its recorded
/// start as it fails (<see cref="ForgetReviewCycleStart"/>). A workflow ended any other way (terminated by an operator,
/// its history purged) runs no code as it ends, so a recorded start is trusted for <see cref="TrustStartedFor"/> only:
/// after that the scan asks the engine again, restarts it if it failed or was terminated, and records the check.
/// Recorded starts of cycles no longer in the due index (reviewed, or moved to a new date) are deleted.
/// </remarks>
public sealed partial class DailyReviewScan(
    IRegisterStore registers, IReviewCycleStarts starts, IWorkflowSignals workflows, TimeProvider timeProvider, ILogger<DailyReviewScan> logger) : IScheduledJob
{
    /// <summary>How long a recorded start spares the cycle an engine look-up.</summary>
    public static readonly TimeSpan TrustStartedFor = TimeSpan.FromDays(7);

    public Task RunAsync(DateTimeOffset scheduledFor, CancellationToken cancellationToken) =>
        this.ScanAsync(timeProvider.GetUtcNow(), null, cancellationToken);

    /// <param name="timings">Overrides for tests; null for the standard reminders and escalations.</param>
    public async Task<ReviewScanResult> ScanAsync(DateTimeOffset now, ReviewTimings? timings, CancellationToken cancellationToken)
    {
        DateOnly through = DateOnly.FromDateTime(now.UtcDateTime).AddDays(ReviewCycle.DueSoonDays);
        Dictionary<(string, string, DateOnly), ReviewCycleStart> known = (await starts.ListThroughAsync(through, cancellationToken))
            .ToDictionary(s => (s.AgencyId, s.ItemId, s.Due));
        int due = 0;
        int started = 0;
        int failed = 0;
        int skipped = 0;
        await foreach (DueEntry entry in registers.ListDueAsync(through, cancellationToken))
        {
            due++;
            if (known.Remove((entry.AgencyId, entry.ItemId, entry.Due), out ReviewCycleStart? start) && now - start.CheckedAt < TrustStartedFor)
            {
                skipped++;
                continue;
            }

            string instanceId = ReviewInstances.IdFor(entry.AgencyId, entry.ItemId, entry.Due);
            RegisterReviewInput input = new(entry.AgencyId, entry.ItemId, entry.Kind, ReviewInstances.DueAt(entry.Due), timings);
            try
            {
                if (await workflows.StartIfNewAsync(nameof(RegisterReview), instanceId, input, restartIfFailed: true, cancellationToken))
                {
                    started++;
                }

                await starts.RecordAsync(new ReviewCycleStart(entry.AgencyId, entry.ItemId, entry.Due, now), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One item's failure must not hold up the others; tomorrow's run tries it again.
                failed++;
                LogStartFailed(logger, ex, instanceId);
            }
        }

        foreach (ReviewCycleStart over in known.Values)
        {
            await starts.ForgetAsync(over.AgencyId, over.ItemId, over.Due, cancellationToken);
        }

        LogScanned(logger, through, due, started, skipped, failed);
        return new ReviewScanResult(due, started, failed, skipped);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not start review {InstanceId}")]
    static partial void LogStartFailed(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Review scan through {Through}: {Due} due, {Started} started, {Skipped} known to run, {Failed} failed")]
    static partial void LogScanned(ILogger logger, DateOnly through, int due, int started, int skipped, int failed);
}

/// <param name="Due">Items due within 30 days or overdue.</param>
/// <param name="Started">Review workflows started by this run (the others were already running or done).</param>
/// <param name="Failed">Items whose workflow could not be started (tried again on the next run).</param>
/// <param name="KnownToRun">Items skipped with no engine look-up: their cycle's start was recorded within the past week.</param>
public sealed record ReviewScanResult(int Due, int Started, int Failed = 0, int KnownToRun = 0);
