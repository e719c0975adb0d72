using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.Playwright;

namespace EsafetyServerless.EndToEndTests;

/// <summary>
/// The registers and compliance pages in Chromium, without JavaScript, checked by axe: the senior manager adds the
/// filtering record with the form (errors first), opens its page and the agency's checks; the board admin sees every
/// agency side by side.
/// </summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class RegisterPagesBrowserTests(LocalRuntimeFixture fixture) : IAsyncLifetime
{
    static readonly Person Sarah = SampleBoard.InRole(SampleBoard.Northfield, Role.SeniorManager);
    static readonly string Northfield = SampleBoard.Northfield.AgencyId;
    ChromiumBrowser browser = null!;

    public async Task InitializeAsync() => this.browser = await ChromiumBrowser.LaunchAsync();

    public async Task DisposeAsync() => await this.browser.DisposeAsync();

    static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = name });

    [Fact]
    public async Task The_senior_manager_adds_filtering_with_the_form_and_the_registers_item_and_compliance_pages_pass_axe()
    {
        string title = "Web filtering " + Guid.NewGuid().ToString("N")[..6];
        IPage manager = await this.browser.PageAsync(fixture.Runtime.BaseAddress, Sarah);
        await manager.GotoAsync($"/agencies/{Northfield}/registers");
        await Assertions.Expect(manager.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Filtering and monitoring" })).ToBeVisibleAsync();
        await ChromiumBrowser.AssertNoAxeViolationsAsync(manager);

        await manager.GotoAsync($"/agencies/{Northfield}/add/filtering");
        await manager.GetByLabel("Title").FillAsync(title);
        await manager.GetByLabel("Last effectiveness review").FillAsync("15/10/2026");
        await Button(manager, "Add").ClickAsync();
        await Assertions.Expect(manager.Locator(".govuk-error-summary a[href='#filtering.lastEffectivenessReview']")).ToHaveTextAsync("Enter a date like 2026-10-15");
        await Assertions.Expect(manager.Locator(".govuk-error-summary a[href='#filtering.provider']")).ToHaveTextAsync("Name the filtering provider");
        await Assertions.Expect(manager.GetByLabel("Title")).ToHaveValueAsync(title);
        await ChromiumBrowser.AssertNoAxeViolationsAsync(manager);

        await manager.GetByLabel("Filtering provider").FillAsync("SafeNet Schools");
        await manager.GetByLabel("Last effectiveness review").FillAsync("2026-10-15");
        await manager.GetByLabel("Subscribed to the IWF URL list").CheckAsync();
        await Button(manager, "Add").ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = title })).ToBeVisibleAsync();
        await Assertions.Expect(manager.GetByText("SafeNet Schools, IWF URL list; no monitoring")).ToBeVisibleAsync();
        await ChromiumBrowser.AssertNoAxeViolationsAsync(manager);

        await Button(manager, "Record the review").ClickAsync();
        await Assertions.Expect(manager.Locator(".govuk-error-summary a[href='#stakeholdersConsulted']")).ToBeVisibleAsync();
        await ChromiumBrowser.AssertNoAxeViolationsAsync(manager);

        await manager.GotoAsync($"/agencies/{Northfield}/compliance");
        await Assertions.Expect(manager.GetByRole(AriaRole.Row).Filter(new LocatorFilterOptions { HasText = "An e-safety officer is appointed" })).ToBeVisibleAsync();
        await ChromiumBrowser.AssertNoAxeViolationsAsync(manager);

        IPage admin = await this.browser.PageAsync(fixture.Runtime.BaseAddress, SampleBoard.BoardAdmin);
        await admin.GotoAsync("/compliance");
        await Assertions.Expect(admin.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = SampleBoard.Riverside.Name })).ToBeVisibleAsync();
        await ChromiumBrowser.AssertNoAxeViolationsAsync(admin);
    }
}
