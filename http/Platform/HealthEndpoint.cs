using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Platform.Health;
using EsafetyServerless.Workflows.Platform.Scheduling;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform.Orchestration;

namespace EsafetyServerless.Http.Platform;

/// <summary>
/// <c>GET /api/health</c>: storage, queues and the durable engine, each up or down. 200 when all are up, 503 naming
/// the failing parts otherwise. Also shows when the scheduler last ran, for information.
/// </summary>
[Endpoint("GET", "api/health", Anonymous = true)]
public sealed class HealthEndpoint(IEnumerable<IHealthProbe> probes, ISchedulerHeartbeatStore heartbeats) : IEndpointHandler
{
    static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using CancellationTokenSource timeout = CancellationTokenSource.CreateLinkedTokenSource(request.Aborted);
        timeout.CancelAfter(ProbeTimeout);

        List<Task<(string Part, HealthProbeResult Result)>> checks =
            probes.Select(async p => (p.Part, await p.CheckAsync(timeout.Token))).ToList();
        checks.Add(CheckDurableEngineAsync(request.Signals, timeout.Token));
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
        HealthReport report = new(
            failing.Length == 0 ? "healthy" : "unhealthy",
            results.ToDictionary(r => r.Part, r => new HealthPart(r.Result.Healthy ? "up" : "down", r.Result.Detail)),
            failing,
            lastBeat?.RanAt);
        return Results.Json(report, ApiJson.Options, statusCode: failing.Length == 0 ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }

    /// <summary>The engine is up when it answers a query for an instance (an unknown id answers "not found").</summary>
    static async Task<(string, HealthProbeResult)> CheckDurableEngineAsync(IWorkflowSignals signals, CancellationToken cancellationToken)
    {
        try
        {
            await signals.FindAsync("health-probe", withOutput: false, cancellationToken);
            return ("durableEngine", HealthProbeResult.Up());
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ("durableEngine", HealthProbeResult.Down("durable engine unreachable: " + ex.GetType().Name));
        }
    }
}

public sealed record HealthReport(string Status, IReadOnlyDictionary<string, HealthPart> Parts, IReadOnlyList<string> Failing, DateTimeOffset? SchedulerLastRanAt);

public sealed record HealthPart(string Status, string Detail);
