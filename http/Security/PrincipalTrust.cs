using Microsoft.Extensions.Configuration;

namespace EsafetyServerless.Http.Security;

/// <summary>
/// When the <c>X-MS-CLIENT-PRINCIPAL</c> header may be believed. In Azure only App Service Authentication may have
/// set it: with Authentication off the header reaches the app as the client sent it, so it is refused unless
/// <c>WEBSITE_AUTH_ENABLED</c> is on, the identity provider is Entra ID and the tenant is the board's
/// (<c>Auth__TenantId</c>). The local runtime listens on loopback only and sets the header itself.
/// </summary>
public sealed class PrincipalTrust
{
    /// <summary>The tenant id claim Entra ID puts in the principal.</summary>
    public static readonly string[] TenantClaimTypes = ["http://schemas.microsoft.com/identity/claims/tenantid", "tid"];

    readonly bool appServiceAuthentication;
    readonly bool authenticationEnabled;
    readonly string? tenantId;

    PrincipalTrust(bool appServiceAuthentication, bool authenticationEnabled, string? tenantId)
    {
        this.appServiceAuthentication = appServiceAuthentication;
        this.authenticationEnabled = authenticationEnabled;
        this.tenantId = tenantId;
    }

    /// <summary>The local runtime: the header is its own development sign-in's (it listens on loopback only).</summary>
    public static PrincipalTrust Loopback { get; } = new(false, false, null);

    /// <summary>The Functions app in Azure, from its settings (App Service sets <c>WEBSITE_AUTH_ENABLED</c>).</summary>
    public static PrincipalTrust ForAppService(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return new(true, string.Equals(configuration["WEBSITE_AUTH_ENABLED"], "true", StringComparison.OrdinalIgnoreCase),
            configuration["Auth:TenantId"] is { Length: > 0 } tenant ? tenant.Trim() : null);
    }

    /// <summary>Why the principal may not be used (for the log; never a claim's value), or null when it may.</summary>
    public string? Refusal(ClientPrincipal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (!this.appServiceAuthentication)
        {
            return null;
        }

        if (!this.authenticationEnabled)
        {
            return "App Service Authentication is off, so the header could have come from the client";
        }

        if (!string.Equals(principal.AuthenticationType, "aad", StringComparison.OrdinalIgnoreCase))
        {
            return "the principal is not from Entra ID";
        }

        if (this.tenantId is null)
        {
            return "Auth__TenantId is not set";
        }

        string? tenant = principal.Claims?.FirstOrDefault(c => c is not null && TenantClaimTypes.Contains(c.Type, StringComparer.OrdinalIgnoreCase))?.Value;
        return string.Equals(tenant?.Trim(), this.tenantId, StringComparison.OrdinalIgnoreCase) ? null : "the principal is from another tenant";
    }
}
