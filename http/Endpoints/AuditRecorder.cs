using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Audit;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Endpoints;

/// <summary>Writes who did what, from where, to the agency's hash-chained audit trail.</summary>
public sealed class AuditRecorder(IAuditTrail trail)
{
    public Task<AuditEntry> RecordAsync(EndpointRequest request, string agencyId, string action, string subject, string? detail = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        Actor actor = request.SignedIn;
        return trail.AppendAsync(
            new AuditEvent(agencyId, actor.Person.PersonId, actor.Role.ToString(), action, subject, ClientAddress(request.Request), detail),
            CancellationToken.None);
    }

    /// <summary>
    /// An action by someone outside the directory who holds a signed link (a referral notice's or a disclosure package's recipient): the
    /// link stands for them, so the actor is named by the caller; the address is taken as for a signed-in person.
    /// </summary>
    public Task<AuditEntry> RecordExternalAsync(EndpointRequest request, string agencyId, string actor, string role, string action, string subject, string? detail)
    {
        ArgumentNullException.ThrowIfNull(request);
        return trail.AppendAsync(new AuditEvent(agencyId, actor, role, action, subject, ClientAddress(request.Request), detail), CancellationToken.None);
    }

    /// <summary>The address a request came from, as recorded in the audit trail.</summary>
    public static string? From(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ClientAddress(request.Request);
    }

    /// <summary>
    /// Azure's front end appends the address it saw to X-Forwarded-For, so the last entry is the one to trust (the
    /// earlier ones are whatever the client sent); locally, the connection's own address.
    /// </summary>
    static string? ClientAddress(HttpRequest request)
    {
        string? forwarded = request.Headers["X-Forwarded-For"].ToString().Split(',')[^1].Trim();
        string? address = string.IsNullOrEmpty(forwarded) ? request.HttpContext.Connection.RemoteIpAddress?.ToString() : forwarded;
        return address is { Length: > 64 } ? address[..64] : address;
    }
}
