using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.Playwright;
using MimeKit;

namespace EsafetyServerless.EndToEndTests;

/// <summary>
/// One whole case in Chromium, played by the people who do it and touching no API: the outbox is the only thing the
/// test reads besides the pages (the links the LADO and First Response follow come from their emails).
/// </summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class WholeCaseBrowserTests(LocalRuntimeFixture fixture) : IAsyncLifetime
{
    static readonly Person Amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
    static readonly Person Omar = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);
    static readonly Person Sarah = SampleBoard.InRole(SampleBoard.Northfield, Role.SeniorManager);
    ChromiumBrowser browser = null!;

    public async Task InitializeAsync() => this.browser = await ChromiumBrowser.LaunchAsync();

    public async Task DisposeAsync() => await this.browser.DisposeAsync();

    Task<IPage> PageAsync(Person? person) => this.browser.PageAsync(fixture.Runtime.BaseAddress, person);

    static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = name });

    static ILocator Status(IPage page) => page.Locator("#incident-status .govuk-tag").First;

    /// <summary>The workflows act a moment after a person does; the officer reloads the page until they have.</summary>
    static async Task ReloadUntilAsync(IPage page, ILocator shown)
    {
        for (int attempt = 0; attempt < 60 && await shown.CountAsync() == 0; attempt++)
        {
            await Task.Delay(500);
            await page.ReloadAsync();
        }

        await Assertions.Expect(shown.First).ToBeVisibleAsync();
    }

    async Task AcknowledgeThroughTheNoticeLinkAsync(string address, string reference, string theirReference)
    {
        MimeMessage notice = await fixture.Mail.WaitForAsync(
            m => m.To.Mailboxes.Any(a => a.Address == address) && m.Subject?.StartsWith("E-safety referral " + reference, StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(60));
        string link = new Uri(notice.TextBody!.Split('\n').Select(l => l.Trim()).First(l => l.Contains("/referrals/", StringComparison.Ordinal))).PathAndQuery;
        IPage recipient = await this.PageAsync(null);
        await recipient.GotoAsync(link);
        await recipient.GetByLabel("Your reference number").FillAsync(theirReference);
        await Button(recipient, "Acknowledge referral").ClickAsync();
        await Assertions.Expect(recipient.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Referral acknowledged" })).ToBeVisibleAsync();
        await recipient.CloseAsync();
    }

    [Fact]
    public async Task A_whole_case_from_a_not_sure_report_to_closed_is_run_in_the_pages_with_each_step_on_the_record_in_UK_time()
    {
        // A member of staff reports, unsure whether the child is at risk. 10 July is summer time: 14:05 stays 14:05.
        IPage staff = await this.PageAsync(Amy);
        await staff.GotoAsync("/report");
        await staff.Locator("#occurred-day").FillAsync("10");
        await staff.Locator("#occurred-month").FillAsync("7");
        await staff.Locator("#occurred-year").FillAsync("2026");
        await staff.Locator("#occurred-time").FillAsync("14:05");
        await staff.GetByLabel("What happened?").FillAsync("A teaching assistant sent a Year 6 pupil messages asking to meet after school and to keep it secret.");
        await staff.GetByLabel("Someone told me (a disclosure)").CheckAsync();
        await staff.GetByLabel("Which device, app or website was involved? (optional)").FillAsync("Class messaging app");
        await staff.Locator("#person-0-name").FillAsync("Pupil D");
        await staff.Locator("#person-0-role").SelectOptionAsync("child");
        await staff.Locator("#person-0-part").CheckAsync();
        await staff.Locator("#illegal-suspected").CheckAsync(); // Yes
        await staff.Locator("#illegal-kinds-4").CheckAsync(); // other criminal activity
        await staff.Locator("#staff-involved").CheckAsync(); // Yes
        await staff.Locator("#lado-threshold-3").CheckAsync(); // may pose a risk of harm
        await staff.Locator("#child-at-risk-3").CheckAsync(); // Not sure
        await staff.Locator("#urgent-2").CheckAsync(); // No
        await ChromiumBrowser.AssertNoAxeViolationsAsync(staff);
        await Button(staff, "Send report").ClickAsync();

        await Assertions.Expect(staff.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Report sent" })).ToBeVisibleAsync();
        await Assertions.Expect(staff.Locator(".govuk-warning-text")).ToContainTextAsync("find your e-safety officer now");
        string reference = (await staff.Locator("#reference").InnerTextAsync()).Trim();
        string incidentId = staff.Url.Split('/')[^2];

        // The officer triages: the reporter's answers are there, the "Not sure" is theirs to answer.
        IPage officer = await this.PageAsync(Omar);
        await officer.GotoAsync("/incidents?status=awaiting-triage");
        await officer.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = reference }).ClickAsync();
        await Assertions.Expect(Status(officer)).ToHaveTextAsync("Awaiting triage");
        await Assertions.Expect(officer.GetByText("Happened")).ToBeVisibleAsync();
        await Assertions.Expect(officer.Locator(".govuk-summary-list")).ToContainTextAsync("10 July 2026 14:05");
        await Assertions.Expect(officer.Locator("#answers")).ToContainTextAsync("A child at risk of significant harm: not sure");
        await Assertions.Expect(officer.GetByText("The reporter was not sure of every answer.", new PageGetByTextOptions { Exact = false })).ToBeVisibleAsync();
        await Assertions.Expect(officer.Locator("#illegal-suspected")).ToBeCheckedAsync();
        await Assertions.Expect(officer.Locator("#child-at-risk")).Not.ToBeCheckedAsync();
        await Assertions.Expect(officer.Locator("#child-at-risk-2")).Not.ToBeCheckedAsync();
        await ChromiumBrowser.AssertNoAxeViolationsAsync(officer);
        await officer.Locator("#child-at-risk-2").CheckAsync(); // No: the pupil is safe at home, the police and LADO lead
        DateTimeOffset triagedFrom = DateTimeOffset.UtcNow;
        await Button(officer, "Save triage").ClickAsync();
        DateTimeOffset triagedBy = DateTimeOffset.UtcNow;
        await Assertions.Expect(officer.GetByText("Saved.")).ToBeVisibleAsync();
        await ReloadUntilAsync(officer, officer.GetByText("To do:"));
        await Assertions.Expect(Status(officer)).ToHaveTextAsync("Open");
        await Assertions.Expect(officer.Locator("#corrections + ol")).ToContainTextAsync("Reason: Triage: the reporter was not sure of every answer");

        // The officer phones the police (the instructions are on the page) and records their reference.
        await Assertions.Expect(officer.GetByText("To do:")).ToContainTextAsync("101");
        await officer.GetByLabel("Reference from the police").FillAsync("CAD 5521 10/07");
        await Button(officer, "Record the reference from the police").ClickAsync();
        await Assertions.Expect(officer.GetByRole(AriaRole.Cell, new PageGetByRoleOptions { Name = "CAD 5521 10/07" })).ToBeVisibleAsync();

        // The LADO acknowledges through the link in their notice.
        await this.AcknowledgeThroughTheNoticeLinkAsync("lado@county-council.example", reference, "LADO-2026-077");
        await officer.ReloadAsync();
        await Assertions.Expect(officer.GetByRole(AriaRole.Cell, new PageGetByRoleOptions { Name = "LADO-2026-077" })).ToBeVisibleAsync();

        // The pupil's parent calls: the child is at risk after all. The correction adds the referral to First Response.
        await officer.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Correct the report of incident " + reference }).ClickAsync();
        await officer.Locator("#child-at-risk").CheckAsync();
        await officer.GetByLabel("Why are you making this correction?").FillAsync("The parent says the assistant has been waiting outside the pupil's home");
        await Button(officer, "Save the correction").ClickAsync();
        await Assertions.Expect(officer.GetByText("Saved.")).ToBeVisibleAsync();
        await Assertions.Expect(officer.Locator("#answers")).ToContainTextAsync("A child at risk of significant harm: yes");
        await ReloadUntilAsync(officer, officer.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Referral to the First Response Team" }));
        await this.AcknowledgeThroughTheNoticeLinkAsync("first-response@county-council.example", reference, "FR-88123");
        await officer.ReloadAsync();
        await Assertions.Expect(officer.GetByRole(AriaRole.Cell, new PageGetByRoleOptions { Name = "FR-88123" })).ToBeVisibleAsync();

        // The officer concludes; the case waits for the senior manager's review of the policies.
        await officer.GetByLabel("Record the conclusion").FillAsync("The assistant was suspended; the police and the LADO lead the investigation.");
        await officer.GetByLabel("Substantiated", new PageGetByLabelOptions { Exact = true }).CheckAsync();
        await Button(officer, "Save conclusion").ClickAsync();
        await Assertions.Expect(officer.GetByText("Saved.")).ToBeVisibleAsync();
        await Assertions.Expect(Status(officer)).ToHaveTextAsync("Concluded");

        IPage manager = await this.PageAsync(Sarah);
        await manager.GotoAsync("/tasks");
        await manager.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = $"Review the e-safety and acceptable use policies after serious incident {reference}" }).ClickAsync();
        await manager.GetByLabel("Issues identified").FillAsync("Staff could message pupils one to one on the class app.");
        await manager.Locator("#action-1").FillAsync("Turn off one-to-one staff messages in the class app");
        await manager.Locator("#responsible-1").FillAsync("IT technician");
        await manager.GetByLabel("Stakeholders consulted").FillAsync("Governors\nStaff");
        await Button(manager, "Complete the review").ClickAsync();
        await Assertions.Expect(manager.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Completed" })).ToBeVisibleAsync();

        // Closed, with every step on the record, named and timed in UK time.
        await officer.GotoAsync("/incidents/" + incidentId);
        await Assertions.Expect(Status(officer)).ToHaveTextAsync("Closed");
        ILocator record = officer.Locator("main");
        await Assertions.Expect(record).ToContainTextAsync("Triaged: the flowchart's questions answered (" + Omar.DisplayName + ")");
        await Assertions.Expect(record).ToContainTextAsync("Reason: The parent says the assistant has been waiting outside the pupil's home");
        await Assertions.Expect(record).ToContainTextAsync("The assistant was suspended; the police and the LADO lead the investigation.");
        static string InLondon(DateTimeOffset at) => System.Text.RegularExpressions.Regex.Escape(TimeZoneInfo.ConvertTime(at, TimeZoneInfo.FindSystemTimeZoneById("Europe/London"))
            .ToString("d MMM yyyy HH:mm", System.Globalization.CultureInfo.GetCultureInfo("en-GB")));
        await Assertions.Expect(officer.Locator("ul.govuk-list li", new PageLocatorOptions { HasText = "Triaged" }))
            .ToContainTextAsync(new System.Text.RegularExpressions.Regex(InLondon(triagedFrom) + "|" + InLondon(triagedBy)));
        await Assertions.Expect(record).ToContainTextAsync("Response plan: police route; refer to the police, the LADO (the system)");
        await Assertions.Expect(record).Not.ToContainTextAsync("recipient:");
        await Assertions.Expect(officer.Locator("#why-referred")).ToContainTextAsync("The First Response Team: a child may be at risk of significant harm");
        await Assertions.Expect(officer.Locator("#why-referred")).ToContainTextAsync("The LADO: a member of staff or volunteer may have met the LADO threshold");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(officer);
        await officer.SetViewportSizeAsync(390, 844);
        await ChromiumBrowser.AssertNoAxeViolationsAsync(officer);
        Assert.True(await officer.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The incident page is cut off at 390px");

        // For the case conference: the print view has the whole record on A4, nothing folded away and no forms.
        await officer.SetViewportSizeAsync(1280, 900);
        await officer.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = $"Print this incident ({reference})" }).ClickAsync();
        await Assertions.Expect(officer.Locator("main form[method=post]")).ToHaveCountAsync(0); // the banner's sign-out is not printed
        await Assertions.Expect(officer.GetByText("Before: ", new PageGetByTextOptions { Exact = false }).First).ToBeVisibleAsync();
        await Assertions.Expect(officer.Locator("main")).ToContainTextAsync("CAD 5521 10/07");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(officer);
        await officer.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await officer.SetViewportSizeAsync(680, 1000); // A4's width inside 15 mm margins, at 96 dpi
        await Assertions.Expect(officer.Locator(".govuk-header")).ToBeHiddenAsync();
        Assert.True(await officer.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The printed incident is cut off on A4");
        await officer.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });

        await officer.GotoAsync("/incidents?status=closed");
        await Assertions.Expect(officer.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = reference })).ToBeVisibleAsync();
        await staff.GotoAsync("/reports");
        await Assertions.Expect(staff.Locator("tr", new PageLocatorOptions { HasText = reference }).Locator(".govuk-tag")).ToHaveTextAsync("Closed");
    }
}
