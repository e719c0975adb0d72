using EsafetyServerless.Workflows.Platform.Scheduling;
using EsafetyServerless.Workflows;

namespace EsafetyServerless.Local.Scheduling;

/// <summary>
/// Runs the Functions app's timer schedules (<see cref="ScheduledJobCatalog"/>, the same NCRONTAB expressions, UTC)
/// in the local runtime. Time comes from the injected <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// </summary>
public sealed partial class LocalScheduler(IServiceScopeFactory scopes, TimeProvider timeProvider, ILogger<LocalScheduler> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ScheduledJobCatalog.All.Select(job => this.RunOnScheduleAsync(job, stoppingToken)));

    async Task RunOnScheduleAsync(ScheduledJobDefinition job, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            DateTimeOffset now = timeProvider.GetUtcNow();
            DateTimeOffset due = job.NextOccurrenceAfter(now);
            try
            {
                await Task.Delay(due - now, timeProvider, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            await this.RunOnceAsync(job, due, stoppingToken);
        }
    }

    /// <summary>Runs one occurrence in its own DI scope; a failure is logged and the schedule goes on.</summary>
    public async Task RunOnceAsync(ScheduledJobDefinition job, DateTimeOffset scheduledFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        await using AsyncServiceScope scope = scopes.CreateAsyncScope();
        try
        {
            IScheduledJob instance = (IScheduledJob)scope.ServiceProvider.GetRequiredService(job.JobType);
            await instance.RunAsync(scheduledFor, cancellationToken);
            LogRan(logger, job.Name, scheduledFor);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex, job.Name, scheduledFor);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Scheduled job {Job} ran for {ScheduledFor}")]
    static partial void LogRan(ILogger logger, string job, DateTimeOffset scheduledFor);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled job {Job} failed for {ScheduledFor}")]
    static partial void LogFailed(ILogger logger, Exception exception, string job, DateTimeOffset scheduledFor);
}
