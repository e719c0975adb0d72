using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Platform.Scheduling;
using Microsoft.Azure.Functions.Worker;

namespace EsafetyServerless.Functions;

/// <summary>The timer triggers of <see cref="ScheduledJobCatalog"/>: same names, same NCRONTAB constants (UTC).</summary>
public sealed class TimerFunctions(SchedulerHeartbeat schedulerHeartbeat, RetentionReviewJob retentionReview, TimeProvider timeProvider)
{
    [Function(nameof(SchedulerHeartbeat))]
    public Task RunSchedulerHeartbeat([TimerTrigger(Schedules.SchedulerHeartbeat)] TimerInfo timer, FunctionContext context) =>
        schedulerHeartbeat.RunAsync(timer?.ScheduleStatus?.Last is { } last && last != default ? new DateTimeOffset(last, TimeSpan.Zero) : timeProvider.GetUtcNow(), context?.CancellationToken ?? CancellationToken.None);

    [Function(nameof(RetentionReviewJob))]
    public Task RunRetentionReview([TimerTrigger(Schedules.RetentionReview)] TimerInfo timer, FunctionContext context) =>
        retentionReview.RunAsync(this.ScheduledFor(timer), context?.CancellationToken ?? CancellationToken.None);

    DateTimeOffset ScheduledFor(TimerInfo? timer) =>
        timer?.ScheduleStatus?.Last is { } last && last != default ? new DateTimeOffset(last, TimeSpan.Zero) : timeProvider.GetUtcNow();
}
