using System.Text;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.Playwright;

namespace EsafetyServerless.EndToEndTests;

/// <summary>
/// The directory's pages in a real headless Chromium with axe-core: the board admin brings an agency in and manages
/// its people; a senior manager imports the staff list with a preview; a leaver is shut out.
/// </summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class DirectoryPagesBrowserTests(LocalRuntimeFixture fixture) : IAsyncLifetime
{
    ChromiumBrowser browser = null!;

    public async Task InitializeAsync() => this.browser = await ChromiumBrowser.LaunchAsync();

    public async Task DisposeAsync() => await this.browser.DisposeAsync();

    static string Unique(string prefix) => prefix + Guid.NewGuid().ToString("N")[..8];

    static Person SignedInAs(string signInName) => new("unused", signInName, signInName, "unused", Role.Staff, signInName);

    static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = name });

    static ILocator Link(IPage page, string name) => page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = name, Exact = true });

    /// <summary>Brings an agency in through the onboarding page; returns its settings page's path and the manager's sign-in name.</summary>
    async Task<(IPage Page, string Name, string Manager)> OnboardAsync(bool oneForBoth = false)
    {
        IPage page = await this.browser.PageAsync(fixture.Runtime.BaseAddress, SampleBoard.BoardAdmin);
        string name = Unique("Brookside ");
        string domain = name.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant() + ".example";
        string manager = "head@" + domain;
        await page.GotoAsync("/onboarding");
        await page.GetByLabel("Name", new PageGetByLabelOptions { Exact = true }).FillAsync(name);
        await page.GetByLabel("School", new PageGetByLabelOptions { Exact = true }).CheckAsync();
        await page.GetByLabel("Incident mailbox").FillAsync("esafety@" + domain);
        await page.Locator("#officerName").FillAsync("Olive Officer");
        await page.Locator("#officerEmail").FillAsync(oneForBoth ? manager : "officer@" + domain);
        await page.GetByLabel("Yes", new PageGetByLabelOptions { Exact = true }).CheckAsync();
        await page.Locator("#managerName").FillAsync("Harriet Head");
        await page.Locator("#managerEmail").FillAsync(manager);
        await Button(page, "Bring the agency in").ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-notification-banner--success")).ToContainTextAsync("The agency, its e-safety officer and its senior manager are in the directory.");
        return (page, name, manager);
    }

    [Fact]
    public async Task The_board_admin_brings_an_agency_in_with_its_officer_and_manager_and_sees_the_registers_it_must_keep()
    {
        IPage page = await this.browser.PageAsync(fixture.Runtime.BaseAddress, SampleBoard.BoardAdmin);
        await page.GotoAsync("/agencies");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(page);
        await Button(page, "Bring an agency in").ClickAsync();

        // An empty form: every question is named in the error summary, nothing is saved.
        await Button(page, "Bring the agency in").ClickAsync();
        ILocator summary = page.Locator(".govuk-error-summary");
        await Assertions.Expect(summary).ToContainTextAsync("Enter the agency's name");
        await Assertions.Expect(summary).ToContainTextAsync("Say whether the e-safety officer holds safeguarding responsibility");
        await Assertions.Expect(summary).ToContainTextAsync("Enter the senior manager's name");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(page);

        (IPage onboarded, string name, _) = await this.OnboardAsync();
        await Assertions.Expect(onboarded.Locator("h1")).ToHaveTextAsync(name);

        // The starter checklist: the registers the standard requires, none kept yet.
        ILocator checklist = onboarded.Locator(".govuk-task-list");
        await Assertions.Expect(checklist).ToContainTextAsync("A staff AUP is in place and reviewed within 12 months");
        Assert.True(await checklist.Locator(".govuk-tag--red").CountAsync() >= 5);
        await ChromiumBrowser.AssertNoAxeViolationsAsync(onboarded);

        await Link(onboarded, "See and manage its people").ClickAsync();
        await Assertions.Expect(onboarded.Locator("tbody")).ToContainTextAsync("Olive Officer");
        await Assertions.Expect(onboarded.Locator("tbody")).ToContainTextAsync("Harriet Head");

        await onboarded.GotoAsync("/agencies");
        await Assertions.Expect(onboarded.Locator("tbody")).ToContainTextAsync(name);
    }

    [Fact]
    public async Task A_person_added_with_two_roles_can_do_what_both_allow_and_once_deactivated_is_shut_out()
    {
        (IPage page, string name, _) = await this.OnboardAsync();
        await Link(page, "See and manage its people").ClickAsync();
        await Button(page, "Add a person").ClickAsync();
        await ChromiumBrowser.AssertNoAxeViolationsAsync(page);

        // A bad address and no role: the form comes back with both errors and what was typed.
        await page.GetByLabel("Full name").FillAsync("Tariq Teacher");
        await page.GetByLabel("Sign-in name").FillAsync("not an address");
        await Button(page, "Add the person").ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Choose at least one role");
        await Assertions.Expect(page.GetByLabel("Full name")).ToHaveValueAsync("Tariq Teacher");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(page);

        string tariq = Unique("tariq") + "@brookside.example";
        await page.GetByLabel("Sign-in name").FillAsync(tariq);
        await page.GetByLabel("Staff member").CheckAsync();
        await page.GetByLabel("IT technician").CheckAsync();
        await Button(page, "Add the person").ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-notification-banner--success")).ToContainTextAsync("The person is added.");
        ILocator row = page.Locator("tbody tr", new PageLocatorOptions { HasText = "Tariq Teacher" });
        await Assertions.Expect(row).ToContainTextAsync("Staff member and IT technician");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(page);

        // As staff they report; as the technician they keep the registers.
        IPage asTariq = await this.browser.PageAsync(fixture.Runtime.BaseAddress, SignedInAs(tariq));
        await asTariq.GotoAsync("/home");
        await Assertions.Expect(asTariq.Locator(".govuk-body-l")).ToContainTextAsync("Staff member and IT technician for " + name);
        await Assertions.Expect(Link(asTariq, "Report an e-safety incident")).ToBeVisibleAsync();
        IResponse? registers = await asTariq.GotoAsync("/agencies/" + AgencyIdFrom(page.Url) + "/registers");
        Assert.Equal(200, registers!.Status);

        // They leave: deactivated, kept in the list, and refused everywhere with a page that says why.
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await page.GetByLabel("No, deactivate them (they have left)").CheckAsync();
        await Button(page, "Save the changes").ClickAsync();
        await Assertions.Expect(page.Locator("tbody tr", new PageLocatorOptions { HasText = "Tariq Teacher" })).ToContainTextAsync("Deactivated");

        IResponse? refused = await asTariq.GotoAsync("/home");
        Assert.Equal(403, refused!.Status);
        await Assertions.Expect(asTariq.Locator("main")).ToContainTextAsync("Your account in this service has been closed");
        await Assertions.Expect(asTariq.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Sign out" })).ToBeVisibleAsync();
        await Assertions.Expect(Link(asTariq, "Go to the start page")).ToHaveCountAsync(0);
        await ChromiumBrowser.AssertNoAxeViolationsAsync(asTariq);
    }

    static string AgencyIdFrom(string url) => new Uri(url).AbsolutePath.Split('/')[2];

    [Fact]
    public async Task A_senior_manager_imports_the_staff_list_sees_each_refused_row_explained_and_a_second_run_changes_nothing()
    {
        (_, _, string manager) = await this.OnboardAsync();
        IPage page = await this.browser.PageAsync(fixture.Runtime.BaseAddress, SignedInAs(manager));
        await page.GotoAsync("/home");
        await Link(page, "Manage your agency's people: add, change, import the staff list").ClickAsync();
        await Button(page, "Import the staff list").ClickAsync();
        await ChromiumBrowser.AssertNoAxeViolationsAsync(page);

        // No file chosen.
        await Button(page, "Check the import").ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Choose the staff list to import");

        string domain = Unique("mis") + ".example";
        string csv = "First name,Last name,Email,Roles\n" +
            "Ann,Archer,ann@" + domain + ",\n" +
            "Ben,Baker,ben@" + domain + ",Staff; IT technician\n" +
            "Cat,Cole,not-an-address,\n" +
            "Dan,Dale,ann@" + domain + ",\n" +
            "Eve,Evans,eve@" + domain + ",Caretaker\n";
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "staff.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await Button(page, "Check the import").ClickAsync();

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Check the import");
        ILocator rows = page.Locator("tbody tr");
        await Assertions.Expect(rows.Filter(new() { HasText = "Cat" })).ToContainTextAsync("The email address is not in the right format");
        await Assertions.Expect(rows.Filter(new() { HasText = "Dan" })).ToContainTextAsync("The same email address as line 2.");
        await Assertions.Expect(rows.Filter(new() { HasText = "Eve" })).ToContainTextAsync("Unknown role \"Caretaker\"");
        await Assertions.Expect(rows.Filter(new() { HasText = "Ben" })).ToContainTextAsync("To add");
        await Assertions.Expect(rows.Filter(new() { HasText = "Olive Officer" })).ToContainTextAsync("Kept");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(page);

        await Button(page, "Import 2 changes").ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-notification-banner--success")).ToContainTextAsync("added 2");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(page);
        await Link(page, "See the agency's people").ClickAsync();
        await Assertions.Expect(page.Locator("tbody tr", new PageLocatorOptions { HasText = "Ben Baker" })).ToContainTextAsync("Staff member and IT technician");

        // The same file again: nothing to do.
        await Button(page, "Import the staff list").ClickAsync();
        await page.Locator("#file").SetInputFilesAsync(new FilePayload { Name = "staff.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes(csv) });
        await Button(page, "Check the import").ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-inset-text")).ToHaveTextAsync("Nothing would change: the directory already matches this file.");
        await Assertions.Expect(page.Locator(".govuk-summary-list")).ToContainTextAsync("Unchanged");
    }

    [Fact]
    public async Task The_officer_sees_the_people_read_only_staff_are_refused_and_an_archived_agency_takes_no_reports()
    {
        Person officer = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);
        IPage asOfficer = await this.browser.PageAsync(fixture.Runtime.BaseAddress, officer);
        await asOfficer.GotoAsync("/home");
        await Link(asOfficer, "People").ClickAsync();
        await Assertions.Expect(asOfficer.Locator("tbody")).ToContainTextAsync(officer.DisplayName);
        await Assertions.Expect(Button(asOfficer, "Add a person")).ToHaveCountAsync(0);
        IResponse? addForm = await asOfficer.GotoAsync("/agencies/" + SampleBoard.Northfield.AgencyId + "/people/add");
        Assert.Equal(403, addForm!.Status);

        IPage asStaff = await this.browser.PageAsync(fixture.Runtime.BaseAddress, SampleBoard.InRole(SampleBoard.Northfield, Role.Staff));
        IResponse? people = await asStaff.GotoAsync("/agencies/" + SampleBoard.Northfield.AgencyId + "/people");
        Assert.Equal(403, people!.Status);

        (IPage page, string name, string manager) = await this.OnboardAsync(oneForBoth: true);
        await Button(page, "Archive the agency").ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-notification-banner--success")).ToContainTextAsync("The agency is archived");
        await Assertions.Expect(page.Locator(".govuk-warning-text")).ToContainTextAsync("takes no new reports");
        await page.GotoAsync("/agencies");
        await Assertions.Expect(page.Locator("tbody tr", new PageLocatorOptions { HasText = name })).ToContainTextAsync("Archived");

        // Its head (the officer too, one person in both roles) can no longer report.
        IPage asHead = await this.browser.PageAsync(fixture.Runtime.BaseAddress, SignedInAs(manager));
        IResponse? form = await asHead.GotoAsync("/report");
        Assert.Equal(422, form!.Status);
        await Assertions.Expect(asHead.Locator("main")).ToContainTextAsync("The agency is archived");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(asHead);
    }
}
