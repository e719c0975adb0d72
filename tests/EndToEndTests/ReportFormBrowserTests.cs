using EsafetyServerless.Http.Security;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.Playwright;

namespace EsafetyServerless.EndToEndTests;

/// <summary>
/// The reporting form and the incident log in a real headless Chromium, with axe-core checking accessibility.
/// Every test times out rather than hangs.
/// </summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class ReportFormBrowserTests(LocalRuntimeFixture fixture) : IAsyncLifetime
{
    static readonly Person Amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
    static readonly Person Omar = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);
    ChromiumBrowser browser = null!;

    public async Task InitializeAsync() => this.browser = await ChromiumBrowser.LaunchAsync();

    public async Task DisposeAsync() => await this.browser.DisposeAsync();

    Task<IPage> SignedInPageAsync(Person person) => this.browser.PageAsync(fixture.Runtime.BaseAddress, person);

    static Task AssertNoAxeViolationsAsync(IPage page) => ChromiumBrowser.AssertNoAxeViolationsAsync(page);

    [Fact]
    public async Task A_report_sent_from_the_form_without_JavaScript_appears_in_the_officers_incident_log()
    {
        IPage page = await this.SignedInPageAsync(Amy);
        await page.GotoAsync("/report");
        await AssertNoAxeViolationsAsync(page);

        await page.Locator("#occurred-day").FillAsync("20");
        await page.Locator("#occurred-month").FillAsync("11");
        await page.Locator("#occurred-year").FillAsync("2026");
        await page.Locator("#occurred-time").FillAsync("14:05");
        await page.GetByLabel("What happened?").FillAsync("An older pupil shared a cruel edited photo of Pupil C in the year group chat.");
        await page.GetByLabel("I saw it happen").CheckAsync();
        await page.Locator("#person-0-name").FillAsync("Pupil C");
        await page.Locator("#person-0-role").SelectOptionAsync("child");
        await page.Locator("#person-0-part").CheckAsync();
        await page.Locator("#illegal-suspected-2").CheckAsync(); // No
        await page.Locator("#staff-involved-2").CheckAsync();
        await page.Locator("#child-at-risk-2").CheckAsync();
        await page.Locator("#urgent").CheckAsync(); // Yes
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Send report" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Report sent" })).ToBeVisibleAsync();
        string reference = (await page.Locator("#reference").InnerTextAsync()).Trim();
        Assert.Matches("^NP-\\d{4}-\\d{4}$", reference);
        await AssertNoAxeViolationsAsync(page);

        IPage officer = await this.SignedInPageAsync(Omar);
        await officer.GotoAsync("/incidents");
        await Assertions.Expect(officer.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = reference })).ToBeVisibleAsync();
        await AssertNoAxeViolationsAsync(officer);
        await officer.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = reference }).ClickAsync();
        await Assertions.Expect(officer.GetByText("An older pupil shared a cruel edited photo of Pupil C in the year group chat.")).ToBeVisibleAsync();
        await Assertions.Expect(officer.GetByText("Pupil C – Child or young person, harmed or targeted")).ToBeVisibleAsync();
        await AssertNoAxeViolationsAsync(officer);
    }

    [Fact]
    public async Task An_incomplete_report_shows_the_GOV_UK_error_summary_and_keeps_what_was_typed()
    {
        IPage page = await this.SignedInPageAsync(Amy);
        await page.GotoAsync("/report");
        await page.GetByLabel("What happened?").FillAsync("<script>document.title='pwned'</script> half a report");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Send report" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "There is a problem" })).ToBeVisibleAsync();
        Assert.StartsWith("Error:", await page.TitleAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.Locator(".govuk-error-summary a[href='#occurred-day']")).ToHaveTextAsync("Enter when the incident happened");
        await Assertions.Expect(page.Locator(".govuk-error-summary a[href='#how-identified']")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".govuk-error-summary a[href='#illegal-suspected']")).ToHaveTextAsync("Select yes if you think this may be illegal");
        Assert.Equal("<script>document.title='pwned'</script> half a report", await page.GetByLabel("What happened?").InputValueAsync());
        await AssertNoAxeViolationsAsync(page);
    }

    [Fact]
    public async Task Sending_the_same_form_twice_creates_one_incident()
    {
        IPage page = await this.SignedInPageAsync(Amy);
        await page.GotoAsync("/report");
        string token = await page.Locator("input[name=submissionToken]").InputValueAsync();
        Dictionary<string, string> fields = new()
        {
            ["submissionToken"] = token, ["occurred-day"] = "21", ["occurred-month"] = "11", ["occurred-year"] = "2026", ["occurred-time"] = "09:30",
            ["description"] = "Double-clicked report", ["howIdentified"] = "complaint", ["illegalSuspected"] = "no", ["staffInvolved"] = "no",
            ["childAtRisk"] = "no", ["urgent"] = "no",
        };

        IAPIResponse first = await page.APIRequest.PostAsync("/report", new APIRequestContextOptions { Form = FormOf(page, fields), MaxRedirects = 0 });
        IAPIResponse second = await page.APIRequest.PostAsync("/report", new APIRequestContextOptions { Form = FormOf(page, fields), MaxRedirects = 0 });

        Assert.Equal(302, first.Status);
        Assert.Equal(first.Headers["location"], second.Headers["location"]);
    }

    [Fact]
    public async Task A_form_posted_from_another_site_is_refused_and_stores_nothing()
    {
        IPage page = await this.SignedInPageAsync(Amy);
        await page.GotoAsync("/report");
        Dictionary<string, string> fields = new()
        {
            ["occurred-day"] = "21", ["occurred-month"] = "11", ["occurred-year"] = "2026", ["description"] = "Forged from elsewhere",
            ["howIdentified"] = "complaint", ["illegalSuspected"] = "no", ["staffInvolved"] = "no", ["childAtRisk"] = "no", ["urgent"] = "no",
        };

        IAPIResponse forged = await page.APIRequest.PostAsync("/report", new APIRequestContextOptions
        {
            Form = FormOf(page, fields), MaxRedirects = 0, Headers = new Dictionary<string, string> { ["Origin"] = "https://evil.example" },
        });

        Assert.Equal(403, forged.Status);
        IAPIResponse log = await page.APIRequest.GetAsync("/api/incidents?pageSize=200", new APIRequestContextOptions
        {
            Headers = new Dictionary<string, string> { [ClientPrincipal.HeaderName] = ClientPrincipal.ForSignInName(Omar.SignInName).ToHeaderValue() },
        });
        Assert.DoesNotContain("Forged from elsewhere", await log.TextAsync(), StringComparison.Ordinal);
    }

    async Task SendUnknownSenderEmailAsync(string subject)
    {
        using MultipartFormDataContent form = new()
        {
            { new StringContent("Stranger <someone@elsewhere.example>"), "from" },
            { new StringContent(SampleBoard.Northfield.IntakeAddress), "to" },
            { new StringContent(subject), "subject" },
            { new StringContent("Please look at what is being posted about a pupil."), "text" },
        };
        using HttpResponseMessage response = await fixture.Runtime.Http.PostAsync(new Uri("api/inbound/email?key=" + LocalRuntimeFixture.InboundSecret, UriKind.Relative), form);
        response.EnsureSuccessStatusCode();
    }

    [Fact]
    public async Task The_officer_accepts_one_unknown_senders_email_and_dismisses_another_from_the_log_page()
    {
        string keep = "Genuine " + Guid.NewGuid().ToString("N")[..6];
        string junk = "Junk " + Guid.NewGuid().ToString("N")[..6];
        await this.SendUnknownSenderEmailAsync(keep);
        await this.SendUnknownSenderEmailAsync(junk);
        IPage officer = await this.SignedInPageAsync(Omar);
        await officer.GotoAsync("/incidents");
        await AssertNoAxeViolationsAsync(officer);

        ILocator keepCard = officer.Locator(".govuk-summary-card", new PageLocatorOptions { HasText = keep });
        await keepCard.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Accept as an incident" }).ClickAsync();
        await Assertions.Expect(officer.Locator(".govuk-notification-banner__heading")).ToContainTextAsync("waiting for your triage");

        ILocator junkCard = officer.Locator(".govuk-summary-card", new PageLocatorOptions { HasText = junk });
        await junkCard.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Dismiss" }).ClickAsync();
        await Assertions.Expect(officer.Locator(".govuk-error-summary")).ToContainTextAsync("Enter why this report is being dismissed");
        await AssertNoAxeViolationsAsync(officer);
        junkCard = officer.Locator(".govuk-summary-card", new PageLocatorOptions { HasText = junk });
        await junkCard.GetByLabel("Reason for dismissing").FillAsync("Not a safeguarding matter");
        await junkCard.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = "Dismiss" }).ClickAsync();

        await Assertions.Expect(officer.Locator(".govuk-notification-banner__heading")).ToHaveTextAsync("The email was dismissed.");
        await Assertions.Expect(officer.Locator(".govuk-summary-card", new PageLocatorOptions { HasText = keep })).ToHaveCountAsync(0);
        await Assertions.Expect(officer.Locator(".govuk-summary-card", new PageLocatorOptions { HasText = junk })).ToHaveCountAsync(0);
    }

    static IFormData FormOf(IPage page, Dictionary<string, string> fields)
    {
        IFormData form = page.APIRequest.CreateFormData();
        foreach (KeyValuePair<string, string> field in fields)
        {
            form.Set(field.Key, field.Value);
        }

        return form;
    }
}
