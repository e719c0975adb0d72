namespace EsafetyServerless.Workflows.Platform.Scheduling;

/// <summary>
/// The last occurrence of a scheduled job that a host has dealt with: run (<paramref name="RanAt"/> set), or taken as
/// its starting point the first time it saw the job (<paramref name="RanAt"/> null: nothing before it is owed).
/// </summary>
public sealed record ScheduledRun(string Job, DateTimeOffset ScheduledFor, DateTimeOffset? RanAt);

/// <summary>Port: each scheduled job's last run, kept in storage so a host that was stopped knows what it missed.</summary>
public interface IScheduledRunLog
{
    Task<ScheduledRun?> GetLastAsync(string job, CancellationToken cancellationToken);

    Task RecordAsync(ScheduledRun run, CancellationToken cancellationToken);
}
