using EsafetyServerless.Http.Security;
using Microsoft.Extensions.Configuration;

namespace EsafetyServerless.UnitTests;

public class PrincipalTrustTests
{
    const string BoardTenant = "11111111-2222-3333-4444-555555555555";

    static PrincipalTrust InAzure(string? authEnabled, string? tenant = BoardTenant) => PrincipalTrust.ForAppService(new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { ["WEBSITE_AUTH_ENABLED"] = authEnabled, ["Auth:TenantId"] = tenant }).Build());

    static ClientPrincipal Principal(string authType, string? tenant) => new(authType, "preferred_username", "roles",
        [new ClientPrincipalClaim("preferred_username", "omar.officer@northfield-primary.example"),
            .. tenant is null ? Array.Empty<ClientPrincipalClaim>() : [new ClientPrincipalClaim("http://schemas.microsoft.com/identity/claims/tenantid", tenant)]]);

    [Fact]
    public void In_Azure_a_forged_header_is_refused_unless_App_Service_Authentication_set_it_for_the_boards_tenant()
    {
        ClientPrincipal genuine = Principal("aad", BoardTenant);

        Assert.Null(InAzure("True").Refusal(genuine));
        Assert.Contains("App Service Authentication is off", InAzure(null).Refusal(genuine), StringComparison.Ordinal);
        Assert.Contains("App Service Authentication is off", InAzure("false").Refusal(genuine), StringComparison.Ordinal);
        Assert.Contains("not from Entra ID", InAzure("True").Refusal(Principal("google", BoardTenant)), StringComparison.Ordinal);
        Assert.Contains("another tenant", InAzure("True").Refusal(Principal("aad", "99999999-0000-0000-0000-000000000000")), StringComparison.Ordinal);
        Assert.Contains("another tenant", InAzure("True").Refusal(Principal("aad", null)), StringComparison.Ordinal);
        Assert.Contains("Auth__TenantId is not set", InAzure("True", tenant: null).Refusal(genuine), StringComparison.Ordinal);
    }

    [Fact]
    public void The_local_runtime_trusts_the_header_its_own_development_sign_in_sets()
    {
        Assert.Null(PrincipalTrust.Loopback.Refusal(ClientPrincipal.ForSignInName("amy.staff@northfield-primary.example")));
    }
}
