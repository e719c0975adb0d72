using System.Text;
using EsafetyServerless.Http.Security;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.UnitTests;

public class ClientPrincipalTests
{
    static HttpRequest RequestWithHeader(string? value)
    {
        DefaultHttpContext context = new();
        if (value is not null)
        {
            context.Request.Headers[ClientPrincipal.HeaderName] = value;
        }

        return context.Request;
    }

    [Fact]
    public void Reads_the_sign_in_name_from_an_App_Service_principal_header()
    {
        // Shape as App Service Authentication sends it for Entra ID.
        const string json = """
            {"auth_typ":"aad","name_typ":"http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name","role_typ":"http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
             "claims":[{"typ":"http://schemas.microsoft.com/identity/claims/objectidentifier","val":"0f1d"},
                       {"typ":"preferred_username","val":"Omar.Officer@Northfield-Primary.example"}]}
            """;
        ClientPrincipal? principal = ClientPrincipal.FromRequest(RequestWithHeader(Convert.ToBase64String(Encoding.UTF8.GetBytes(json))));

        Assert.NotNull(principal);
        Assert.Equal("Omar.Officer@Northfield-Primary.example", principal.SignInName);
    }

    [Fact]
    public void Email_and_name_claims_never_identify_anyone()
    {
        ClientPrincipal principal = new("aad", "name", "roles",
            [new ClientPrincipalClaim("email", "omar.officer@northfield-primary.example"), new ClientPrincipalClaim("name", "omar.officer@northfield-primary.example")]);

        Assert.Null(principal.SignInName);
    }

    [Fact]
    public void The_user_principal_name_identifies_when_there_is_no_preferred_username()
    {
        ClientPrincipal principal = new("aad", null, null,
            [new ClientPrincipalClaim("http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn", "person@example.org")]);

        Assert.Equal("person@example.org", principal.SignInName);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not base64 at all!")]
    [InlineData("bm90IGpzb24=")] // base64 of "not json"
    [InlineData("e30=")] // base64 of "{}": no claims, so nobody
    [InlineData("eyJjbGFpbXMiOltudWxsXX0=")] // {"claims":[null]}
    public void A_missing_or_malformed_header_is_nobody(string? header)
    {
        ClientPrincipal? principal = ClientPrincipal.FromRequest(RequestWithHeader(header));

        Assert.Null(principal?.SignInName);
    }

    [Fact]
    public void A_principal_written_by_the_local_runtime_reads_back_the_same()
    {
        string header = ClientPrincipal.ForSignInName("amy.staff@northfield-primary.example").ToHeaderValue();

        Assert.Equal("amy.staff@northfield-primary.example", ClientPrincipal.FromRequest(RequestWithHeader(header))?.SignInName);
    }
}
