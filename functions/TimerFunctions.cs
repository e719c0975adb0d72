using EsafetyServerless.Adapters.Orchestration;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Scheduling;
using EsafetyServerless.Workflows.Response;
using EsafetyServerless.Workflows.Reviews;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using EsafetyServerless.Workflows;

namespace EsafetyServerless.Functions;

/// <summary>The timer triggers of <see cref="ScheduledJobCatalog"/>: same names, same NCRONTAB constants (UTC).</summary>
public sealed class TimerFunctions(SchedulerHeartbeat schedulerHeartbeat, RetentionReviewJob retentionReview, TimeProvider timeProvider)
{
    [Function(nameof(SchedulerHeartbeat))]
    public Task RunSchedulerHeartbeat([TimerTrigger(Schedules.SchedulerHeartbeat)] TimerInfo timer, FunctionContext context) =>
        schedulerHeartbeat.RunAsync(this.ScheduledFor(timer), context?.CancellationToken ?? CancellationToken.None);

    [Function(nameof(RetentionReviewJob))]
    public Task RunRetentionReview([TimerTrigger(Schedules.RetentionReview)] TimerInfo timer, FunctionContext context) =>
        retentionReview.RunAsync(this.ScheduledFor(timer), context?.CancellationToken ?? CancellationToken.None);

    /// <summary>The scan starts workflows: it gets the invocation's durable client from the binding, as the HTTP triggers do.</summary>
    [Function(nameof(DailyReviewScan))]
    public Task RunDailyReviewScan([TimerTrigger(Schedules.DailyReviewScan)] TimerInfo timer, [DurableClient] DurableTaskClient durable, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.InstanceServices.GetRequiredService<InvocationDurableClientSource>().Client = durable;
        return context.InstanceServices.GetRequiredService<DailyReviewScan>().RunAsync(this.ScheduledFor(timer), context.CancellationToken);
    }

    /// <summary>Finishing an interrupted submission starts its workflow: the durable client comes from the binding.</summary>
    [Function(nameof(ReconcileSubmissions))]
    public Task RunReconcileSubmissions([TimerTrigger(Schedules.ReconcileSubmissions)] TimerInfo timer, [DurableClient] DurableTaskClient durable, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.InstanceServices.GetRequiredService<InvocationDurableClientSource>().Client = durable;
        return context.InstanceServices.GetRequiredService<ReconcileSubmissions>().RunAsync(this.ScheduledFor(timer), context.CancellationToken);
    }

    /// <summary>Restarting a failed response workflow starts it again: the durable client comes from the binding.</summary>
    [Function(nameof(RestartFailedResponses))]
    public Task RunRestartFailedResponses([TimerTrigger(Schedules.RestartFailedResponses)] TimerInfo timer, [DurableClient] DurableTaskClient durable, FunctionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.InstanceServices.GetRequiredService<InvocationDurableClientSource>().Client = durable;
        return context.InstanceServices.GetRequiredService<RestartFailedResponses>().RunAsync(this.ScheduledFor(timer), context.CancellationToken);
    }

    DateTimeOffset ScheduledFor(TimerInfo? timer) =>
        timer?.ScheduleStatus?.Last is { } last && last != default ? new DateTimeOffset(last, TimeSpan.Zero) : timeProvider.GetUtcNow();
}
