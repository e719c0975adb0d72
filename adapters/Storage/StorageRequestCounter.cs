using Azure.Core;
using Azure.Core.Pipeline;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// Counts every request the storage clients send (each retry too), so a benchmark can report storage requests per
/// submission. An Azure SDK pipeline policy on every storage client (<see cref="StorageConnection.WithRetries{T}"/>);
/// a counter increment, nothing more.
/// </summary>
public sealed class StorageRequestCounter : HttpPipelineSynchronousPolicy
{
    static long requests;

    public static StorageRequestCounter Instance { get; } = new();

    /// <summary>Storage requests this process has sent since it started.</summary>
    public static long Requests => Interlocked.Read(ref requests);

    public override void OnSendingRequest(HttpMessage message) => Interlocked.Increment(ref requests);
}
