using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.Playwright;

namespace EsafetyServerless.EndToEndTests;

/// <summary>The evidence page and the retention page in a real headless Chromium, without JavaScript, checked by axe-core.</summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class EvidencePageBrowserTests(LocalRuntimeFixture fixture) : IAsyncLifetime
{
    static readonly Person Amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
    static readonly Person Omar = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);
    static readonly Person Sarah = SampleBoard.InRole(SampleBoard.Northfield, Role.SeniorManager);
    static readonly Person Tom = SampleBoard.InRole(SampleBoard.Northfield, Role.Technician);
    ChromiumBrowser browser = null!;

    public async Task InitializeAsync() => this.browser = await ChromiumBrowser.LaunchAsync();

    public async Task DisposeAsync() => await this.browser.DisposeAsync();

    Task<IPage> SignedInPageAsync(Person person) => this.browser.PageAsync(fixture.Runtime.BaseAddress, person);

    static Task AssertNoAxeViolationsAsync(IPage page) => ChromiumBrowser.AssertNoAxeViolationsAsync(page);

    [Fact]
    public async Task A_technician_records_a_two_person_review_and_a_request_and_the_senior_manager_approves_it_on_the_page()
    {
        using HttpResponseMessage reported = await fixture.Runtime.Http.SendAsync(LocalRuntimeProcess.As(Amy.SignInName, HttpMethod.Post, "/api/incidents",
            new StringContent(IncidentApiTests.ValidReport().ToJsonString(), Encoding.UTF8, "application/json")));
        Assert.Equal(HttpStatusCode.Accepted, reported.StatusCode);
        string id = JsonDocument.Parse(await reported.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetString()!;

        IPage tom = await this.SignedInPageAsync(Tom);
        await tom.GotoAsync($"/incidents/{id}/evidence");
        await AssertNoAxeViolationsAsync(tom);
        await tom.Locator("#firstReviewer").SelectOptionAsync(Tom.PersonId);
        await tom.Locator("#secondReviewer").SelectOptionAsync(Omar.PersonId);
        await tom.Locator("#reviewedAt-day").FillAsync("21");
        await tom.Locator("#reviewedAt-month").FillAsync("11");
        await tom.Locator("#reviewedAt-year").FillAsync("2026");
        await tom.Locator("#reviewedAt-time").FillAsync("10:00");
        await tom.GetByLabel("The computer used for the review").FillAsync("Office PC in the head's room");
        await tom.GetByLabel("The device or website reviewed").FillAsync("The class chat app");
        await tom.GetByLabel("What was reviewed").FillAsync("The messages of 20 November");
        await tom.GetByLabel("Why it was reviewed").FillAsync("To judge whether they were threatening");
        await tom.GetByLabel("Conclusion").FillAsync("Unkind, nothing illegal");
        await tom.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Record the review" }).ClickAsync();
        await Assertions.Expect(tom.GetByText("Review recorded")).ToBeVisibleAsync();
        await Assertions.Expect(tom.GetByText("Office PC in the head's room", new PageGetByTextOptions { Exact = true })).ToBeVisibleAsync();

        await tom.GetByLabel("Police").CheckAsync();
        await tom.GetByLabel("Name and role of the person asking").FillAsync("DC Jane Smith");
        await tom.GetByLabel("Their reference (crime number, LADO reference)").FillAsync("CR/777/26");
        await tom.GetByLabel("What they ask for").FillAsync("The chat log");
        await tom.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Record the request" }).ClickAsync();
        await Assertions.Expect(tom.GetByText("Disclosure request recorded")).ToBeVisibleAsync();
        await AssertNoAxeViolationsAsync(tom);

        IPage sarah = await this.SignedInPageAsync(Sarah);
        await sarah.GotoAsync($"/incidents/{id}/evidence");
        await AssertNoAxeViolationsAsync(sarah);
        Assert.Equal(0, await sarah.GetByText("Record the review").CountAsync());
        await sarah.GetByLabel("Approve the disclosure").CheckAsync();
        await sarah.GetByLabel("Your reasons").FillAsync("Lawful police request");
        await sarah.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Record the decision" }).ClickAsync();
        await Assertions.Expect(sarah.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Disclosure approved" })).ToBeVisibleAsync();
        await AssertNoAxeViolationsAsync(sarah);

        // The package is built by a durable workflow: the page says so until it is ready, then shows the one-time link.
        for (int attempt = 0; attempt < 100 && await sarah.Locator("code").CountAsync() == 0; attempt++)
        {
            await Task.Delay(200);
            await sarah.ReloadAsync();
        }

        Assert.Contains("/api/disclosure-packages?token=", await sarah.Locator("code").InnerTextAsync(), StringComparison.Ordinal);
        await AssertNoAxeViolationsAsync(sarah);
    }

    [Fact]
    public async Task A_form_with_something_missing_is_shown_again_with_the_error_summary_and_what_was_typed()
    {
        string id = await this.ReportAsync(r => { });

        IPage tom = await this.SignedInPageAsync(Tom);
        await tom.GotoAsync($"/incidents/{id}/evidence");
        await tom.GetByLabel("The computer used for the review").FillAsync("Office PC in the head's room");
        await tom.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Record the review" }).ClickAsync();

        await Assertions.Expect(tom.Locator(".govuk-error-summary a[href='#firstReviewer']")).ToHaveTextAsync("Choose the first reviewer");
        await Assertions.Expect(tom.Locator("#firstReviewer-error")).ToBeVisibleAsync();
        await Assertions.Expect(tom.GetByLabel("The computer used for the review")).ToHaveValueAsync("Office PC in the head's room");
        await AssertNoAxeViolationsAsync(tom);

        IPage sarah = await this.SignedInPageAsync(Sarah);
        IPage staleTab = await this.SignedInPageAsync(Sarah);
        await sarah.GotoAsync($"/incidents/{id}/evidence");
        await staleTab.GotoAsync($"/incidents/{id}/evidence");
        await sarah.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Place a legal hold" }).ClickAsync();
        await Assertions.Expect(sarah.Locator(".govuk-error-summary a[href='#hold-place-reason']")).ToHaveTextAsync("Enter why the evidence must be held");
        await sarah.GetByLabel("Why the evidence must be held").FillAsync("Civil claim expected");
        await sarah.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Place a legal hold" }).ClickAsync();
        await Assertions.Expect(sarah.GetByText("Legal hold placed")).ToBeVisibleAsync();
        await Assertions.Expect(sarah.GetByText("On legal hold", new PageGetByTextOptions { Exact = true })).ToBeVisibleAsync();
        await AssertNoAxeViolationsAsync(sarah);

        // A page loaded before the hold was placed: placing it again is explained, linked to the hold as it now stands.
        await staleTab.GetByLabel("Why the evidence must be held").FillAsync("Police asked us to keep it");
        await staleTab.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Place a legal hold" }).ClickAsync();
        await Assertions.Expect(staleTab.Locator(".govuk-error-summary a[href='#hold']")).ToContainTextAsync("already on legal hold");
        await AssertNoAxeViolationsAsync(staleTab);
    }

    [Fact]
    public async Task The_officer_purges_a_record_due_for_review_on_the_retention_page_once_the_reference_is_typed()
    {
        // Long ago: a child born in 1990, so the record's retention review (date of birth + 25 years) is already due.
        string id = await this.ReportAsync(r =>
        {
            r["occurredAt"] = "2003-06-01T10:00:00Z";
            r["peopleInvolved"]![0]!["dateOfBirth"] = "1990-01-01";
        });
        string reference = await this.WaitForRetentionDateAsync(id);

        IPage omar = await this.SignedInPageAsync(Omar);
        await omar.GotoAsync("/retention");
        await omar.Locator($"#purge-{id}").FillAsync("Reviewed: nothing requires keeping it");
        await omar.Locator($"#confirm-{id}").FillAsync("NP-1999-0001");
        await omar.Locator($"form[action='/retention/{id}/purge'] button").ClickAsync();
        await Assertions.Expect(omar.Locator($".govuk-error-summary a[href='#confirm-{id}']")).ToContainTextAsync("Type the incident's reference");
        await Assertions.Expect(omar.Locator($"#purge-{id}")).ToHaveValueAsync("Reviewed: nothing requires keeping it");
        await AssertNoAxeViolationsAsync(omar);

        await omar.Locator($"#confirm-{id}").FillAsync(reference);
        await omar.Locator($"form[action='/retention/{id}/purge'] button").ClickAsync();
        await Assertions.Expect(omar.GetByText($"Incident {reference} and its evidence are purged.")).ToBeVisibleAsync();
        Assert.Equal(0, await omar.Locator($"#purge-{id}").CountAsync());
    }

    [Fact]
    public async Task The_technician_secures_the_reported_device_and_uploads_a_screenshot_on_the_page_and_the_securing_task_closes()
    {
        string id = await this.ReportAsync(report =>
        {
            report["technology"] = "Year 6 class iPad";
            report["concerns"]!["illegalSuspected"] = true;
            report["concerns"]!["illegalKinds"] = new JsonArray("other-criminal");
        });
        string reference = await this.WaitForRetentionDateAsync(id);

        IPage tom = await this.SignedInPageAsync(Tom);
        string taskTitle = $"Secure the evidence for incident {reference}";
        for (int attempt = 0; attempt < 40 && await tom.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = taskTitle }).CountAsync() == 0; attempt++)
        {
            await Task.Delay(250);
            await tom.GotoAsync("/tasks");
        }

        await tom.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = taskTitle }).ClickAsync();
        await Assertions.Expect(tom.Locator("#securing + .govuk-summary-list")).ToContainTextAsync("Year 6 class iPad");
        await Assertions.Expect(tom.Locator(".govuk-inset-text").First).ToContainTextAsync("Isolate the device or account at once");
        await AssertNoAxeViolationsAsync(tom);

        // Nothing on the register yet: the task cannot be closed.
        await tom.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Mark the evidence as secured" }).ClickAsync();
        await Assertions.Expect(tom.Locator(".govuk-error-summary a[href='#secured']")).ToContainTextAsync("Record what you secured first");

        // The iPad, bagged and sealed. A summer date typed in UK time reads back as typed.
        await tom.GetByLabel("What it is").FillAsync("Year 6 class iPad (blue case)");
        await tom.GetByLabel("Where it is kept").FillAsync("Locked cabinet in the head teacher's office");
        await Assertions.Expect(tom.GetByLabel("Who secured it")).ToHaveValueAsync(Tom.DisplayName);
        await tom.Locator("#held-securedAt-day").FillAsync("10");
        await tom.Locator("#held-securedAt-month").FillAsync("7");
        await tom.Locator("#held-securedAt-year").FillAsync("2026");
        await tom.Locator("#held-securedAt-time").FillAsync("15:30");
        await tom.GetByLabel("Seal number (optional)").FillAsync("SEAL-004417");
        await tom.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Record the held item" }).ClickAsync();
        await Assertions.Expect(tom.GetByText("Held item recorded")).ToBeVisibleAsync();
        ILocator ipad = tom.Locator(".govuk-summary-card", new PageLocatorOptions { HasText = "Year 6 class iPad (blue case)" });
        await Assertions.Expect(ipad).ToContainTextAsync("10 July 2026 15:30 by " + Tom.DisplayName);
        await Assertions.Expect(ipad).ToContainTextAsync("SEAL-004417");

        // A screenshot the pupil's parent sent: forgetting the file is explained, then it is stored with its hash.
        byte[] screenshot = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, .. Encoding.ASCII.GetBytes("a screenshot of the messages " + id)];
        await tom.GetByLabel("What the file is").FillAsync("Screenshot of the messages");
        await tom.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Upload the file" }).ClickAsync();
        await Assertions.Expect(tom.Locator(".govuk-error-summary a[href='#upload-file']")).ToHaveTextAsync("Choose the file to upload");
        await Assertions.Expect(tom.GetByLabel("What the file is")).ToHaveValueAsync("Screenshot of the messages");
        await AssertNoAxeViolationsAsync(tom);
        await tom.GetByLabel("File to upload").SetInputFilesAsync(new FilePayload { Name = "messages.png", MimeType = "image/png", Buffer = screenshot });
        await tom.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Upload the file" }).ClickAsync();
        await Assertions.Expect(tom.GetByText("File stored and hashed")).ToBeVisibleAsync();
        ILocator file = tom.Locator(".govuk-summary-card", new PageLocatorOptions { HasText = "Screenshot of the messages" });
        await Assertions.Expect(file).ToContainTextAsync(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(screenshot)));
        await Assertions.Expect(file).ToContainTextAsync("messages.png");

        await tom.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Mark the evidence as secured" }).ClickAsync();
        await Assertions.Expect(tom.GetByText("The evidence is recorded as secured and the task is done")).ToBeVisibleAsync();
        await Assertions.Expect(tom.Locator("#securing ~ p .govuk-tag").First).ToHaveTextAsync("Secured");
        await Assertions.Expect(tom.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Mark the evidence as secured" })).ToHaveCountAsync(0);

        // The chain of custody in words: the item and the person named, the seal as a number, the page views grouped.
        ILocator custody = tom.Locator("table", new PageLocatorOptions { HasText = "Everything done with this incident's evidence" });
        await Assertions.Expect(custody.Locator("tr", new LocatorLocatorOptions { HasText = "Sealed" })).ToContainTextAsync("Year 6 class iPad (blue case)");
        await Assertions.Expect(custody.Locator("tr", new LocatorLocatorOptions { HasText = "Sealed" })).ToContainTextAsync("Seal number SEAL-004417");
        await Assertions.Expect(custody.Locator("tr", new LocatorLocatorOptions { HasText = "File stored" })).ToContainTextAsync(Tom.DisplayName + " (IT technician)");
        await Assertions.Expect(custody.Locator("tr", new LocatorLocatorOptions { HasText = "Looked at the evidence page" }).First).ToContainTextAsync("times");
        await Assertions.Expect(custody).Not.ToContainTextAsync("seal=");
        await tom.SetViewportSizeAsync(390, 844);
        await AssertNoAxeViolationsAsync(tom);

        await tom.GotoAsync("/tasks");
        await Assertions.Expect(tom.Locator("table", new PageLocatorOptions { HasText = "Done lately" }).GetByText(taskTitle)).ToBeVisibleAsync();
    }

    async Task<string> ReportAsync(Action<JsonObject> adjust)
    {
        JsonObject report = IncidentApiTests.ValidReport();
        adjust(report);
        using HttpResponseMessage reported = await fixture.Runtime.Http.SendAsync(LocalRuntimeProcess.As(Amy.SignInName, HttpMethod.Post, "/api/incidents",
            new StringContent(report.ToJsonString(), Encoding.UTF8, "application/json")));
        Assert.Equal(HttpStatusCode.Accepted, reported.StatusCode);
        return JsonDocument.Parse(await reported.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetString()!;
    }

    /// <summary>The response workflow records the plan, then the retention date; the incident's reference once it has.</summary>
    async Task<string> WaitForRetentionDateAsync(string incidentId)
    {
        for (int attempt = 0; attempt < 150; attempt++)
        {
            using HttpResponseMessage response = await fixture.Runtime.Http.SendAsync(LocalRuntimeProcess.As(Omar.SignInName, HttpMethod.Get, $"/api/incidents/{incidentId}/evidence"));
            using JsonDocument evidence = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            if (evidence.RootElement.TryGetProperty("retention", out JsonElement retention) && retention.ValueKind == JsonValueKind.Object)
            {
                return retention.GetProperty("reference").GetString()!;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The response workflow did not record the retention date.");
    }

    [Fact]
    public async Task The_retention_page_is_accessible_to_the_officer()
    {
        IPage omar = await this.SignedInPageAsync(Omar);
        await omar.GotoAsync("/retention");

        await Assertions.Expect(omar.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Records due for retention review" })).ToBeVisibleAsync();
        await AssertNoAxeViolationsAsync(omar);
    }
}
