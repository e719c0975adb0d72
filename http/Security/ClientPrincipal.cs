using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Security;

/// <summary>
/// The principal App Service Authentication passes in <c>X-MS-CLIENT-PRINCIPAL</c>: base64 JSON with the claims of
/// the signed-in user. The platform sets it and strips any copy a client sends; the local runtime does the same
/// while it listens on loopback only.
/// </summary>
public sealed record ClientPrincipal(
    [property: JsonPropertyName("auth_typ")] string? AuthenticationType,
    [property: JsonPropertyName("name_typ")] string? NameClaimType,
    [property: JsonPropertyName("role_typ")] string? RoleClaimType,
    [property: JsonPropertyName("claims")] IReadOnlyList<ClientPrincipalClaim>? Claims)
{
    public const string HeaderName = "X-MS-CLIENT-PRINCIPAL";

    /// <summary>
    /// Claim types that identify the person: Entra ID's sign-in name. Not <c>email</c> or <c>name</c>, which are not
    /// unique and which a user or their home tenant can set (the "nOAuth" pattern).
    /// </summary>
    static readonly string[] SignInNameClaimTypes =
    [
        "preferred_username",
        "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn",
        "upn",
    ];

    /// <summary>Entra ID's object id of the user: with the tenant, the identity that never changes.</summary>
    static readonly string[] ObjectIdClaimTypes = ["http://schemas.microsoft.com/identity/claims/objectidentifier", "oid"];

    static readonly string[] TenantIdClaimTypes = ["http://schemas.microsoft.com/identity/claims/tenantid", "tid"];

    /// <summary>The name the identity provider asserts, used to find the person in the directory.</summary>
    public string? SignInName => this.First(SignInNameClaimTypes);

    /// <summary>The Entra ID object id, when the provider sent it.</summary>
    public string? ObjectId => this.First(ObjectIdClaimTypes);

    /// <summary>The Entra ID tenant, when the provider sent it.</summary>
    public string? TenantId => this.First(TenantIdClaimTypes);

    string? First(string[] types)
    {
        if (this.Claims is null)
        {
            return null;
        }

        foreach (string type in types)
        {
            string? value = this.Claims.FirstOrDefault(c => c is not null && string.Equals(c.Type, type, StringComparison.OrdinalIgnoreCase))?.Value;
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value.Trim();
            }
        }

        return null;
    }

    /// <summary>Reads the header; null when it is absent or not a well-formed principal.</summary>
    public static ClientPrincipal? FromRequest(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? header = request.Headers[HeaderName];
        if (string.IsNullOrWhiteSpace(header) || header.Length > 64 * 1024)
        {
            return null;
        }

        try
        {
            byte[] json = Convert.FromBase64String(header);
            return JsonSerializer.Deserialize<ClientPrincipal>(json);
        }
        catch (Exception ex) when (ex is FormatException or JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>Encodes a principal the way App Service does, for the local runtime and tests.</summary>
    public string ToHeaderValue() => Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this)));

    /// <summary>A principal as Entra ID sign-in produces it, reduced to what the product reads.</summary>
    public static ClientPrincipal ForSignInName(string signInName) => new(
        "aad",
        "preferred_username",
        "roles",
        [new ClientPrincipalClaim("preferred_username", signInName)]);
}

public sealed record ClientPrincipalClaim(
    [property: JsonPropertyName("typ")] string Type,
    [property: JsonPropertyName("val")] string Value);
