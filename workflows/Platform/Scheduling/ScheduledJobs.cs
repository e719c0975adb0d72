using NCrontab;

namespace EsafetyServerless.Workflows.Platform.Scheduling;

/// <summary>
/// The NCRONTAB schedules of every timer trigger, defined once. The Functions app puts these constants in its
/// <c>[TimerTrigger]</c> attributes and the local runtime's scheduler reads <see cref="All"/>. Six fields, seconds
/// first, evaluated in UTC by both hosts (Linux Function apps ignore WEBSITE_TIME_ZONE, so the local runtime uses
/// UTC too).
/// </summary>
public static class Schedules
{
    /// <summary>Every ten minutes: the scheduler records that it is alive, which the health report shows.</summary>
    public const string SchedulerHeartbeat = "0 */10 * * * *";

    /// <summary>Daily at 02:30 UTC: list the incidents whose retention review is due (docs/domain.md, Retention).</summary>
    public const string RetentionReview = "0 30 2 * * *";
    /// <summary>Daily at 06:00 UTC (07:00 in British Summer Time): start the reviews and refreshers due within 30 days.</summary>
    public const string DailyReviewScan = "0 0 6 * * *";

    /// <summary>Every 30 seconds: finish submissions that were accepted but interrupted before their workflow started.</summary>
    public const string ReconcileSubmissions = "*/30 * * * * *";

    /// <summary>Daily at 03:15 UTC: start again every response workflow that failed or was terminated.</summary>
    public const string RestartFailedResponses = "0 15 3 * * *";
}

/// <summary>A job run on a schedule. Hosts differ only in what wakes it: a timer trigger or the local scheduler.</summary>
public interface IScheduledJob
{
    Task RunAsync(DateTimeOffset scheduledFor, CancellationToken cancellationToken);
}

/// <summary>One timer: its function name, its schedule and the job it runs.</summary>
public sealed record ScheduledJobDefinition(string Name, string Schedule, Type JobType)
{
    public CrontabSchedule ParseSchedule() =>
        CrontabSchedule.Parse(this.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    /// <summary>The first occurrence strictly after <paramref name="after"/>, in UTC.</summary>
    public DateTimeOffset NextOccurrenceAfter(DateTimeOffset after) =>
        new(DateTime.SpecifyKind(this.ParseSchedule().GetNextOccurrence(after.UtcDateTime), DateTimeKind.Utc));
}
