using EsafetyServerless.Local.Seed;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.Playwright;

namespace EsafetyServerless.EndToEndTests;

/// <summary>The development sign-in page and the start page in a real headless Chromium, with axe-core checking accessibility.</summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class PlatformPagesBrowserTests(LocalRuntimeFixture fixture) : IAsyncLifetime
{
    ChromiumBrowser browser = null!;

    public async Task InitializeAsync() => this.browser = await ChromiumBrowser.LaunchAsync();

    public async Task DisposeAsync() => await this.browser.DisposeAsync();

    [Fact]
    public async Task Someone_picks_a_sample_person_on_the_development_sign_in_page_and_lands_on_their_start_page()
    {
        Person head = SampleBoard.InRole(SampleBoard.Northfield, Role.SeniorManager);
        IPage page = await this.browser.PageAsync(fixture.Runtime.BaseAddress, null);

        await page.GotoAsync("/.auth/login/aad?post_login_redirect_uri=/home");
        await Assertions.Expect(page.Locator(".govuk-tag--red")).ToHaveTextAsync("Development only");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(page);
        await page.GetByLabel(head.DisplayName + " – Senior manager, " + SampleBoard.Northfield.Name).CheckAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(page).ToHaveURLAsync(new Uri(fixture.Runtime.BaseAddress, "/home").ToString());
        await Assertions.Expect(page.Locator(".govuk-body-l")).ToHaveTextAsync($"You are signed in as {head.DisplayName}, Senior manager for {SampleBoard.Northfield.Name}.");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Open the incident log" })).ToBeVisibleAsync();
        await ChromiumBrowser.AssertNoAxeViolationsAsync(page);
    }

    [Fact]
    public async Task The_board_admins_start_page_offers_the_referral_settings_and_no_reporting()
    {
        IPage page = await this.browser.PageAsync(fixture.Runtime.BaseAddress, SampleBoard.BoardAdmin);

        await page.GotoAsync("/home");

        await Assertions.Expect(page.Locator(".govuk-body-l")).ToContainTextAsync("for the safeguarding board");
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Set how referrals reach the police, CEOP, the IWF, the LADO and First Response" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Report an e-safety incident" })).ToHaveCountAsync(0);
        await ChromiumBrowser.AssertNoAxeViolationsAsync(page);
    }

    [Fact]
    public async Task The_development_cookie_is_protected_and_strict_a_link_signs_nobody_out_and_the_pages_sign_out_button_does()
    {
        Person head = SampleBoard.InRole(SampleBoard.Northfield, Role.SeniorManager);
        IPage page = await this.browser.PageAsync(fixture.Runtime.BaseAddress, null);
        await page.GotoAsync("/.auth/login/aad?post_login_redirect_uri=/home");
        await page.GetByLabel(head.DisplayName + " – Senior manager, " + SampleBoard.Northfield.Name).CheckAsync();
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-phase-banner")).ToContainTextAsync("Signed in as " + head.DisplayName);

        // The cookie holds no readable sign-in name, scripts cannot read it, and no other site's request carries it.
        BrowserContextCookiesResult cookie = Assert.Single(await page.Context.CookiesAsync(), c => c.Name == "esafety-dev-signin");
        Assert.True(cookie.HttpOnly);
        Assert.Equal(SameSiteAttribute.Strict, cookie.SameSite);
        Assert.DoesNotContain(head.SignInName, Uri.UnescapeDataString(cookie.Value), StringComparison.OrdinalIgnoreCase);

        // A link to the sign-out page (which any other site could embed) signs nobody out.
        await page.GotoAsync("/.auth/logout");
        await page.GotoAsync("/home");
        await Assertions.Expect(page.Locator(".govuk-phase-banner")).ToContainTextAsync("Signed in as " + head.DisplayName);
        await ChromiumBrowser.AssertNoAxeViolationsAsync(page);

        // The button on every page does.
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-tag--red")).ToHaveTextAsync("Development only");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "esafety-dev-signin");
        IResponse? after = await page.GotoAsync("/home");
        Assert.Equal(401, after!.Status);
    }

    [Fact]
    public async Task A_cookie_made_by_hand_with_a_persons_sign_in_name_signs_nobody_in()
    {
        Person head = SampleBoard.InRole(SampleBoard.Northfield, Role.SeniorManager);
        using HttpRequestMessage request = new(HttpMethod.Get, new Uri(fixture.Runtime.BaseAddress, "/api/me"));
        request.Headers.Add("Cookie", "esafety-dev-signin=" + Uri.EscapeDataString(head.SignInName));
        using HttpClient http = new();
        using HttpResponseMessage response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
