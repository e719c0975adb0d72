using Azure.Core;
using Azure.Core.Pipeline;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// Counts every request the storage clients send (each retry too): in all, and within a scope (one HTTP request, with
/// whatever work it sets off on the same execution context), so a benchmark can report storage requests per
/// submission. An Azure SDK pipeline policy on every storage client (<see cref="StorageConnection.WithRetries{T}"/>);
/// an increment, nothing more.
/// </summary>
public sealed class StorageRequestCounter : HttpPipelineSynchronousPolicy
{
    static readonly AsyncLocal<Scope?> Current = new();
    static long requests;

    public static StorageRequestCounter Instance { get; } = new();

    /// <summary>Storage requests this process has sent since it started.</summary>
    public static long Requests => Interlocked.Read(ref requests);

    /// <summary>Starts counting the requests made from here on, on this execution context.</summary>
    public static Scope BeginScope() => Current.Value = new Scope();

    public override void OnSendingRequest(HttpMessage message)
    {
        Interlocked.Increment(ref requests);
        if (Current.Value is { } scope)
        {
            Interlocked.Increment(ref scope.Counted);
        }
    }

    public sealed class Scope
    {
        internal long Counted;

        public long Requests => Interlocked.Read(ref this.Counted);
    }
}
