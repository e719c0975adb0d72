namespace EsafetyServerless.Workflows.Platform.Scheduling;

/// <summary>
/// Records that the scheduler fired. Review deadlines depend on timers, so the health report shows when the
/// scheduler last ran; an IT technician can see at a glance whether timers are alive.
/// </summary>
public sealed class SchedulerHeartbeat(ISchedulerHeartbeatStore store, TimeProvider timeProvider) : IScheduledJob
{
    public Task RunAsync(DateTimeOffset scheduledFor, CancellationToken cancellationToken) =>
        store.RecordAsync(new SchedulerBeat(scheduledFor, timeProvider.GetUtcNow(), HostInstance.Name), cancellationToken);
}

public sealed record SchedulerBeat(DateTimeOffset ScheduledFor, DateTimeOffset RanAt, string RanBy);

/// <summary>Port: where the last scheduler beat is kept.</summary>
public interface ISchedulerHeartbeatStore
{
    Task RecordAsync(SchedulerBeat beat, CancellationToken cancellationToken);

    Task<SchedulerBeat?> GetLastAsync(CancellationToken cancellationToken);
}
