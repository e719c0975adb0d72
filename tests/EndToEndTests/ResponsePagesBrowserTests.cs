using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.Playwright;
using MimeKit;

namespace EsafetyServerless.EndToEndTests;

/// <summary>
/// The response workflow's pages in Chromium, without JavaScript, checked by axe: triage of an emailed report, the
/// recipient's page behind a notice's link, recording a phoned referral, "My tasks", and the senior manager's
/// post-incident policy review with delegation.
/// </summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class ResponsePagesBrowserTests(LocalRuntimeFixture fixture) : IAsyncLifetime
{
    static readonly Person Amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
    static readonly Person Omar = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);
    static readonly Person Sarah = SampleBoard.InRole(SampleBoard.Northfield, Role.SeniorManager);
    ChromiumBrowser browser = null!;

    public async Task InitializeAsync() => this.browser = await ChromiumBrowser.LaunchAsync();

    public async Task DisposeAsync() => await this.browser.DisposeAsync();

    Task<IPage> PageAsync(Person? person) => this.browser.PageAsync(fixture.Runtime.BaseAddress, person);

    static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = name });

    [Fact]
    public async Task An_officer_triages_an_emailed_report_and_the_LADO_acknowledges_on_the_page_behind_the_notice_link()
    {
        string subject = "Teacher messaging a pupil " + Guid.NewGuid().ToString("N")[..6];
        string incidentId = await this.EmailedReportAsync(subject);
        IPage officer = await this.PageAsync(Omar);
        await officer.GotoAsync("/incidents/" + incidentId);
        await Assertions.Expect(officer.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Triage" })).ToBeVisibleAsync();
        await ChromiumBrowser.AssertNoAxeViolationsAsync(officer);

        await Button(officer, "Save triage").ClickAsync();
        await Assertions.Expect(officer.Locator(".govuk-error-summary a[href='#staff-involved']")).ToHaveTextAsync("Select yes if a member of staff or a volunteer is involved");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(officer);

        await officer.Locator("#illegal-suspected-2").CheckAsync();
        await officer.Locator("#staff-involved").CheckAsync();
        await officer.Locator("#lado-threshold").CheckAsync();
        await officer.Locator("#child-at-risk-2").CheckAsync();
        await officer.Locator("#urgent-2").CheckAsync();
        await Button(officer, "Save triage").ClickAsync();
        await Assertions.Expect(officer.GetByText("Saved.")).ToBeVisibleAsync();
        for (int i = 0; i < 40 && await officer.GetByText("Route: lado").CountAsync() == 0; i++)
        {
            await Task.Delay(500); // The workflow records the plan a moment after triage.
            await officer.ReloadAsync();
        }

        await Assertions.Expect(officer.GetByText("Route: lado")).ToBeVisibleAsync();

        string reference = await ReferenceAsync(incidentId);
        MimeMessage notice = await fixture.Mail.WaitForAsync(
            m => m.To.Mailboxes.Any(a => a.Address == "lado@county-council.example") && m.TextBody?.Contains(reference, StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(30));
        string link = new Uri(notice.TextBody!.Split('\n').Select(l => l.Trim()).First(l => l.Contains("/referrals/", StringComparison.Ordinal))).PathAndQuery;

        IPage lado = await this.PageAsync(null);
        await lado.GotoAsync(link);
        await Assertions.Expect(lado.GetByText("allegation against a member of staff or volunteer (LADO threshold met)")).ToBeVisibleAsync();
        await ChromiumBrowser.AssertNoAxeViolationsAsync(lado);
        await Button(lado, "Acknowledge referral").ClickAsync();
        await Assertions.Expect(lado.Locator(".govuk-error-summary a[href='#reference']")).ToHaveTextAsync("Enter your reference number");
        await lado.GetByLabel("Your reference number").FillAsync("LADO-2026-314");
        await Button(lado, "Acknowledge referral").ClickAsync();
        await Assertions.Expect(lado.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Referral acknowledged" })).ToBeVisibleAsync();
        await ChromiumBrowser.AssertNoAxeViolationsAsync(lado);

        await officer.GotoAsync("/incidents/" + incidentId);
        await Assertions.Expect(officer.GetByRole(AriaRole.Cell, new PageGetByRoleOptions { Name = "LADO-2026-314" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_officer_records_the_police_reference_and_the_senior_manager_delegates_the_policy_review_which_the_officer_completes()
    {
        string incidentId = await this.SeriousReportAsync();
        string reference = await ReferenceAsync(incidentId);

        IPage officer = await this.PageAsync(Omar);
        await officer.GotoAsync("/tasks");
        await Assertions.Expect(officer.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = $"Refer {reference} to the police" })).ToBeVisibleAsync();
        await ChromiumBrowser.AssertNoAxeViolationsAsync(officer);
        await officer.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = $"Refer {reference} to the police" }).ClickAsync();
        await officer.GetByLabel("Reference from the police").FillAsync("CAD 1234 28/11");
        await officer.Locator($"form[action$='{incidentId}-police'] button").ClickAsync();
        await Assertions.Expect(officer.GetByText("Saved.")).ToBeVisibleAsync();
        await Assertions.Expect(officer.GetByRole(AriaRole.Cell, new PageGetByRoleOptions { Name = "CAD 1234 28/11" })).ToBeVisibleAsync();
        await ChromiumBrowser.AssertNoAxeViolationsAsync(officer);

        IPage manager = await this.PageAsync(Sarah);
        await manager.GotoAsync("/tasks");
        string reviewTitle = $"Review the e-safety and acceptable use policies after serious incident {reference}";
        await manager.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = reviewTitle }).ClickAsync();
        await ChromiumBrowser.AssertNoAxeViolationsAsync(manager);
        await manager.GetByLabel("E-safety officer").SelectOptionAsync(Omar.PersonId);
        await Button(manager, "Delegate").ClickAsync();
        await Assertions.Expect(manager.GetByText(Omar.DisplayName + " (delegated)")).ToBeVisibleAsync();

        await officer.GotoAsync("/tasks");
        await officer.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = reviewTitle }).ClickAsync();
        await officer.GetByLabel("Issues identified").FillAsync("The AUP did not mention personal messaging between staff and pupils.");
        await officer.Locator("#action-1").FillAsync("Add a rule on staff-pupil messaging to the staff AUP");
        await officer.Locator("#responsible-1").FillAsync("Omar (e-safety officer)");
        await Button(officer, "Complete the review").ClickAsync();
        await Assertions.Expect(officer.Locator(".govuk-error-summary a[href='#stakeholdersConsulted']")).ToHaveTextAsync("Enter the stakeholders you consulted");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(officer);
        await officer.GetByLabel("Stakeholders consulted").FillAsync("Governors\nStaff");
        await Button(officer, "Complete the review").ClickAsync();
        await Assertions.Expect(officer.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Completed" })).ToBeVisibleAsync();
        await Assertions.Expect(officer.GetByText("Add a rule on staff-pupil messaging to the staff AUP – responsible: Omar (e-safety officer)")).ToBeVisibleAsync();

        await manager.GotoAsync("/tasks");
        await Assertions.Expect(manager.Locator("table", new PageLocatorOptions { HasText = "Done lately" }).GetByText(reviewTitle)).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_board_admin_sets_how_a_target_is_reached_and_a_wrong_mailbox_is_explained_not_saved()
    {
        IPage admin = await this.PageAsync(SampleBoard.BoardAdmin);
        await admin.GotoAsync("/escalation-channels");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(admin);

        await admin.Locator("#iwf-channel").CheckAsync(); // email
        await admin.Locator("#iwf-address").FillAsync("not an address");
        await admin.Locator("form[action='/escalation-channels/iwf'] button").ClickAsync();
        await Assertions.Expect(admin.Locator(".govuk-error-summary a[href='#iwf-address']")).ToHaveTextAsync("Enter the target's secure email address, like lado@county.gov.uk");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(admin);

        await admin.Locator("#iwf-channel-2").CheckAsync(); // by hand
        await admin.Locator("#iwf-instructions").FillAsync("Report the address at report.iwf.org.uk. Never visit it. Record the IWF reference.");
        await admin.Locator("form[action='/escalation-channels/iwf'] button").ClickAsync();
        await Assertions.Expect(admin.GetByText("Saved.")).ToBeVisibleAsync();

        using HttpResponseMessage listed = await fixture.Runtime.Http.SendAsync(LocalRuntimeProcess.As(SampleBoard.BoardAdmin.SignInName, HttpMethod.Get, "/api/escalation-channels"));
        JsonElement iwf = JsonDocument.Parse(await listed.Content.ReadAsStringAsync()).RootElement.GetProperty("channels").EnumerateArray().Single(c => c.GetProperty("target").GetString() == "iwf");
        Assert.Equal("manual", iwf.GetProperty("channel").GetString());
        Assert.Equal("Report the address at report.iwf.org.uk. Never visit it. Record the IWF reference.", iwf.GetProperty("instructions").GetString());
        using HttpResponseMessage byOfficer = await fixture.Runtime.Http.SendAsync(LocalRuntimeProcess.As(Omar.SignInName, HttpMethod.Put, "/api/escalation-channels/iwf",
            new StringContent("""{"channel":"email","address":"attacker@evil.example"}""", Encoding.UTF8, "application/json")));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, byOfficer.StatusCode);
    }

    [Fact]
    public async Task The_officer_closes_a_referral_with_a_reason_concludes_and_finds_the_incident_under_its_status_in_the_log()
    {
        string incidentId = await this.SeriousReportAsync();
        string reference = await ReferenceAsync(incidentId);
        IPage officer = await this.PageAsync(Omar);
        await officer.GotoAsync("/incidents/" + incidentId);
        await Assertions.Expect(officer.Locator("#incident-status .govuk-tag").First).ToHaveTextAsync("Open");
        await Assertions.Expect(officer.GetByText("To do:", new PageGetByTextOptions { Exact = false }).First).ToBeVisibleAsync();

        await officer.GetByText("Close the referral to the police without a reference").ClickAsync();
        await Button(officer, "Close the referral to the police").ClickAsync();
        await Assertions.Expect(officer.Locator($".govuk-error-summary a[href='#closure-{incidentId}-police']")).ToHaveTextAsync("Enter why the referral is closed without an acknowledgement");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(officer);
        await officer.GetByLabel("Why the referral to the police is closed").FillAsync("Police logged the call on 101 but gave no reference");
        await Button(officer, "Close the referral to the police").ClickAsync();
        await Assertions.Expect(officer.GetByText("Saved.")).ToBeVisibleAsync();
        await Assertions.Expect(officer.GetByRole(AriaRole.Cell, new PageGetByRoleOptions { Name = "Police logged the call on 101 but gave no reference" })).ToBeVisibleAsync();
        await Assertions.Expect(officer.GetByText("Closed by the officer")).ToBeVisibleAsync();
        await Assertions.Expect(Button(officer, "Close the referral to the police")).ToHaveCountAsync(0);

        await officer.GetByLabel("Record the conclusion").FillAsync("Parents told; the account was reported to the platform.");
        await Button(officer, "Save conclusion").ClickAsync();
        await Assertions.Expect(officer.Locator("#incident-status .govuk-tag").First).ToHaveTextAsync("Concluded"); // the policy review is still to come

        await officer.GotoAsync("/incidents?status=concluded&route=police&serious=true");
        await Assertions.Expect(officer.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = reference })).ToBeVisibleAsync();
        await Assertions.Expect(officer.Locator("select#status")).ToHaveValueAsync("concluded");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(officer);
        await officer.GotoAsync("/incidents?status=open");
        await Assertions.Expect(officer.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = reference })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_staff_member_told_to_find_the_officer_now_after_an_urgent_report_then_sees_it_among_their_reports()
    {
        string incidentId = await this.SeriousReportAsync();
        string reference = await ReferenceAsync(incidentId);
        IPage staff = await this.PageAsync(Amy);
        await staff.GotoAsync($"/report/{incidentId}/confirmation");
        await Assertions.Expect(staff.Locator(".govuk-warning-text")).ToContainTextAsync("find your e-safety officer now");
        await staff.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "See your reports" }).ClickAsync();

        ILocator row = staff.Locator("tr", new PageLocatorOptions { HasText = reference });
        await Assertions.Expect(row.Locator(".govuk-tag")).ToHaveTextAsync("Open");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(staff);
        await staff.SetViewportSizeAsync(390, 844);
        await ChromiumBrowser.AssertNoAxeViolationsAsync(staff);
        Assert.True(await staff.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The table is cut off at 390px");

        // On their own report the reporter adds what they learned since; the officer sees it on the incident.
        await row.GetByRole(AriaRole.Link).First.ClickAsync();
        await Button(staff, "Add to your report").ClickAsync();
        await Assertions.Expect(staff.Locator(".govuk-error-summary a[href='#addendum-text']")).ToHaveTextAsync("Enter the further information");
        await staff.GetByLabel("Add further information to your report").FillAsync("The pupil's brother says the messages started in the summer.");
        await Button(staff, "Add to your report").ClickAsync();
        await Assertions.Expect(staff.GetByText("Saved.")).ToBeVisibleAsync();
        await Assertions.Expect(staff.Locator("#further-information + ol")).ToContainTextAsync(Amy.DisplayName + ": The pupil's brother says the messages started in the summer.");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(staff);
        IPage lead = await this.PageAsync(Omar);
        await lead.GotoAsync("/incidents/" + incidentId);
        await Assertions.Expect(lead.Locator("#further-information + ol")).ToContainTextAsync("The pupil's brother says the messages started in the summer.");
        await Assertions.Expect(Button(lead, "Add to your report")).ToHaveCountAsync(0);

        await staff.GotoAsync("/home");
        await Assertions.Expect(staff.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "See the incidents you reported" })).ToBeVisibleAsync();
        await Assertions.Expect(staff.GetByText("Then tell your e-safety officer.")).ToBeVisibleAsync();
        IPage officer = await this.PageAsync(Omar);
        await officer.GotoAsync("/home");
        await Assertions.Expect(officer.GetByText("Then tell your e-safety officer.")).ToHaveCountAsync(0);
        await Assertions.Expect(officer.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Retention" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_officer_corrects_an_answer_on_the_page_and_the_referrals_follow_the_corrected_flowchart_with_the_correction_on_record()
    {
        JsonObject report = IncidentApiTests.ValidReport();
        report["concerns"] = new JsonObject
        {
            ["illegalSuspected"] = false, ["illegalKinds"] = new JsonArray(), ["staffInvolved"] = true,
            ["ladoThreshold"] = new JsonArray("risk-of-harm"), ["childAtRiskOfSignificantHarm"] = false, ["urgent"] = false,
        };
        using HttpResponseMessage created = await fixture.Runtime.Http.SendAsync(LocalRuntimeProcess.As(Amy.SignInName, HttpMethod.Post, "/api/incidents",
            new StringContent(report.ToJsonString(), Encoding.UTF8, "application/json")));
        string incidentId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetString()!;
        string reference = await ReferenceAsync(incidentId);
        bool ToLado(MimeMessage m, string subject) =>
            m.To.Mailboxes.Any(a => a.Address == "lado@county-council.example") && m.Subject?.StartsWith(subject + reference, StringComparison.Ordinal) == true;
        await fixture.Mail.WaitForAsync(m => ToLado(m, "E-safety referral "), TimeSpan.FromSeconds(30));

        IPage officer = await this.PageAsync(Omar);
        await officer.GotoAsync("/incidents/" + incidentId);
        await Assertions.Expect(officer.Locator("#answers")).ToContainTextAsync("A member of staff or volunteer involved: yes");
        await officer.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = "Correct the report of incident " + reference }).ClickAsync();
        await Assertions.Expect(officer.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Correct the report" })).ToBeVisibleAsync();
        await Assertions.Expect(officer.Locator("#description")).ToHaveValueAsync(report["description"]!.GetValue<string>());
        await ChromiumBrowser.AssertNoAxeViolationsAsync(officer);

        await Button(officer, "Save the correction").ClickAsync();
        await Assertions.Expect(officer.Locator(".govuk-error-summary a[href='#reason']")).ToHaveTextAsync("Enter why the report is being corrected");
        await Assertions.Expect(officer.Locator(".govuk-error-summary a[href='#occurred-day']")).ToHaveTextAsync("Enter at least one correction");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(officer);

        await officer.Locator("#illegal-suspected").CheckAsync();
        await officer.Locator("#illegal-kinds-2").CheckAsync(); // grooming or sexual exploitation
        await officer.Locator("#staff-involved-2").CheckAsync();
        await officer.Locator("#lado-threshold-3").UncheckAsync(); // risk of harm
        await officer.GetByLabel("Why are you making this correction?").FillAsync("The messages were from an adult stranger posing as a teacher");
        await officer.SetViewportSizeAsync(390, 844);
        await ChromiumBrowser.AssertNoAxeViolationsAsync(officer);
        await Button(officer, "Save the correction").ClickAsync();

        await Assertions.Expect(officer.GetByText("Saved.")).ToBeVisibleAsync();
        ILocator corrections = officer.Locator("#corrections + ol");
        await Assertions.Expect(corrections).ToContainTextAsync("Omar");
        await Assertions.Expect(corrections).ToContainTextAsync("the answers to the flowchart's questions corrected.");
        await Assertions.Expect(corrections).ToContainTextAsync("Reason: The messages were from an adult stranger posing as a teacher");
        await Assertions.Expect(officer.Locator("#answers")).ToContainTextAsync("May be illegal: yes (Grooming or sexual exploitation of a child)");
        await Assertions.Expect(officer.GetByText("Withdrawn after a correction")).ToBeVisibleAsync();
        await Assertions.Expect(officer.GetByRole(AriaRole.Heading, new PageGetByRoleOptions { Name = "Referral to the police" })).ToBeVisibleAsync();
        await ChromiumBrowser.AssertNoAxeViolationsAsync(officer);
        Assert.True(await officer.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "The incident page is cut off at 390px");

        MimeMessage withdrawn = await fixture.Mail.WaitForAsync(m => ToLado(m, "Withdrawn: e-safety referral "), TimeSpan.FromSeconds(30));
        Assert.Contains("no longer needed", withdrawn.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("stranger", withdrawn.TextBody, StringComparison.Ordinal); // the officer's reason stays in the log
        using HttpResponseMessage read = await fixture.Runtime.Http.SendAsync(LocalRuntimeProcess.As(Omar.SignInName, HttpMethod.Get, "/api/incidents/" + incidentId));
        JsonElement incident = JsonDocument.Parse(await read.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("police", incident.GetProperty("route").GetString());
        JsonElement amendment = Assert.Single(incident.GetProperty("amendments").EnumerateArray());
        Assert.Equal("concerns", amendment.GetProperty("field").GetString());
        Assert.True(amendment.GetProperty("old").GetProperty("staffInvolved").GetBoolean());
        Assert.True(amendment.GetProperty("new").GetProperty("illegalSuspected").GetBoolean());
        Assert.Equal(["lado:withdrawn", "police", "ceop"], incident.GetProperty("escalations").EnumerateArray()
            .Select(e => e.GetProperty("target").GetString() + (e.GetProperty("state").GetString() == "withdrawn" ? ":withdrawn" : string.Empty)));
        Assert.Single(fixture.Mail.Messages, m => ToLado(m, "Withdrawn: e-safety referral "));
    }

    async Task<string> EmailedReportAsync(string subject)
    {
        using MultipartFormDataContent form = new()
        {
            { new StringContent($"Amy <{Amy.Email}>"), "from" },
            { new StringContent(SampleBoard.Northfield.IntakeAddress), "to" },
            { new StringContent(subject), "subject" },
            { new StringContent("A colleague has been messaging a Year 8 pupil privately late at night."), "text" },
            { new StringContent("pass"), "SPF" },
            { new StringContent($"{{\"to\":[\"{SampleBoard.Northfield.IntakeAddress}\"],\"from\":\"{Amy.Email}\"}}"), "envelope" },
        };
        using HttpResponseMessage response = await fixture.Runtime.Http.PostAsync(new Uri("api/inbound/email?key=" + LocalRuntimeFixture.InboundSecret, UriKind.Relative), form);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetString()!;
    }

    async Task<string> SeriousReportAsync()
    {
        JsonObject report = IncidentApiTests.ValidReport();
        report["concerns"] = new JsonObject
        {
            ["illegalSuspected"] = true, ["illegalKinds"] = new JsonArray("grooming-or-sexual-exploitation"), ["staffInvolved"] = false,
            ["ladoThreshold"] = new JsonArray(), ["childAtRiskOfSignificantHarm"] = false, ["urgent"] = true,
        };
        using HttpResponseMessage created = await fixture.Runtime.Http.SendAsync(LocalRuntimeProcess.As(Amy.SignInName, HttpMethod.Post, "/api/incidents",
            new StringContent(report.ToJsonString(), Encoding.UTF8, "application/json")));
        string incidentId = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetString()!;

        // Wait until the workflow has opened the referral task and the policy review.
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            using HttpResponseMessage tasks = await fixture.Runtime.Http.SendAsync(LocalRuntimeProcess.As(Sarah.SignInName, HttpMethod.Get, "/api/tasks?scope=agency"));
            string body = await tasks.Content.ReadAsStringAsync();
            if (body.Contains(incidentId + "-policy-review", StringComparison.Ordinal) && body.Contains(incidentId + "-police-referral", StringComparison.Ordinal))
            {
                return incidentId;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The workflow did not open the tasks for " + incidentId);
    }

    async Task<string> ReferenceAsync(string incidentId)
    {
        using HttpResponseMessage response = await fixture.Runtime.Http.SendAsync(LocalRuntimeProcess.As(Omar.SignInName, HttpMethod.Get, "/api/incidents/" + incidentId));
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("reference").GetString()!;
    }
}
