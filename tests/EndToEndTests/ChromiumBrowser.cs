using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.Playwright;

namespace EsafetyServerless.EndToEndTests;

/// <summary>Debian's headless Chromium driven by Playwright, with pages signed in as a person of the sample board.</summary>
public sealed class ChromiumBrowser : IAsyncDisposable
{
    readonly IPlaywright playwright;
    readonly IBrowser browser;

    ChromiumBrowser(IPlaywright playwright, IBrowser browser)
    {
        this.playwright = playwright;
        this.browser = browser;
    }

    public static async Task<ChromiumBrowser> LaunchAsync()
    {
        IPlaywright playwright = await Playwright.CreateAsync();
        IBrowser browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        return new ChromiumBrowser(playwright, browser);
    }

    /// <summary>A page signed in as the person (App Service Authentication's header, as the platform would set it), or signed out.</summary>
    public async Task<IPage> PageAsync(Uri baseAddress, Person? person)
    {
        ArgumentNullException.ThrowIfNull(baseAddress);
        IBrowserContext context = await this.browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ExtraHTTPHeaders = person is null
                ? new Dictionary<string, string>()
                : new Dictionary<string, string> { [ClientPrincipal.HeaderName] = ClientPrincipal.ForSignInName(person.SignInName).ToHeaderValue() },
        });
        return await context.NewPageAsync();
    }

    /// <summary>The pages ship no script at all, so they work with JavaScript off; axe itself needs it on to run.</summary>
    public static async Task AssertNoAxeViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);
        Assert.Equal(0, await page.Locator("script").CountAsync());

        // Styled under the pages' Content Security Policy: GOV.UK Frontend's stylesheet was allowed to load.
        Assert.Contains("GDS Transport", await page.EvaluateAsync<string>("() => getComputedStyle(document.querySelector('.govuk-header') ?? document.querySelector('h1')).fontFamily"), StringComparison.Ordinal);
        AxeResult result = await page.RunAxe();
        Assert.True(result.Violations.Length == 0, string.Join("\n", result.Violations.Select(v => $"{v.Id}: {v.Help} ({string.Join(", ", v.Nodes.Select(n => n.Target?.ToString()))})")));
    }

    public async ValueTask DisposeAsync()
    {
        await this.browser.DisposeAsync();
        this.playwright.Dispose();
    }
}
