using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Platform.Scheduling;

namespace EsafetyServerless.Workflows.Platform.Health;

/// <summary>
/// Whether the platform works: every <see cref="IHealthProbe"/> (storage, queues) and the durable engine, each up or
/// down within a few seconds, and when the scheduler last ran (information only). Anyone may ask: it names parts,
/// never data.
/// </summary>
public sealed class CheckHealth(IEnumerable<IHealthProbe> probes, ISchedulerHeartbeatStore heartbeats, IWorkflowSignals workflows) : IUseCase
{
    public const string DurableEngine = "durableEngine";

    static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<Outcome<HealthReport>> ExecuteAsync(CancellationToken cancellationToken)
    {
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);

        List<Task<(string Part, HealthProbeResult Result)>> checks =
            probes.Select(async p => (p.Part, await p.CheckAsync(timeout.Token))).ToList();
        checks.Add(this.CheckDurableEngineAsync(timeout.Token));
        (string Part, HealthProbeResult Result)[] results = await Task.WhenAll(checks);

        SchedulerBeat? lastBeat = null;
        try
        {
            lastBeat = await heartbeats.GetLastAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The storage probe reports storage failures; the heartbeat is information only.
        }

        string[] failing = results.Where(r => !r.Result.Healthy).Select(r => r.Part).ToArray();
        return new HealthReport(
            failing.Length == 0 ? "healthy" : "unhealthy",
            results.ToDictionary(r => r.Part, r => new HealthPart(r.Result.Healthy ? "up" : "down", r.Result.Detail)),
            failing,
            lastBeat?.RanAt);
    }

    /// <summary>The engine is up when it answers a query for an instance (an unknown id answers "not found").</summary>
    async Task<(string, HealthProbeResult)> CheckDurableEngineAsync(CancellationToken cancellationToken)
    {
        try
        {
            await workflows.FindAsync("health-probe", withOutput: false, cancellationToken);
            return (DurableEngine, HealthProbeResult.Up());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return (DurableEngine, HealthProbeResult.Down("durable engine unreachable: " + ex.GetType().Name));
        }
    }
}

/// <param name="Status">"healthy" when every part is up, else "unhealthy".</param>
/// <param name="Failing">The parts that are down.</param>
public sealed record HealthReport(string Status, IReadOnlyDictionary<string, HealthPart> Parts, IReadOnlyList<string> Failing, DateTimeOffset? SchedulerLastRanAt);

/// <param name="Status">"up" or "down".</param>
public sealed record HealthPart(string Status, string Detail);
