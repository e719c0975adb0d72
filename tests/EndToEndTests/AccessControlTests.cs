using System.Net;
using System.Text.Json;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.EndToEndTests;

/// <summary>One authorization layer on every handler: no principal 401; unknown person, wrong role or another agency 403.</summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class AccessControlTests(LocalRuntimeFixture fixture)
{
    HttpClient Http => fixture.Runtime.Http;

    static string SignIn(Agency agency, Role role) => SampleBoard.InRole(agency, role).SignInName;

    async Task<HttpResponseMessage> SendAsync(string? signInName, HttpMethod method, string path, Action<HttpRequestMessage>? configure = null)
    {
        HttpRequestMessage request = LocalRuntimeProcess.As(signInName, method, path);
        configure?.Invoke(request);
        return await this.Http.SendAsync(request);
    }

    public static TheoryData<string> ProtectedEndpoints()
    {
        TheoryData<string> data = [];
        foreach (EndpointDefinition endpoint in EndpointCatalog.All.Where(e => !e.Access.AllowsAnonymous))
        {
            data.Add(endpoint.Name);
        }

        return data;
    }

    static string SamplePath(EndpointDefinition endpoint) => "/" + endpoint.Route
        .Replace("{agencyId}", SampleBoard.Northfield.AgencyId, StringComparison.Ordinal)
        .Replace("{runId}", "selftest-unknown", StringComparison.Ordinal);

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task Every_protected_endpoint_answers_401_problem_details_without_a_principal(string endpointName)
    {
        EndpointDefinition endpoint = EndpointCatalog.All.Single(e => e.Name == endpointName);

        using HttpResponseMessage response = await this.SendAsync(null, new HttpMethod(endpoint.Method), SamplePath(endpoint));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(ProtectedEndpoints))]
    public async Task Every_protected_endpoint_answers_403_to_someone_not_in_the_directory(string endpointName)
    {
        EndpointDefinition endpoint = EndpointCatalog.All.Single(e => e.Name == endpointName);

        using HttpResponseMessage response = await this.SendAsync("stranger@elsewhere.example", new HttpMethod(endpoint.Method), SamplePath(endpoint));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_malformed_principal_header_is_treated_as_no_principal()
    {
        using HttpResponseMessage response = await this.SendAsync(null, HttpMethod.Get, "/api/me",
            r => r.Headers.TryAddWithoutValidation("X-MS-CLIENT-PRINCIPAL", "%%%not-base64%%%"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_signed_in_person_sees_who_the_service_thinks_they_are()
    {
        Person officer = SampleBoard.InRole(SampleBoard.Riverside, Role.EsafetyOfficer);

        using HttpResponseMessage response = await this.SendAsync(officer.SignInName.ToUpperInvariant(), HttpMethod.Get, "/api/me");
        using JsonDocument me = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(officer.PersonId, me.RootElement.GetProperty("personId").GetString());
        Assert.Equal(SampleBoard.Riverside.AgencyId, me.RootElement.GetProperty("agencyId").GetString());
        Assert.Equal("esafety-officer", me.RootElement.GetProperty("role").GetString());
    }

    [Theory]
    [InlineData(Role.Staff)]
    [InlineData(Role.Technician)]
    public async Task Roles_without_directory_rights_get_403_even_for_their_own_agency(Role role)
    {
        using HttpResponseMessage response = await this.SendAsync(SignIn(SampleBoard.Northfield, role), HttpMethod.Get, $"/api/agencies/{SampleBoard.Northfield.AgencyId}/people");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Theory]
    [InlineData(Role.EsafetyOfficer)]
    [InlineData(Role.SeniorManager)]
    public async Task An_agency_lead_sees_their_own_agency_but_gets_403_for_another(Role role)
    {
        string lead = SignIn(SampleBoard.Northfield, role);

        using HttpResponseMessage own = await this.SendAsync(lead, HttpMethod.Get, $"/api/agencies/{SampleBoard.Northfield.AgencyId}/people");
        using HttpResponseMessage other = await this.SendAsync(lead, HttpMethod.Get, $"/api/agencies/{SampleBoard.Riverside.AgencyId}/people");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        using JsonDocument people = JsonDocument.Parse(await own.Content.ReadAsStringAsync());
        Assert.All(people.RootElement.GetProperty("items").EnumerateArray(),
            p => Assert.Equal(SampleBoard.Northfield.AgencyId, p.GetProperty("agencyId").GetString()));
        Assert.Equal(4, people.RootElement.GetProperty("items").GetArrayLength());
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
    }

    [Fact]
    public async Task Only_the_board_admin_lists_every_agency_and_reads_any_agency()
    {
        using HttpResponseMessage asAdmin = await this.SendAsync(SampleBoard.BoardAdmin.SignInName, HttpMethod.Get, "/api/agencies");
        using HttpResponseMessage asOfficer = await this.SendAsync(SignIn(SampleBoard.Northfield, Role.EsafetyOfficer), HttpMethod.Get, "/api/agencies");
        using HttpResponseMessage adminReadsRiverside = await this.SendAsync(SampleBoard.BoardAdmin.SignInName, HttpMethod.Get, $"/api/agencies/{SampleBoard.Riverside.AgencyId}/people");

        Assert.Equal(HttpStatusCode.OK, asAdmin.StatusCode);
        using JsonDocument agencies = JsonDocument.Parse(await asAdmin.Content.ReadAsStringAsync());
        // Every seeded agency, and any the directory tests added to this shared runtime.
        Assert.Superset(
            SampleBoard.Agencies.Select(a => a.AgencyId).ToHashSet(),
            agencies.RootElement.GetProperty("items").EnumerateArray().Select(a => a.GetProperty("agencyId").GetString()!).ToHashSet());
        Assert.Equal(HttpStatusCode.Forbidden, asOfficer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, adminReadsRiverside.StatusCode);
    }

    [Fact]
    public async Task A_browser_without_sign_in_gets_a_sign_in_page_not_JSON()
    {
        using HttpResponseMessage response = await this.SendAsync(null, HttpMethod.Get, "/home", r => r.Headers.Accept.ParseAdd("text/html"));
        string page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("/.auth/login/aad?post_login_redirect_uri=%2Fhome", page, StringComparison.Ordinal);
    }
}
