using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Security;

/// <summary>The address a request came from, as the audit trail records it.</summary>
public static class ClientAddress
{
    /// <summary>
    /// Azure's front end appends the address it saw to X-Forwarded-For, so the last entry is the one to trust (the
    /// earlier ones are whatever the client sent); locally, the connection's own address.
    /// </summary>
    public static string? Of(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? forwarded = request.Headers["X-Forwarded-For"].ToString().Split(',')[^1].Trim();
        string? address = string.IsNullOrEmpty(forwarded) ? request.HttpContext.Connection.RemoteIpAddress?.ToString() : forwarded;
        return address is { Length: > 64 } ? address[..64] : address;
    }
}
