using System.Net;
using System.Text.Json;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.EndToEndTests;

[Collection(LocalRuntimeCollection.Name)]
public sealed class LocalRuntimeTests(LocalRuntimeFixture fixture)
{
    HttpClient Http => fixture.Runtime.Http;

    [Fact]
    public async Task Health_reports_storage_queues_and_the_durable_engine_up()
    {
        using HttpResponseMessage response = await this.Http.GetAsync(new Uri("api/health", UriKind.Relative));
        using JsonDocument health = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", health.RootElement.GetProperty("status").GetString());
        JsonElement parts = health.RootElement.GetProperty("parts");
        Assert.All(["storage", "queues", "durableEngine"], part => Assert.Equal("up", parts.GetProperty(part).GetProperty("status").GetString()));
    }

    [Fact]
    public async Task The_development_sign_in_lets_a_browser_act_as_a_seeded_person()
    {
        Person head = SampleBoard.InRole(SampleBoard.Northfield, Role.SeniorManager);
        using HttpClientHandler handler = new() { AllowAutoRedirect = false, CookieContainer = new CookieContainer() };
        using HttpClient browser = new(handler) { BaseAddress = fixture.Runtime.BaseAddress };

        string signInPage = await browser.GetStringAsync(new Uri(".auth/login/aad?post_login_redirect_uri=/home", UriKind.Relative));
        using HttpResponseMessage signedIn = await browser.PostAsync(new Uri(".auth/login/aad", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["signInName"] = head.SignInName, ["returnTo"] = "/home" }));
        string home = await browser.GetStringAsync(new Uri("home", UriKind.Relative));

        Assert.Contains("Development only", signInPage, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(head.DisplayName), signInPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/home", signedIn.Headers.Location?.OriginalString);
        Assert.Contains("Signed in as " + head.DisplayName, home, StringComparison.Ordinal);
        Assert.Contains(SampleBoard.Northfield.Name, home, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sign_in_page_never_redirects_off_site()
    {
        using HttpClientHandler handler = new() { AllowAutoRedirect = false };
        using HttpClient browser = new(handler) { BaseAddress = fixture.Runtime.BaseAddress };

        using HttpResponseMessage response = await browser.PostAsync(new Uri(".auth/login/aad", UriKind.Relative), new FormUrlEncodedContent(
            new Dictionary<string, string> { ["signInName"] = SampleBoard.BoardAdmin.SignInName, ["returnTo"] = "//evil.example/steal" }));

        Assert.Equal("/home", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task GOV_UK_Frontend_styles_are_served_by_the_app_and_nothing_outside_its_assets_folder()
    {
        using HttpResponseMessage css = await this.Http.GetAsync(new Uri("assets/stylesheets/govuk-frontend.min.css", UriKind.Relative));
        using HttpResponseMessage font = await this.Http.GetAsync(new Uri("assets/fonts/bold-b542beb274-v2.woff2", UriKind.Relative));
        using HttpResponseMessage escape = await this.Http.GetAsync(new Uri("assets/%2E%2E/%2E%2E/appsettings.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, css.StatusCode);
        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, font.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, escape.StatusCode);
    }

    [Fact]
    public async Task Every_answer_carries_the_browser_defences_and_only_public_assets_may_be_cached()
    {
        using HttpResponseMessage page = await this.Http.GetAsync(new Uri("report", UriKind.Relative));
        using HttpResponseMessage api = await this.Http.GetAsync(new Uri("api/incidents", UriKind.Relative));
        using HttpResponseMessage css = await this.Http.GetAsync(new Uri("assets/stylesheets/govuk-frontend.min.css", UriKind.Relative));

        foreach (HttpResponseMessage answer in new[] { page, api, css })
        {
            string policy = string.Join(";", answer.Headers.GetValues("Content-Security-Policy"));
            Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
            Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
            Assert.Equal(["nosniff"], answer.Headers.GetValues("X-Content-Type-Options"));
            Assert.Equal(["no-referrer"], answer.Headers.GetValues("Referrer-Policy"));

            // Plain HTTP on loopback: HSTS is for Azure's HTTPS only.
            Assert.False(answer.Headers.Contains("Strict-Transport-Security"));
        }

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.True(page.Headers.CacheControl?.NoStore);
        Assert.True(api.Headers.CacheControl?.NoStore);
        Assert.False(css.Headers.CacheControl?.NoStore ?? false);
        Assert.True(css.Headers.CacheControl?.Public);
    }
}
