using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.EndToEndTests;

/// <summary>The registers and compliance pages on the local runtime process: what the officer, senior manager and board admin see and do.</summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class RegisterPagesTests(LocalRuntimeFixture fixture)
{
    static readonly Person Omar = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);
    static readonly Person Sarah = SampleBoard.InRole(SampleBoard.Northfield, Role.SeniorManager);
    static readonly Person Rita = SampleBoard.InRole(SampleBoard.Riverside, Role.EsafetyOfficer);
    static readonly string Northfield = SampleBoard.Northfield.AgencyId;

    async Task<(HttpStatusCode Status, string Body, Uri? Location)> SendAsync(Person person, HttpMethod method, string path, HttpContent? content = null)
    {
        using HttpClientHandler handler = new() { AllowAutoRedirect = false };
        using HttpClient http = new(handler) { BaseAddress = fixture.Runtime.BaseAddress };
        using HttpRequestMessage request = LocalRuntimeProcess.As(person.SignInName, method, path, content);
        request.Headers.Accept.ParseAdd("text/html");
        using HttpResponseMessage response = await http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(), response.Headers.Location);
    }

    async Task<string> CreatePolicyAsync(string title)
    {
        JsonObject body = new() { ["kind"] = "policy", ["title"] = title, ["policy"] = new JsonObject { ["policyKind"] = "esafety-policy" } };
        (HttpStatusCode status, string text, _) = await this.SendAsync(Omar, HttpMethod.Post, $"/api/agencies/{Northfield}/registers", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.True(status == HttpStatusCode.Created, text);
        return JsonDocument.Parse(text).RootElement.GetProperty("item").GetProperty("itemId").GetString()!;
    }

    [Fact]
    public async Task The_senior_manager_records_a_review_on_the_item_page_and_the_next_one_is_due_in_12_months()
    {
        string title = "E-safety policy " + Guid.NewGuid().ToString("N")[..6];
        string itemId = await this.CreatePolicyAsync(title);

        (HttpStatusCode listed, string registers, _) = await this.SendAsync(Omar, HttpMethod.Get, $"/agencies/{Northfield}/registers");
        (HttpStatusCode invalid, string invalidPage, _) = await this.SendAsync(Sarah, HttpMethod.Post, $"/agencies/{Northfield}/registers/{itemId}/review",
            new FormUrlEncodedContent([new("issuesIdentified", "None"), new("action", "Tell parents"), new("responsible", "")]));
        (HttpStatusCode posted, _, Uri? location) = await this.SendAsync(Sarah, HttpMethod.Post, $"/agencies/{Northfield}/registers/{itemId}/review",
            new FormUrlEncodedContent([new("issuesIdentified", "Messaging apps are new"), new("action", "Add messaging apps to the AUP"), new("responsible", Omar.PersonId), new("stakeholdersConsulted", "staff"), new("stakeholdersConsulted", "parents and carers")]));
        (HttpStatusCode shown, string page, _) = await this.SendAsync(Sarah, HttpMethod.Get, location!.OriginalString);

        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Contains(WebUtility.HtmlEncode(title), registers, StringComparison.Ordinal);
        Assert.Contains(">Registers</a>", registers, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, invalid);
        Assert.Contains("There is a problem", invalidPage, StringComparison.Ordinal);
        Assert.Contains("Choose who is responsible", invalidPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, posted);
        Assert.Equal(HttpStatusCode.OK, shown);
        string nextDue = DateTime.UtcNow.Date.AddMonths(12).ToString("d MMMM yyyy", System.Globalization.CultureInfo.GetCultureInfo("en-GB"));
        Assert.Contains("The review was recorded. The next one is due " + nextDue, page, StringComparison.Ordinal);
        Assert.Contains("Add messaging apps to the AUP — Omar Hussain", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_officer_sees_the_agency_checks_and_the_board_admin_every_agency_side_by_side_with_a_CSV()
    {
        (HttpStatusCode own, string agencyPage, _) = await this.SendAsync(Omar, HttpMethod.Get, $"/agencies/{Northfield}/compliance");
        (HttpStatusCode other, _, _) = await this.SendAsync(Rita, HttpMethod.Get, $"/agencies/{Northfield}/compliance");
        (HttpStatusCode board, string boardPage, _) = await this.SendAsync(SampleBoard.BoardAdmin, HttpMethod.Get, "/compliance");
        (HttpStatusCode csv, string csvText, _) = await this.SendAsync(SampleBoard.BoardAdmin, HttpMethod.Get, "/api/compliance.csv");

        Assert.Equal(HttpStatusCode.OK, own);
        Assert.Contains("An e-safety officer is appointed", agencyPage, StringComparison.Ordinal);
        Assert.Contains("govuk-tag--red", agencyPage, StringComparison.Ordinal);
        Assert.Contains($"href=\"/agencies/{Northfield}/registers#training\"", agencyPage, StringComparison.Ordinal);
        Assert.Contains("Appointed since", agencyPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, other);
        Assert.Equal(HttpStatusCode.OK, board);
        Assert.Contains(WebUtility.HtmlEncode(SampleBoard.Northfield.Name), boardPage, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(SampleBoard.Riverside.Name), boardPage, StringComparison.Ordinal);
        Assert.Contains(">Agencies' compliance</a>", WebUtility.HtmlDecode(boardPage), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, csv);
        Assert.StartsWith("\"agencyId\",\"agency\",\"check\",\"title\",\"status\",\"evidence\"", csvText, StringComparison.Ordinal);
        Assert.Contains("\"riverside-youth\",\"Riverside Youth Club\",\"OfficerAppointed\"", csvText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_officer_adds_an_AUP_with_the_form_staff_sign_it_and_a_carer_signature_is_recorded()
    {
        Person amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
        string title = "Staff AUP " + Guid.NewGuid().ToString("N")[..6];
        (HttpStatusCode invalid, string invalidPage, _) = await this.SendAsync(Omar, HttpMethod.Post, $"/agencies/{Northfield}/add/aup",
            new FormUrlEncodedContent([new("title", title), new("aup.audience", "children"), new("aup.version", "1")]));
        (HttpStatusCode added, _, Uri? itemPage) = await this.SendAsync(Omar, HttpMethod.Post, $"/agencies/{Northfield}/add/aup",
            new FormUrlEncodedContent([new("title", title), new("aup.audience", "staff"), new("aup.version", "4"), new("aup.technologiesCovered", "Laptops\nEmail"), new("aup.states", "sanctions"), new("aup.states", "monitoring")]));
        string path = itemPage!.OriginalString;
        (HttpStatusCode staffView, string staffPage, _) = await this.SendAsync(amy, HttpMethod.Get, path);
        (HttpStatusCode staffSigned, _, _) = await this.SendAsync(amy, HttpMethod.Post, path + "/signatures", new FormUrlEncodedContent([]));
        (HttpStatusCode carerSigned, _, _) = await this.SendAsync(Omar, HttpMethod.Post, path + "/signatures",
            new FormUrlEncodedContent([new("signer", "Pupil B"), new("signedBy", "carer"), new("carerName", "Carer of B")]));
        (_, string officerPage, _) = await this.SendAsync(Omar, HttpMethod.Get, path);

        Assert.Equal(HttpStatusCode.BadRequest, invalid);
        Assert.Contains("Give the age group this version is written for", invalidPage, StringComparison.Ordinal);
        Assert.Contains("href=\"#aup.ageGroup\"", invalidPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, added);
        Assert.Equal(HttpStatusCode.OK, staffView);
        Assert.Contains("I have read and agree to version 4", staffPage, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, staffSigned);
        Assert.Equal(HttpStatusCode.Redirect, carerSigned);
        Assert.Contains("2 for the current version (4), 2 in all.", officerPage, StringComparison.Ordinal);
        Assert.Contains("Amy Clarke signed version 4", officerPage, StringComparison.Ordinal);
        Assert.Contains("Pupil B signed version 4 (by their carer Carer of B)", officerPage, StringComparison.Ordinal);
        Assert.DoesNotContain("Pupil B", staffPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_cannot_open_a_policy_or_its_forms_and_the_board_admin_gets_404_for_an_agency_that_does_not_exist()
    {
        Person amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
        string itemId = await this.CreatePolicyAsync("Staff must not read this " + Guid.NewGuid().ToString("N")[..6]);

        (HttpStatusCode page, string body, _) = await this.SendAsync(amy, HttpMethod.Get, $"/agencies/{Northfield}/registers/{itemId}");
        (HttpStatusCode delegation, _, _) = await this.SendAsync(amy, HttpMethod.Post, $"/agencies/{Northfield}/registers/{itemId}/delegation",
            new FormUrlEncodedContent([new("delegateTo", new string('x', 5000))]));
        (HttpStatusCode compliance, _, _) = await this.SendAsync(SampleBoard.BoardAdmin, HttpMethod.Get, "/api/agencies/no-such-agency/compliance");

        Assert.Equal(HttpStatusCode.Forbidden, page);
        Assert.DoesNotContain("Staff must not read this", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, delegation);
        Assert.Equal(HttpStatusCode.NotFound, compliance);
    }

    [Fact]
    public async Task Long_reviews_one_after_another_are_all_recorded_and_the_item_keeps_its_whole_history()
    {
        string itemId = await this.CreatePolicyAsync("Long review " + Guid.NewGuid().ToString("N")[..6]);
        for (int n = 0; n < 3; n++)
        {
            // Each review alone is longer than a whole register item could once hold.
            JsonArray issues = [.. Enumerable.Range(0, 50).Select(i => (JsonNode)JsonValue.Create($"{n}.{i} " + new string('x', 990))!)];
            JsonObject review = new() { ["issuesIdentified"] = issues, ["actions"] = new JsonArray(), ["stakeholdersConsulted"] = new JsonArray("staff") };
            (HttpStatusCode status, string body, _) = await this.SendAsync(Sarah, HttpMethod.Post, $"/api/agencies/{Northfield}/registers/{itemId}/reviews",
                new StringContent(review.ToJsonString(), Encoding.UTF8, "application/json"));
            Assert.True(status == HttpStatusCode.Created, body[..Math.Min(body.Length, 500)]);
        }

        (HttpStatusCode read, string item, _) = await this.SendAsync(Sarah, HttpMethod.Get, $"/api/agencies/{Northfield}/registers/{itemId}");

        Assert.Equal(HttpStatusCode.OK, read);
        using JsonDocument parsed = JsonDocument.Parse(item);
        List<string> firstIssues = parsed.RootElement.GetProperty("item").GetProperty("reviews").EnumerateArray()
            .Select(r => r.GetProperty("issuesIdentified")[0].GetString()![..4]).ToList();
        Assert.Equal(["0.0 ", "1.0 ", "2.0 "], firstIssues);
    }
}
