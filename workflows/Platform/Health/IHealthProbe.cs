namespace EsafetyServerless.Workflows.Platform.Health;

/// <summary>Port: one part of the system that <c>GET /api/health</c> checks (storage, queues, the durable engine...).</summary>
public interface IHealthProbe
{
    /// <summary>The part's name as shown in the health report.</summary>
    string Part { get; }

    Task<HealthProbeResult> CheckAsync(CancellationToken cancellationToken);
}

public sealed record HealthProbeResult(bool Healthy, string Detail)
{
    public static HealthProbeResult Up(string detail = "up") => new(true, detail);

    public static HealthProbeResult Down(string detail) => new(false, detail);
}
