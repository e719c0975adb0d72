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

    [Fact]
    public async Task The_senior_manager_changes_an_AUP_uploads_its_document_and_records_a_signature_by_name_and_staff_download_it()
    {
        string title = "Staff acceptable use policy " + Guid.NewGuid().ToString("N")[..6];
        IPage manager = await this.browser.PageAsync(fixture.Runtime.BaseAddress, Sarah);
        await manager.GotoAsync($"/agencies/{Northfield}/add/aup");
        await Assertions.Expect(manager.GetByText("For example, Staff acceptable use policy")).ToBeVisibleAsync();
        await manager.GetByLabel("Title").FillAsync(title);
        await manager.GetByLabel("Staff", new PageGetByLabelOptions { Exact = true }).CheckAsync();
        await manager.GetByLabel("Version").FillAsync("1");
        await manager.GetByLabel("Technologies covered").FillAsync("School laptops\nClass messaging app");
        await manager.GetByLabel("The sanctions").CheckAsync();
        await manager.GetByLabel("The monitoring").CheckAsync();
        await Button(manager, "Add").ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = title })).ToBeVisibleAsync();

        // Changing it: the form is filled with what is recorded.
        await manager.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Change the details of " + title }).ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Change " + title })).ToBeVisibleAsync();
        await Assertions.Expect(manager.GetByLabel("Version")).ToHaveValueAsync("1");
        await Assertions.Expect(manager.GetByLabel("Technologies covered")).ToHaveValueAsync("School laptops\nClass messaging app");
        await Assertions.Expect(manager.GetByLabel("The monitoring")).ToBeCheckedAsync();
        await ChromiumBrowser.AssertNoAxeViolationsAsync(manager);
        await manager.GetByLabel("Version").FillAsync("  ");
        await Button(manager, "Save changes").ClickAsync();
        await Assertions.Expect(manager.Locator(".govuk-error-summary a[href='#aup.version']")).ToBeVisibleAsync();
        await manager.GetByLabel("Version").FillAsync("2");
        await Button(manager, "Save changes").ClickAsync();
        await Assertions.Expect(manager.GetByText("The changes were saved.")).ToBeVisibleAsync();
        await Assertions.Expect(manager.GetByText("No document has been uploaded for version 2 yet.")).ToBeVisibleAsync();

        // The document: a text file is refused whatever the browser calls it; a PDF is kept and handed out as it was.
        await manager.GetByLabel("Upload the document").SetInputFilesAsync(new FilePayload { Name = "aup.pdf", MimeType = "application/pdf", Buffer = "just text"u8.ToArray() });
        await Button(manager, "Upload the document for version 2").ClickAsync();
        await Assertions.Expect(manager.Locator(".govuk-error-summary a[href='#document']")).ToHaveTextAsync("Send the AUP as PDF, Word (.docx) or OpenDocument text.");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(manager);
        byte[] pdf = [.. "%PDF-1.4\n"u8.ToArray(), .. System.Text.Encoding.ASCII.GetBytes("% " + title + "\n%%EOF")];
        await manager.GetByLabel("Upload the document").SetInputFilesAsync(new FilePayload { Name = "staff-aup.pdf", MimeType = "application/pdf", Buffer = pdf });
        await Button(manager, "Upload the document for version 2").ClickAsync();
        await Assertions.Expect(manager.GetByText("The document was uploaded.")).ToBeVisibleAsync();
        string href = (await manager.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Download version 2 of " + title }).GetAttributeAsync("href"))!;
        string itemPath = manager.Url;

        // A signature is recorded by choosing the person, not typing their id.
        Person amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
        await manager.GetByLabel("Who signed").SelectOptionAsync(new SelectOptionValue { Label = amy.DisplayName + " (Staff member)" });
        await Button(manager, "Record the signature of version 2").ClickAsync();
        await Assertions.Expect(manager.GetByText("The signature was recorded.")).ToBeVisibleAsync();
        await Assertions.Expect(manager.GetByText(amy.DisplayName + " signed version 2", new PageGetByTextOptions { Exact = false })).ToBeVisibleAsync();

        IPage staff = await this.browser.PageAsync(fixture.Runtime.BaseAddress, amy);
        await staff.GotoAsync(itemPath);
        await Assertions.Expect(staff.GetByLabel("Upload the document")).ToHaveCountAsync(0);
        IAPIResponse download = await staff.APIRequest.GetAsync(href);
        Assert.Equal(200, download.Status);
        Assert.Equal(pdf, await download.BodyAsync());
        Assert.StartsWith("attachment", download.Headers["content-disposition"], StringComparison.Ordinal);
        Assert.Equal("application/pdf", download.Headers["content-type"]);
    }
}
