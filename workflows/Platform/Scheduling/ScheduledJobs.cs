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

    /// <summary>The last occurrence at or before <paramref name="now"/> within the past 400 days, in UTC.</summary>
    public DateTimeOffset? LastOccurrenceAtOrBefore(DateTimeOffset now)
    {
        CrontabSchedule schedule = this.ParseSchedule();
        DateTime end = now.UtcDateTime.AddTicks(1);
        for (TimeSpan window = TimeSpan.FromHours(1); window <= TimeSpan.FromDays(400); window *= 4)
        {
            DateTime? last = null;
            foreach (DateTime occurrence in schedule.GetNextOccurrences(end - window, end))
            {
                last = occurrence;
            }

            if (last is { } found)
            {
                return new DateTimeOffset(DateTime.SpecifyKind(found, DateTimeKind.Utc));
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a run missed while no host was running is made up once when one starts: as the Functions timer trigger's
    /// schedule monitor does (<c>UseMonitor</c>, on by default for schedules a minute apart or more). A job that runs
    /// every few seconds has its next run sooner than any catch-up would be.
    /// </summary>
    public bool CatchesUp
    {
        get
        {
            DateTimeOffset first = this.NextOccurrenceAfter(DateTimeOffset.UnixEpoch);
            return this.NextOccurrenceAfter(first) - first >= TimeSpan.FromMinutes(1);
        }
    }
}
