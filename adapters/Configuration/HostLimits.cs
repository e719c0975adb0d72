namespace EsafetyServerless.Adapters.Configuration;

/// <summary>Limits both hosts set the same way.</summary>
public static class HostLimits
{
    /// <summary>
    /// The largest request body a host accepts: 110 MiB, for evidence files of up to 100 MB and headroom. The local
    /// runtime sets Kestrel's limit to it; the Bicep template sets the Functions host's FUNCTIONS_REQUEST_BODY_SIZE_LIMIT.
    /// Each endpoint enforces its own, smaller limit on the bytes it actually reads.
    /// </summary>
    public const long RequestBodyBytes = 110L * 1024 * 1024;
}
