using System.Net;
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
/// AUP and training coverage from the directory, through the running local runtime: the staff AUP is signed only when
/// every active member of staff has signed its current version; the officer sees who has not, downloads the list and
/// emails them a reminder (once a day each); children's and parents' AUPs are signed by class or group counts; one
/// training session records many attendees and each of the seven audiences is counted against the directory.
/// </summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class CoverageFromDirectoryTests(LocalRuntimeFixture fixture)
{
    HttpClient Http => fixture.Runtime.Http;

    async Task<(HttpStatusCode Status, JsonElement Body, string Text)> SendAsync(string signInName, HttpMethod method, string path, JsonNode? body = null)
    {
        using HttpRequestMessage request = LocalRuntimeProcess.As(signInName, method, path,
            body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        using HttpResponseMessage response = await this.Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        bool json = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.Ordinal) == true;
        return (response.StatusCode, json && text.Length > 0 ? JsonDocument.Parse(text).RootElement.Clone() : default, text);
    }

    sealed record School(string AgencyId, string Officer, string OfficerId, string Manager, string ManagerId, string Domain);

    /// <summary>A new school through the onboarding API, with its officer and its senior manager.</summary>
    async Task<School> OnboardAsync()
    {
        string name = "Coverage " + Guid.NewGuid().ToString("N")[..8];
        string domain = name.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant() + ".example";
        (HttpStatusCode status, JsonElement done, string text) = await this.SendAsync(SampleBoard.BoardAdmin.SignInName, HttpMethod.Post, "/api/onboarding", new JsonObject
        {
            ["name"] = name, ["kind"] = "school", ["intakeAddress"] = "esafety@" + domain,
            ["officerName"] = "Orla Officer", ["officerEmail"] = "orla@" + domain, ["officerHoldsSafeguarding"] = true,
            ["managerName"] = "Hugh Head", ["managerEmail"] = "hugh@" + domain,
        });
        Assert.True(status == HttpStatusCode.Created, text);
        JsonElement[] people = [.. done.GetProperty("people").EnumerateArray()];
        string Id(string email) => people.Single(p => p.GetProperty("signInName").GetString() == email).GetProperty("personId").GetString()!;
        return new School(done.GetProperty("agency").GetProperty("agencyId").GetString()!, "orla@" + domain, Id("orla@" + domain), "hugh@" + domain, Id("hugh@" + domain), domain);
    }

    async Task<string> AddStaffAsync(School school, string first)
    {
        (HttpStatusCode status, JsonElement person, string text) = await this.SendAsync(school.Manager, HttpMethod.Post, "/api/agencies/" + school.AgencyId + "/people",
            new JsonObject { ["displayName"] = first + " Staff", ["signInName"] = first.ToLowerInvariant() + "@" + school.Domain, ["roles"] = new JsonArray("staff") });
        Assert.True(status == HttpStatusCode.Created, text);
        return person.GetProperty("personId").GetString()!;
    }

    async Task<string> CreateAupAsync(School school, string audience)
    {
        JsonObject aup = new() { ["audience"] = audience, ["version"] = "1", ["technologiesCovered"] = new JsonArray("Laptops"), ["statesSanctions"] = true, ["statesMonitoring"] = true };
        if (audience == "children")
        {
            aup["ageGroup"] = "7-11";
        }

        (HttpStatusCode status, JsonElement created, string text) = await this.SendAsync(school.Officer, HttpMethod.Post, "/api/agencies/" + school.AgencyId + "/registers",
            new JsonObject { ["kind"] = "aup", ["title"] = audience + " AUP", ["aup"] = aup });
        Assert.True(status == HttpStatusCode.Created, text);
        return created.GetProperty("item").GetProperty("itemId").GetString()!;
    }

    async Task<JsonElement> AupsSignedAsync(School school)
    {
        (_, JsonElement compliance, _) = await this.SendAsync(school.Officer, HttpMethod.Get, "/api/agencies/" + school.AgencyId + "/compliance");
        return compliance.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "AupsSigned");
    }

    static string StatusOf(JsonElement check) => check.GetProperty("status").GetString()!.ToLowerInvariant();

    async Task SignAsync(string signInName, School school, string itemId, JsonObject? body = null)
    {
        (HttpStatusCode status, _, string text) = await this.SendAsync(signInName, HttpMethod.Post, $"/api/agencies/{school.AgencyId}/registers/{itemId}/signatures", body ?? []);
        Assert.True(status == HttpStatusCode.Created, text);
    }

    [Fact]
    public async Task The_staff_AUP_is_signed_only_when_every_active_member_of_staff_has_signed_and_the_officer_reminds_who_has_not()
    {
        School school = await this.OnboardAsync();
        string ann = await this.AddStaffAsync(school, "Ann");
        await this.AddStaffAsync(school, "Ben");
        string aup = await this.CreateAupAsync(school, "staff");

        // Ann and Ben sign for themselves; the officer records her own signature.
        await this.SignAsync("ann@" + school.Domain, school, aup);
        await this.SignAsync("ben@" + school.Domain, school, aup);
        await this.SignAsync(school.Officer, school, aup, new JsonObject { ["signer"] = school.OfficerId });

        // One active member of staff (the head) has not: 3 of 4 is red.
        JsonElement check = await this.AupsSignedAsync(school);
        Assert.Equal("red", StatusOf(check));
        Assert.Contains("3 of 4 staff (75%)", check.GetProperty("evidence").GetString(), StringComparison.Ordinal);

        (HttpStatusCode read, JsonElement coverage, _) = await this.SendAsync(school.Officer, HttpMethod.Get, $"/api/agencies/{school.AgencyId}/registers/{aup}/coverage");
        Assert.Equal(HttpStatusCode.OK, read);
        Assert.Equal([school.ManagerId], coverage.GetProperty("unsignedStaff").EnumerateArray().Select(p => p.GetProperty("personId").GetString()));
        Assert.Equal(3, coverage.GetProperty("haveSigned").GetInt32());

        // The list to download: everyone, and whether they signed.
        (HttpStatusCode exported, _, string csv) = await this.SendAsync(school.Officer, HttpMethod.Get, $"/api/agencies/{school.AgencyId}/registers/{aup}/coverage.csv");
        Assert.Equal(HttpStatusCode.OK, exported);
        string[] lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.StartsWith("\"Hugh Head\",\"" + school.Manager + "\",\"Senior manager\",\"No\"", lines.Single(l => l.Contains("Hugh", StringComparison.Ordinal)), StringComparison.Ordinal);

        // A reminder goes to the one who has not signed, with the link; asking again the same day sends nothing twice.
        (HttpStatusCode reminded, JsonElement first, _) = await this.SendAsync(school.Officer, HttpMethod.Post, $"/api/agencies/{school.AgencyId}/registers/{aup}/reminders");
        (_, JsonElement second, _) = await this.SendAsync(school.Officer, HttpMethod.Post, $"/api/agencies/{school.AgencyId}/registers/{aup}/reminders");
        Assert.Equal(HttpStatusCode.OK, reminded);
        Assert.Equal(1, first.GetProperty("sent").GetInt32());
        Assert.Equal(0, second.GetProperty("sent").GetInt32());
        Assert.Equal(1, second.GetProperty("alreadySentToday").GetInt32());
        MimeMessage reminder = await fixture.Mail.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == school.Manager), TimeSpan.FromSeconds(10));
        Assert.Equal("Please sign the staff acceptable use policy", reminder.Subject);
        Assert.Contains($"/agencies/{school.AgencyId}/registers/{aup}", reminder.TextBody, StringComparison.Ordinal);
        Assert.Single(fixture.Mail.Messages, m => m.To.Mailboxes.Any(a => a.Address == school.Manager) && m.Subject == reminder.Subject);

        // The head signs: green. A new member of staff who has not signed turns it red again, until they leave.
        await this.SignAsync(school.Manager, school, aup, new JsonObject { ["signer"] = school.ManagerId });
        Assert.Equal("green", StatusOf(await this.AupsSignedAsync(school)));
        string cat = await this.AddStaffAsync(school, "Cat");
        Assert.NotEqual("green", StatusOf(await this.AupsSignedAsync(school)));
        (HttpStatusCode deactivated, _, _) = await this.SendAsync(school.Manager, HttpMethod.Patch, $"/api/agencies/{school.AgencyId}/people/{cat}", new JsonObject { ["active"] = false });
        Assert.Equal(HttpStatusCode.OK, deactivated);
        Assert.Equal("green", StatusOf(await this.AupsSignedAsync(school)));

        // Staff cannot read who has signed.
        (HttpStatusCode staffRead, _, _) = await this.SendAsync("ann@" + school.Domain, HttpMethod.Get, $"/api/agencies/{school.AgencyId}/registers/{aup}/coverage");
        Assert.Equal(HttpStatusCode.Forbidden, staffRead);
        Assert.NotEmpty(ann);
    }

    [Fact]
    public async Task A_childrens_AUP_is_signed_by_class_counts_and_a_count_that_does_not_add_up_is_refused()
    {
        School school = await this.OnboardAsync();
        string aup = await this.CreateAupAsync(school, "children");
        string path = $"/api/agencies/{school.AgencyId}/registers/{aup}/group-signatures";

        (HttpStatusCode tooMany, JsonElement problem, _) = await this.SendAsync(school.Officer, HttpMethod.Post, path, new JsonObject { ["group"] = "Year 5 Oak", ["haveSigned"] = 31, ["outOf"] = 30 });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany);
        Assert.Contains("More have signed than are in the group", problem.GetProperty("errors").GetProperty("haveSigned")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal("red", StatusOf(await this.AupsSignedAsync(school)));

        (HttpStatusCode counted, _, _) = await this.SendAsync(school.Officer, HttpMethod.Post, path, new JsonObject { ["group"] = "Year 5 Oak", ["haveSigned"] = 27, ["outOf"] = 30 });
        await this.SendAsync(school.Officer, HttpMethod.Post, path, new JsonObject { ["group"] = "Year 6 Ash", ["haveSigned"] = 30, ["outOf"] = 30 });
        Assert.Equal(HttpStatusCode.Created, counted);
        JsonElement amber = await this.AupsSignedAsync(school);
        Assert.Equal("amber", StatusOf(amber));
        Assert.Contains("57 of 60 in 2 groups (95%)", amber.GetProperty("evidence").GetString(), StringComparison.Ordinal);

        // Year 5's later count replaces the earlier one.
        await this.SendAsync(school.Officer, HttpMethod.Post, path, new JsonObject { ["group"] = "Year 5 Oak", ["haveSigned"] = 30, ["outOf"] = 30 });
        (_, JsonElement coverage, _) = await this.SendAsync(school.Officer, HttpMethod.Get, $"/api/agencies/{school.AgencyId}/registers/{aup}/coverage");
        Assert.Equal(60, coverage.GetProperty("haveSigned").GetInt32());
        Assert.Equal(2, coverage.GetProperty("groups").GetArrayLength());
        Assert.Equal("green", StatusOf(await this.AupsSignedAsync(school)));
    }

    [Fact]
    public async Task On_the_AUP_page_the_officer_sees_who_has_not_signed_and_emails_them_a_reminder()
    {
        School school = await this.OnboardAsync();
        await this.AddStaffAsync(school, "Dee");
        string aup = await this.CreateAupAsync(school, "staff");
        await this.SignAsync(school.Officer, school, aup, new JsonObject { ["signer"] = school.OfficerId });

        await using ChromiumBrowser browser = await ChromiumBrowser.LaunchAsync();
        IPage page = await browser.PageAsync(fixture.Runtime.BaseAddress, new Person("unused", school.Officer, "Orla", school.AgencyId, Role.EsafetyOfficer, school.Officer));
        await page.GotoAsync($"/agencies/{school.AgencyId}/registers/{aup}");
        await Assertions.Expect(page.Locator("#coverage + p")).ToContainTextAsync("1 of 3 staff (33%)");
        ILocator notSigned = page.Locator("table", new PageLocatorOptions { HasText = "Not signed yet" });
        await Assertions.Expect(notSigned).ToContainTextAsync("Dee Staff");
        await Assertions.Expect(notSigned).ToContainTextAsync("Hugh Head");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(page);

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Email a reminder to the 2 people who have not signed" }).ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-notification-banner--success")).ToContainTextAsync("2 reminders were emailed.");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(page);
        await fixture.Mail.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "dee@" + school.Domain), TimeSpan.FromSeconds(10));
    }

    async Task<JsonElement> ComplianceAsync(School school)
    {
        (_, JsonElement compliance, _) = await this.SendAsync(school.Officer, HttpMethod.Get, "/api/agencies/" + school.AgencyId + "/compliance");
        return compliance;
    }

    [Fact]
    public async Task One_training_session_records_many_attendees_and_each_audience_is_counted_against_the_directory()
    {
        School school = await this.OnboardAsync();
        string eli = await this.AddStaffAsync(school, "Eli");
        string fay = await this.AddStaffAsync(school, "Fay");
        await this.AddStaffAsync(school, "Gus");
        string path = "/api/agencies/" + school.AgencyId + "/registers";
        string today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        JsonObject Session(string role, JsonArray? attendees = null, string trainee = "") => new()
        {
            ["kind"] = "training", ["title"] = role + " session",
            ["training"] = new JsonObject { ["role"] = role, ["trainee"] = trainee, ["course"] = "Online safety", ["provider"] = "CEOP", ["completedOn"] = today, ["attendees"] = attendees },
        };

        // An attendee from another agency is refused, and nothing is saved.
        (HttpStatusCode stranger, JsonElement problem, _) = await this.SendAsync(school.Officer, HttpMethod.Post, path,
            Session("educators", new JsonArray(eli, SampleBoard.InRole(SampleBoard.Northfield, Role.Staff).PersonId)));
        Assert.Equal(HttpStatusCode.BadRequest, stranger);
        Assert.True(problem.GetProperty("errors").TryGetProperty("training.attendees", out _));

        // The INSET session: two of the three members of staff.
        (HttpStatusCode created, _, string text) = await this.SendAsync(school.Officer, HttpMethod.Post, path, Session("educators", new JsonArray(eli, fay)));
        Assert.True(created == HttpStatusCode.Created, text);
        JsonElement compliance = await this.ComplianceAsync(school);
        JsonElement[] training = [.. compliance.GetProperty("training").EnumerateArray()];
        Assert.Equal(7, training.Length);
        JsonElement educators = training.Single(a => a.GetProperty("audience").GetString() == "educators");
        Assert.Equal(3, educators.GetProperty("required").GetInt32());
        Assert.Equal(2, educators.GetProperty("trained").GetInt32());
        JsonElement byRole = compliance.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "TrainingByRole");
        Assert.Contains("No training logged for: leaders and managers, e-safety officers, other staff working with children, technical staff, children, parents and carers", byRole.GetProperty("evidence").GetString(), StringComparison.Ordinal);

        // Every other audience: the head, the officer, the children by class, the parents by evening; no technician is in the directory.
        await this.SendAsync(school.Officer, HttpMethod.Post, path, Session("leaders-managers", new JsonArray(school.ManagerId)));
        await this.SendAsync(school.Officer, HttpMethod.Post, path, Session("esafety-officer", new JsonArray(school.OfficerId)));
        await this.SendAsync(school.Officer, HttpMethod.Post, path, Session("other-staff", new JsonArray(fay)));
        await this.SendAsync(school.Officer, HttpMethod.Post, path, Session("technical-staff", new JsonArray(school.OfficerId)));
        await this.SendAsync(school.Officer, HttpMethod.Post, path, Session("children", trainee: "Year 5"));
        await this.SendAsync(school.Officer, HttpMethod.Post, path, Session("parents-carers", trainee: "Parents' evening"));
        byRole = (await this.ComplianceAsync(school)).GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "TrainingByRole");
        Assert.Equal("red", StatusOf(byRole));
        Assert.Equal("Not yet trained: 1 of 3 staff.", byRole.GetProperty("evidence").GetString());
    }

    [Fact]
    public async Task The_officer_ticks_who_attended_on_the_training_form_and_the_compliance_page_counts_them()
    {
        School school = await this.OnboardAsync();
        await this.AddStaffAsync(school, "Hal");
        await this.AddStaffAsync(school, "Ivy");

        await using ChromiumBrowser browser = await ChromiumBrowser.LaunchAsync();
        IPage page = await browser.PageAsync(fixture.Runtime.BaseAddress, new Person("unused", school.Officer, "Orla", school.AgencyId, Role.EsafetyOfficer, school.Officer));
        await page.GotoAsync($"/agencies/{school.AgencyId}/add/training");
        await page.GetByLabel("Title").FillAsync("Autumn INSET");
        await page.GetByLabel("Who was trained").SelectOptionAsync("educators");
        await Button(page, "Add").ClickAsync();
        await Assertions.Expect(page.Locator(".govuk-error-summary")).ToContainTextAsync("Choose who attended");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(page);

        await page.GetByLabel("Hal Staff (Staff member)").CheckAsync();
        await page.GetByLabel("Ivy Staff (Staff member)").CheckAsync();
        await page.GetByLabel("Course").FillAsync("Keeping children safe online");
        await page.GetByLabel("Provider").FillAsync("CEOP");
        await page.GetByLabel("Completed on").FillAsync(DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await Button(page, "Add").ClickAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("Hal Staff, Ivy Staff");

        await page.GotoAsync($"/agencies/{school.AgencyId}/compliance");
        await Assertions.Expect(page.Locator("#training-educators")).ToContainTextAsync("2 of 2");
        await Assertions.Expect(page.Locator("#training-leaders-managers")).ToContainTextAsync("0 of 1");
        await Assertions.Expect(page.Locator("#training-children")).ToContainTextAsync("By class or group");
        await ChromiumBrowser.AssertNoAxeViolationsAsync(page);
    }

    static ILocator Button(IPage page, string name) => page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = name, Exact = true });
}
