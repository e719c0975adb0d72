using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Platform.Scheduling;
using EsafetyServerless.Workflows.Registers;
using Microsoft.Extensions.Logging;

namespace EsafetyServerless.Workflows.Reviews;

/// <summary>
/// The daily timer (<see cref="Schedules.DailyReviewScan"/>, UTC): every register item due within 30 days or overdue
/// gets its review workflow, exactly once per cycle. It reads the due index only up to today + 30 days, so the cost
/// grows with the number of due items, not with the size of the registers.
/// </summary>
/// <remarks>
/// The instance id names the item and its cycle's due date, so a second run starts nothing new; a cycle whose workflow
/// failed or was terminated is started again, so one bad day does not end the chasing for good.
/// </remarks>
public sealed partial class DailyReviewScan(IRegisterStore registers, IWorkflowSignals workflows, TimeProvider timeProvider, ILogger<DailyReviewScan> logger) : IScheduledJob
{
    public Task RunAsync(DateTimeOffset scheduledFor, CancellationToken cancellationToken) =>
        this.ScanAsync(timeProvider.GetUtcNow(), null, cancellationToken);

    /// <param name="timings">Overrides for tests; null for the standard reminders and escalations.</param>
    public async Task<ReviewScanResult> ScanAsync(DateTimeOffset now, ReviewTimings? timings, CancellationToken cancellationToken)
    {
        DateOnly through = DateOnly.FromDateTime(now.UtcDateTime).AddDays(ReviewCycle.DueSoonDays);
        int due = 0;
        int started = 0;
        int failed = 0;
        await foreach (DueEntry entry in registers.ListDueAsync(through, cancellationToken))
        {
            due++;
            string instanceId = ReviewInstances.IdFor(entry.AgencyId, entry.ItemId, entry.Due);
            RegisterReviewInput input = new(entry.AgencyId, entry.ItemId, entry.Kind, ReviewInstances.DueAt(entry.Due), timings);
            try
            {
                if (await workflows.StartIfNewAsync(nameof(RegisterReview), instanceId, input, restartIfFailed: true, cancellationToken))
                {
                    started++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One item's failure must not hold up the others; tomorrow's run tries it again.
                failed++;
                LogStartFailed(logger, ex, instanceId);
            }
        }

        LogScanned(logger, through, due, started, failed);
        return new ReviewScanResult(due, started, failed);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not start review {InstanceId}")]
    static partial void LogStartFailed(ILogger logger, Exception exception, string instanceId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Review scan through {Through}: {Due} due, {Started} started, {Failed} failed")]
    static partial void LogScanned(ILogger logger, DateOnly through, int due, int started, int failed);
}

/// <param name="Due">Items due within 30 days or overdue.</param>
/// <param name="Started">Review workflows started by this run (the others were already running or done).</param>
/// <param name="Failed">Items whose workflow could not be started (tried again on the next run).</param>
public sealed record ReviewScanResult(int Due, int Started, int Failed = 0);
