using EsafetyServerless.Workflows.Platform.Scheduling;
using EsafetyServerless.Workflows;

namespace EsafetyServerless.Local.Scheduling;

/// <summary>
/// Runs the Functions app's timer schedules (<see cref="ScheduledJobCatalog"/>, the same NCRONTAB expressions, UTC)
/// in the local runtime. Time comes from the injected <see cref="TimeProvider"/>, so tests drive it with a fake clock.
/// Like the Functions timer's schedule monitor, it keeps each job's last run in storage (<see cref="IScheduledRunLog"/>)
/// and, on start, runs once at once a job whose last occurrence passed while the runtime was stopped (jobs a minute
/// apart or more: <see cref="ScheduledJobDefinition.CatchesUp"/>). A job it has never seen owes nothing: its last
/// occurrence is recorded as the starting point.
/// </summary>
public sealed partial class LocalScheduler(IServiceScopeFactory scopes, IScheduledRunLog runs, TimeProvider timeProvider, ILogger<LocalScheduler> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(ScheduledJobCatalog.All.Select(job => this.RunOnScheduleAsync(job, stoppingToken)));

    async Task RunOnScheduleAsync(ScheduledJobDefinition job, CancellationToken stoppingToken)
    {
        if (job.CatchesUp)
        {
            await this.CatchUpAsync(job, stoppingToken);
        }

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

    /// <summary>Runs the job once for its last occurrence if that passed after the last recorded run.</summary>
    async Task CatchUpAsync(ScheduledJobDefinition job, CancellationToken stoppingToken)
    {
        try
        {
            DateTimeOffset now = timeProvider.GetUtcNow();
            if (job.LastOccurrenceAtOrBefore(now) is not { } last)
            {
                return;
            }

            ScheduledRun? recorded = await runs.GetLastAsync(job.Name, stoppingToken);
            if (recorded is null)
            {
                await runs.RecordAsync(new ScheduledRun(job.Name, last, RanAt: null), stoppingToken);
            }
            else if (recorded.ScheduledFor < last)
            {
                LogCatchingUp(logger, job.Name, last, recorded.ScheduledFor);
                await this.RunOnceAsync(job, last, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        catch (Exception ex)
        {
            // Storage unreachable at start: no catch-up this time; the schedule itself goes on.
            LogFailed(logger, ex, job.Name, timeProvider.GetUtcNow());
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
            if (job.CatchesUp)
            {
                await runs.RecordAsync(new ScheduledRun(job.Name, scheduledFor, timeProvider.GetUtcNow()), cancellationToken);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(logger, ex, job.Name, scheduledFor);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Scheduled job {Job} ran for {ScheduledFor}")]
    static partial void LogRan(ILogger logger, string job, DateTimeOffset scheduledFor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled job {Job} missed {ScheduledFor} while stopped (last run for {LastRun}): running it now")]
    static partial void LogCatchingUp(ILogger logger, string job, DateTimeOffset scheduledFor, DateTimeOffset lastRun);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduled job {Job} failed for {ScheduledFor}")]
    static partial void LogFailed(ILogger logger, Exception exception, string job, DateTimeOffset scheduledFor);
}
