namespace EsafetyServerless.Workflows.Platform;

/// <summary>
/// Port: tells an outage of a service the product depends on (storage, the durable engine, the mail service — busy,
/// unreachable, timed out) from a fault of ours. The adapters know their SDKs' exceptions; the edges answer an outage
/// with "try again shortly" (503 and Retry-After) instead of a failure.
/// </summary>
public interface IOutageDetector
{
    bool IsOutage(Exception exception);
}
