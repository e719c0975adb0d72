using EsafetyServerless.Http.Reviews;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Platform.Scheduling;
using EsafetyServerless.Workflows.Registers;
using EsafetyServerless.Workflows.Reviews;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace EsafetyServerless.Functions;

/// <summary>The timer triggers of <see cref="ScheduledJobCatalog"/>: same names, same NCRONTAB constants (UTC).</summary>
public sealed class TimerFunctions(SchedulerHeartbeat schedulerHeartbeat, RetentionReviewJob retentionReview, IRegisterStore registers, TimeProvider timeProvider, ILogger<DailyReviewScan> scanLogger)
{
    [Function(nameof(SchedulerHeartbeat))]
    public Task RunSchedulerHeartbeat([TimerTrigger(Schedules.SchedulerHeartbeat)] TimerInfo timer, FunctionContext context) =>
        schedulerHeartbeat.RunAsync(this.ScheduledFor(timer), context?.CancellationToken ?? CancellationToken.None);

    [Function(nameof(RetentionReviewJob))]
    public Task RunRetentionReview([TimerTrigger(Schedules.RetentionReview)] TimerInfo timer, FunctionContext context) =>
        retentionReview.RunAsync(this.ScheduledFor(timer), context?.CancellationToken ?? CancellationToken.None);

    /// <summary>The durable client comes from the binding here, so the scan is built per run rather than from DI.</summary>
    [Function(nameof(DailyReviewScan))]
    public Task RunDailyReviewScan([TimerTrigger(Schedules.DailyReviewScan)] TimerInfo timer, [DurableClient] DurableTaskClient durable, FunctionContext context) =>
        new DailyReviewScan(registers, new DurableReviewStarter(durable), timeProvider, scanLogger)
            .RunAsync(this.ScheduledFor(timer), context?.CancellationToken ?? CancellationToken.None);

    DateTimeOffset ScheduledFor(TimerInfo? timer) =>
        timer?.ScheduleStatus?.Last is { } last && last != default ? new DateTimeOffset(last, TimeSpan.Zero) : timeProvider.GetUtcNow();
}
