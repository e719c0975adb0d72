using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.EndToEndTests;

/// <summary>The incident API against the local runtime process: reporting, reading, the log, CSV, access and audit.</summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class IncidentApiTests(LocalRuntimeFixture fixture)
{
    static readonly Person Amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
    static readonly Person Omar = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);
    static readonly Person Tom = SampleBoard.InRole(SampleBoard.Northfield, Role.Technician);
    static readonly Person Ben = SampleBoard.InRole(SampleBoard.Riverside, Role.Staff);
    static readonly Person Rita = SampleBoard.InRole(SampleBoard.Riverside, Role.EsafetyOfficer);

    HttpClient Http => fixture.Runtime.Http;

    public static JsonObject ValidReport(string agencyId = "northfield-primary", string description = "A pupil was sent threatening messages.") => new()
    {
        ["agencyId"] = agencyId,
        ["occurredAt"] = "2026-11-20T14:05:00Z",
        ["description"] = description,
        ["howIdentified"] = "disclosure",
        ["technology"] = "Class chat app",
        ["peopleInvolved"] = new JsonArray(new JsonObject { ["role"] = "child", ["name"] = "Pupil A", ["dateOfBirth"] = "2015-04-01", ["isVictim"] = true, ["isInstigator"] = false }),
        ["concerns"] = new JsonObject
        {
            ["illegalSuspected"] = false, ["illegalKinds"] = new JsonArray(), ["staffInvolved"] = false, ["ladoThreshold"] = new JsonArray(),
            ["childAtRiskOfSignificantHarm"] = false, ["urgent"] = false,
        },
    };

    async Task<HttpResponseMessage> PostAsync(Person person, string json, string? idempotencyKey = null, string contentType = "application/json")
    {
        HttpRequestMessage request = LocalRuntimeProcess.As(person.SignInName, HttpMethod.Post, "/api/incidents", new StringContent(json, Encoding.UTF8, contentType));
        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        return await this.Http.SendAsync(request);
    }

    async Task<JsonElement> JsonAsync(Person person, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using HttpResponseMessage response = await this.Http.SendAsync(LocalRuntimeProcess.As(person.SignInName, HttpMethod.Get, path));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{path}: expected {expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    async Task<string> ReportAsync(Person person, JsonObject report)
    {
        using HttpResponseMessage response = await this.PostAsync(person, report.ToJsonString());
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("incidentId").GetString()!;
    }

    async Task<int> CountLogAsync(Person officer)
    {
        int count = 0;
        string? token = null;
        do
        {
            JsonElement page = await this.JsonAsync(officer, "/api/incidents?pageSize=200" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token)));
            count += page.GetProperty("items").GetArrayLength();
            token = page.TryGetProperty("continuationToken", out JsonElement next) ? next.GetString() : null;
        }
        while (token is not null);
        return count;
    }

    [Fact]
    public async Task A_report_is_accepted_and_reads_back_with_everything_the_standard_requires()
    {
        using HttpResponseMessage response = await this.PostAsync(Amy, ValidReport(description: "<script>alert('x')</script> sent in chat").ToJsonString());
        using JsonDocument accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string id = accepted.RootElement.GetProperty("incidentId").GetString()!;

        JsonElement incident = await this.JsonAsync(Omar, accepted.RootElement.GetProperty("links").GetProperty("self").GetString()!);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.StartsWith("NP-", accepted.RootElement.GetProperty("reference").GetString(), StringComparison.Ordinal);
        Assert.Equal("open", accepted.RootElement.GetProperty("status").GetString());
        Assert.Equal(id, incident.GetProperty("incidentId").GetString());
        Assert.Equal("<script>alert('x')</script> sent in chat", incident.GetProperty("description").GetString());
        Assert.Equal("Pupil A", incident.GetProperty("peopleInvolved")[0].GetProperty("name").GetString());
        Assert.Equal("disclosure", incident.GetProperty("howIdentified").GetString());
        Assert.Equal("form", incident.GetProperty("source").GetString());
        Assert.Equal(Amy.PersonId, incident.GetProperty("reportedBy").GetString());
        Assert.Equal(JsonValueKind.Array, incident.GetProperty("actions").ValueKind);
    }

    [Fact]
    public async Task The_agencys_e_safety_officer_is_emailed_at_once_and_the_notice_is_recorded_on_the_incident()
    {
        using HttpResponseMessage response = await this.PostAsync(Amy, ValidReport(description: "Secret detail that must not be emailed").ToJsonString());
        using JsonDocument accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        string id = accepted.RootElement.GetProperty("incidentId").GetString()!;
        string reference = accepted.RootElement.GetProperty("reference").GetString()!;

        MimeKit.MimeMessage notice = await fixture.Mail.WaitForAsync(m => m.Subject?.Contains(reference, StringComparison.Ordinal) == true, TimeSpan.FromSeconds(30));

        Assert.Equal(Omar.Email, notice.To.Mailboxes.Single().Address);
        Assert.Contains(fixture.Runtime.BaseAddress + "incidents/" + id, notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret detail", notice.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Pupil A", notice.TextBody, StringComparison.Ordinal);
        JsonElement incident = default;
        for (int attempt = 0; attempt < 50; attempt++)
        {
            incident = await this.JsonAsync(Omar, "/api/incidents/" + id);
            if (incident.GetProperty("actions").EnumerateArray().Any(a => a.GetProperty("description").GetString()!.StartsWith("E-safety officer", StringComparison.Ordinal)))
            {
                break;
            }

            await Task.Delay(200);
        }

        // The notice and the plan are recorded side by side: the notice's action need not come first.
        JsonElement action = incident.GetProperty("actions").EnumerateArray().First(a => a.GetProperty("description").GetString()!.StartsWith("E-safety officer", StringComparison.Ordinal));
        Assert.Equal("E-safety officer notified by email: " + Omar.DisplayName, action.GetProperty("description").GetString());
        Assert.Equal("system", action.GetProperty("takenBy").GetString());
    }

    [Fact]
    public async Task A_retried_submission_with_the_same_idempotency_key_yields_one_incident()
    {
        string key = Guid.NewGuid().ToString();
        int before = await this.CountLogAsync(Omar);

        using HttpResponseMessage first = await this.PostAsync(Amy, ValidReport().ToJsonString(), key);
        using HttpResponseMessage retry = await this.PostAsync(Amy, ValidReport().ToJsonString(), key);

        string firstId = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetString()!;
        string retryId = JsonDocument.Parse(await retry.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetString()!;
        Assert.Equal(firstId, retryId);
        Assert.Equal(before + 1, await this.CountLogAsync(Omar));
    }

    [Fact]
    public async Task Staff_see_only_their_own_reports_and_never_another_agencys_incidents_or_log()
    {
        string amys = await this.ReportAsync(Amy, ValidReport());
        string bens = await this.ReportAsync(Ben, ValidReport(SampleBoard.Riverside.AgencyId));

        await this.JsonAsync(Amy, $"/api/incidents/{amys}");
        await this.JsonAsync(Tom, $"/api/incidents/{amys}", HttpStatusCode.Forbidden); // a colleague's report
        await this.JsonAsync(Amy, $"/api/incidents/{bens}", HttpStatusCode.Forbidden); // another agency
        await this.JsonAsync(Omar, $"/api/incidents/{bens}", HttpStatusCode.Forbidden); // another agency's officer
        string toms = await this.ReportAsync(Tom, ValidReport());
        await this.JsonAsync(SampleBoard.BoardAdmin, $"/api/incidents/{amys}", HttpStatusCode.Forbidden); // no children's details for the board

        await this.JsonAsync(SampleBoard.BoardAdmin, "/api/incidents", HttpStatusCode.Forbidden); // the board keeps no agency's log

        // Staff asking for the log get their own reports, as they may see them: no actions, referrals or conclusion.
        JsonElement amysList = await this.JsonAsync(Amy, "/api/incidents?pageSize=200");
        Assert.All(amysList.GetProperty("items").EnumerateArray(), i => Assert.Equal(Amy.PersonId, i.GetProperty("reportedBy").GetString()));
        Assert.Contains(amysList.GetProperty("items").EnumerateArray(), i => i.GetProperty("incidentId").GetString() == amys);
        Assert.DoesNotContain(amysList.GetProperty("items").EnumerateArray(), i => i.GetProperty("incidentId").GetString() == toms);
        Assert.All(amysList.GetProperty("items").EnumerateArray(), i => Assert.Equal(0, i.GetProperty("actions").GetArrayLength()));
        JsonElement ritasLog = await this.JsonAsync(Rita, "/api/incidents?pageSize=200");
        Assert.All(ritasLog.GetProperty("items").EnumerateArray(), i => Assert.Equal(SampleBoard.Riverside.AgencyId, i.GetProperty("agencyId").GetString()));
        Assert.Contains(ritasLog.GetProperty("items").EnumerateArray(), i => i.GetProperty("incidentId").GetString() == bens);
    }

    [Fact]
    public async Task A_reporter_sees_their_report_but_not_the_officers_actions_or_conclusion()
    {
        string id = await this.ReportAsync(Amy, ValidReport());
        using HttpResponseMessage action = await this.Http.SendAsync(LocalRuntimeProcess.As(Omar.SignInName, HttpMethod.Post, $"/api/incidents/{id}/actions",
            new StringContent("{\"description\":\"Spoke to the other pupil's parents\"}", Encoding.UTF8, "application/json")));

        JsonElement asReporter = await this.JsonAsync(Amy, $"/api/incidents/{id}");
        JsonElement asOfficer = await this.JsonAsync(Omar, $"/api/incidents/{id}");

        Assert.Equal(HttpStatusCode.Created, action.StatusCode);
        Assert.Equal(0, asReporter.GetProperty("actions").GetArrayLength());
        Assert.False(asReporter.TryGetProperty("route", out _));
        Assert.Contains(asOfficer.GetProperty("actions").EnumerateArray(), a => a.GetProperty("description").GetString() == "Spoke to the other pupil's parents");
    }

    [Fact]
    public async Task A_post_from_another_site_is_refused_even_on_the_API()
    {
        int before = await this.CountLogAsync(Omar);
        HttpRequestMessage forged = LocalRuntimeProcess.As(Amy.SignInName, HttpMethod.Post, "/api/incidents",
            new StringContent(ValidReport().ToJsonString(), Encoding.UTF8, "application/json"));
        forged.Headers.Add("Origin", "https://evil.example");
        forged.Headers.Add("Sec-Fetch-Site", "cross-site");

        using HttpResponseMessage response = await this.Http.SendAsync(forged);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await this.CountLogAsync(Omar));
    }

    [Fact]
    public async Task A_post_with_an_opaque_origin_is_refused_unless_the_browser_says_it_is_same_origin()
    {
        // Our pages send no Referer, so a browser marks their posts "Origin: null" with Sec-Fetch-Site: same-origin;
        // the same null origin without the browser's word (a sandboxed frame, an old browser) is refused.
        int before = await this.CountLogAsync(Omar);
        HttpRequestMessage opaque = LocalRuntimeProcess.As(Amy.SignInName, HttpMethod.Post, "/api/incidents",
            new StringContent(ValidReport().ToJsonString(), Encoding.UTF8, "application/json"));
        opaque.Headers.Add("Origin", "null");
        HttpRequestMessage ours = LocalRuntimeProcess.As(Amy.SignInName, HttpMethod.Post, "/api/incidents",
            new StringContent(ValidReport().ToJsonString(), Encoding.UTF8, "application/json"));
        ours.Headers.Add("Origin", "null");
        ours.Headers.Add("Sec-Fetch-Site", "same-origin");

        using HttpResponseMessage refused = await this.Http.SendAsync(opaque);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(before, await this.CountLogAsync(Omar));

        using HttpResponseMessage accepted = await this.Http.SendAsync(ours);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
    }

    [Fact]
    public async Task Reading_listing_and_exporting_are_audited_in_a_chain_that_verifies()
    {
        string id = await this.ReportAsync(Amy, ValidReport());
        await this.JsonAsync(Omar, $"/api/incidents/{id}");
        using HttpResponseMessage csv = await this.Http.SendAsync(LocalRuntimeProcess.As(Omar.SignInName, HttpMethod.Get, "/api/incidents.csv"));

        JsonElement verification = await this.JsonAsync(Omar, $"/api/agencies/{SampleBoard.Northfield.AgencyId}/audit/verification");

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.True(verification.GetProperty("intact").GetBoolean());
        Assert.True(verification.GetProperty("entriesChecked").GetInt64() >= 3);
        await this.JsonAsync(Omar, $"/api/agencies/{SampleBoard.Riverside.AgencyId}/audit/verification", HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task The_CSV_export_is_safe_to_open_in_a_spreadsheet()
    {
        await this.ReportAsync(Amy, ValidReport(description: "=HYPERLINK(\"http://evil.example\",\"click\")"));

        using HttpResponseMessage response = await this.Http.SendAsync(LocalRuntimeProcess.As(Omar.SignInName, HttpMethod.Get, "/api/incidents.csv"));
        string csv = await response.Content.ReadAsStringAsync();

        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("\"reference\",\"submittedAt\"", csv, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(",\"=", csv, StringComparison.Ordinal);
    }

    public static TheoryData<string, string?, string, string?> HostileReports()
    {
        static string With(Action<JsonObject> change)
        {
            JsonObject report = ValidReport();
            change(report);
            return report.ToJsonString();
        }

        static JsonObject Concerns(JsonObject r) => (JsonObject)r["concerns"]!;
        static JsonObject Person(JsonObject r) => (JsonObject)r["peopleInvolved"]![0]!;
        string valid = ValidReport().ToJsonString();
        string deep = new string('[', 200) + new string(']', 200);
        return new TheoryData<string, string?, string, string?>
        {
            // name, content type, body, idempotency key
            { "malformed JSON", "application/json", "{\"agencyId\":", null },
            { "empty body", "application/json", string.Empty, null },
            { "JSON array", "application/json", "[]", null },
            { "JSON string", "application/json", "\"hello\"", null },
            { "text/plain", "text/plain", valid, null },
            { "form encoded", "application/x-www-form-urlencoded", "agencyId=northfield-primary", null },
            { "XML", "application/xml", "<incident/>", null },
            { "oversized body", "application/json", With(r => r["description"] = new string('x', 300_000)), null },
            { "description missing", "application/json", With(r => r.Remove("description")), null },
            { "description empty", "application/json", With(r => r["description"] = string.Empty), null },
            { "description whitespace", "application/json", With(r => r["description"] = "   \n "), null },
            { "description too long", "application/json", With(r => r["description"] = new string('x', 20_001)), null },
            { "description a number", "application/json", With(r => r["description"] = 42), null },
            { "description with NUL", "application/json", With(r => r["description"] = "bad\u0000byte"), null },
            { "description lone surrogate", "application/json", valid.Replace("A pupil", "\\ud800 pupil", StringComparison.Ordinal), null },
            { "occurredAt missing", "application/json", With(r => r.Remove("occurredAt")), null },
            { "occurredAt not a date", "application/json", With(r => r["occurredAt"] = "yesterday"), null },
            { "occurredAt in the future", "application/json", With(r => r["occurredAt"] = "2099-01-01T00:00:00Z"), null },
            { "occurredAt long ago", "application/json", With(r => r["occurredAt"] = "1900-01-01T00:00:00Z"), null },
            { "howIdentified unknown", "application/json", With(r => r["howIdentified"] = "telepathy"), null },
            { "howIdentified wrong case", "application/json", With(r => r["howIdentified"] = "Disclosure"), null },
            { "unknown property", "application/json", With(r => r["isAdmin"] = true), null },
            { "agencyId missing", "application/json", With(r => r.Remove("agencyId")), null },
            { "technology too long", "application/json", With(r => r["technology"] = new string('t', 501)), null },
            { "peopleInvolved an object", "application/json", With(r => r["peopleInvolved"] = new JsonObject()), null },
            { "person role unknown", "application/json", With(r => Person(r)["role"] = "alien"), null },
            { "person name missing", "application/json", With(r => Person(r).Remove("name")), null },
            { "person name too long", "application/json", With(r => Person(r)["name"] = new string('n', 201)), null },
            { "person born in the future", "application/json", With(r => Person(r)["dateOfBirth"] = "2030-01-01"), null },
            { "person date of birth not a date", "application/json", With(r => Person(r)["dateOfBirth"] = "31/02/2015"), null },
            { "too many people", "application/json", With(r => r["peopleInvolved"] = new JsonArray(Enumerable.Range(0, 51).Select(_ => (JsonNode)new JsonObject { ["role"] = "child", ["name"] = "x" }).ToArray())), null },
            { "concerns missing", "application/json", With(r => r.Remove("concerns")), null },
            { "concerns an array", "application/json", With(r => r["concerns"] = new JsonArray()), null },
            { "illegal kind unknown", "application/json", With(r => { Concerns(r)["illegalSuspected"] = true; Concerns(r)["illegalKinds"] = new JsonArray("piracy"); }), null },
            { "illegal suspected without a kind", "application/json", With(r => Concerns(r)["illegalSuspected"] = true), null },
            { "LADO threshold without staff", "application/json", With(r => Concerns(r)["ladoThreshold"] = new JsonArray("harmed-a-child")), null },
            { "javascript URL", "application/json", With(r => { Concerns(r)["illegalSuspected"] = true; Concerns(r)["illegalKinds"] = new JsonArray("indecent-images-of-children"); Concerns(r)["publicWebUrl"] = "javascript:alert(1)"; }), null },
            { "boolean as text", "application/json", With(r => Concerns(r)["urgent"] = "true"), null },
            { "nesting too deep", "application/json", "{\"technology\":" + deep + "}", null },
            { "another agency", "application/json", ValidReport(SampleBoard.Riverside.AgencyId).ToJsonString(), null },
            { "idempotency key too long", "application/json", valid, new string('k', 201) },
            { "idempotency key with a space", "application/json", valid, "two words" },
        };
    }

    [Theory]
    [MemberData(nameof(HostileReports))]
    public async Task Each_hostile_report_gets_a_4xx_problem_and_stores_nothing(string name, string? contentType, string body, string? idempotencyKey)
    {
        int before = await this.CountLogAsync(Omar);
        HttpRequestMessage request = LocalRuntimeProcess.As(Amy.SignInName, HttpMethod.Post, "/api/incidents", new ByteArrayContent(Encoding.UTF8.GetBytes(body)));
        if (contentType is not null)
        {
            request.Content!.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        if (idempotencyKey is not null)
        {
            request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        }

        using HttpResponseMessage response = await this.Http.SendAsync(request);

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{name}: got {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await this.CountLogAsync(Omar));
    }

    [Theory]
    [InlineData("/api/incidents?status=bogus")]
    [InlineData("/api/incidents?status=reported")]
    [InlineData("/api/incidents?route=ceop")]
    [InlineData("/api/incidents?serious=yes")]
    [InlineData("/api/incidents?overdue=%00")]
    [InlineData("/api/incidents?from=not-a-date")]
    [InlineData("/api/incidents?pageSize=0")]
    [InlineData("/api/incidents?pageSize=100000")]
    [InlineData("/api/incidents?continuationToken=%25%25%25")]
    [InlineData("/api/incidents/inc-..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/api/incidents/inc-0000000000000000000-zzzzzzzz")]
    [InlineData("/api/incidents.csv?to=31-12-2026")]
    public async Task Hostile_queries_get_a_4xx_problem(string path)
    {
        using HttpResponseMessage response = await this.Http.SendAsync(LocalRuntimeProcess.As(Omar.SignInName, HttpMethod.Get, path));

        Assert.True((int)response.StatusCode is >= 400 and < 500, $"{path}: got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}
