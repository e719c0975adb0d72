using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Platform.Scheduling;

namespace EsafetyServerless.Workflows.Platform.Health;

/// <summary>
/// Whether the platform works: every <see cref="IHealthProbe"/> (storage, queues) and the durable engine, each up or
/// down within a few seconds; and, for information, when the scheduler last ran, how many response workflows failed or
/// were terminated (the daily <c>RestartFailedResponses</c> starts them again) and how many accepted incidents are
/// still waiting for their workflow after a minute (the reconciliation starts them). Anyone may ask: it names parts
/// and counts, never data.
/// </summary>
public sealed class CheckHealth(
    IEnumerable<IHealthProbe> probes, ISchedulerHeartbeatStore heartbeats, IWorkflowSignals workflows, IIncidentStore incidents, IPeopleDirectory directory,
    TimeProvider timeProvider) : IUseCase
{
    public const string DurableEngine = "durableEngine";

    /// <summary>The orchestrator whose stopped instances are counted (by name, so Platform needs no reference to Response).</summary>
    public const string ResponseWorkflow = "IncidentResponse";

    /// <summary>A submission still pending after this has lost its workflow's start (the reconciliation runs every 30 s).</summary>
    public static readonly TimeSpan WaitingAfter = TimeSpan.FromMinutes(1);

    static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<Outcome<HealthReport>> ExecuteAsync(CancellationToken cancellationToken)
    {
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ProbeTimeout);

        List<Task<(string Part, HealthProbeResult Result)>> checks =
            probes.Select(async p => (p.Part, await p.CheckAsync(timeout.Token))).ToList();
        checks.Add(this.CheckDurableEngineAsync(timeout.Token));
        Task<int?> stopped = CountAsync(() => this.CountStoppedResponsesAsync(timeout.Token));
        Task<int?> waiting = CountAsync(() => this.CountWaitingIncidentsAsync(timeout.Token));
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
            lastBeat?.RanAt,
            new WorkflowHealth(await stopped, await waiting));
    }

    async Task<int> CountStoppedResponsesAsync(CancellationToken cancellationToken) =>
        (await workflows.ListInstanceIdsAsync(ResponseWorkflow, IncidentIds.Prefix, [WorkflowRuntimeStatus.Failed, WorkflowRuntimeStatus.Terminated], cancellationToken)).Count;

    async Task<int> CountWaitingIncidentsAsync(CancellationToken cancellationToken)
    {
        DateTimeOffset createdBefore = timeProvider.GetUtcNow() - WaitingAfter;
        int waiting = 0;
        foreach (Agency agency in await directory.ListAgenciesAsync(cancellationToken))
        {
            waiting += (await incidents.ListPendingAsync(agency.AgencyId, createdBefore, cancellationToken)).Count;
        }

        return waiting;
    }

    /// <summary>A count for information: null when it could not be made in time (the parts' own checks report outages).</summary>
    static async Task<int?> CountAsync(Func<Task<int>> count)
    {
        try
        {
            return await count();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return null;
        }
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
/// <param name="Workflows">Counts for information; they do not make the report unhealthy.</param>
public sealed record HealthReport(
    string Status, IReadOnlyDictionary<string, HealthPart> Parts, IReadOnlyList<string> Failing, DateTimeOffset? SchedulerLastRanAt, WorkflowHealth? Workflows = null);

/// <param name="FailedResponses">Response workflows that failed or were terminated (restarted by the daily check); null if not counted.</param>
/// <param name="IncidentsWaitingForWorkflow">Incidents accepted more than a minute ago whose workflow has not started; null if not counted.</param>
public sealed record WorkflowHealth(int? FailedResponses, int? IncidentsWaitingForWorkflow);

/// <param name="Status">"up" or "down".</param>
public sealed record HealthPart(string Status, string Detail);
