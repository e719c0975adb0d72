using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsafetyServerless.Http.Security;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.EndToEndTests;

/// <summary>
/// The directory through the API of the running local runtime: the board admin brings an agency and its people in,
/// people hold several roles, leavers are shut out, Entra ID identities survive a change of sign-in name, and a
/// staff list imports with a preview, once.
/// </summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class DirectoryApiTests(LocalRuntimeFixture fixture)
{
    static readonly string Admin = SampleBoard.BoardAdmin.SignInName;

    HttpClient Http => fixture.Runtime.Http;

    static string Unique(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(string? signInName, HttpMethod method, string path, JsonNode? body = null, HttpRequestMessage? prepared = null)
    {
        using HttpRequestMessage request = prepared ?? LocalRuntimeProcess.As(signInName, method, path,
            body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        using HttpResponseMessage response = await this.Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    async Task<string> CreateAgencyAsync(string name)
    {
        (HttpStatusCode status, JsonElement agency) = await this.SendAsync(Admin, HttpMethod.Post, "/api/agencies",
            new JsonObject { ["name"] = name, ["kind"] = "school", ["intakeAddress"] = "esafety@" + name.ToLowerInvariant() + ".example" });
        Assert.Equal(HttpStatusCode.Created, status);
        return agency.GetProperty("agencyId").GetString()!;
    }

    async Task<JsonElement> AddPersonAsync(string agencyId, string signInName, string[] roles, string? by = null, JsonObject? extra = null)
    {
        JsonObject body = new() { ["displayName"] = "Person " + signInName[..6], ["signInName"] = signInName, ["roles"] = new JsonArray([.. roles.Select(r => JsonValue.Create(r))]) };
        foreach ((string key, JsonNode? value) in extra ?? [])
        {
            body[key] = value?.DeepClone();
        }

        (HttpStatusCode status, JsonElement person) = await this.SendAsync(by ?? Admin, HttpMethod.Post, "/api/agencies/" + agencyId + "/people", body);
        Assert.Equal(HttpStatusCode.Created, status);
        return person;
    }

    static HttpRequestMessage WithIdentity(string signInName, string objectId, string tenantId, HttpMethod method, string path)
    {
        ClientPrincipal principal = new("aad", "preferred_username", "roles",
        [
            new("preferred_username", signInName),
            new("http://schemas.microsoft.com/identity/claims/objectidentifier", objectId),
            new("http://schemas.microsoft.com/identity/claims/tenantid", tenantId),
        ]);
        HttpRequestMessage request = LocalRuntimeProcess.As(null, method, path);
        request.Headers.Add(ClientPrincipal.HeaderName, principal.ToHeaderValue());
        return request;
    }

    [Fact]
    public async Task The_board_admin_creates_an_agency_and_its_people_and_a_mailbox_is_never_shared()
    {
        string name = Unique("Hillside");
        string agencyId = await this.CreateAgencyAsync(name);

        (HttpStatusCode sameMailbox, JsonElement problem) = await this.SendAsync(Admin, HttpMethod.Post, "/api/agencies",
            new JsonObject { ["name"] = Unique("Other"), ["kind"] = "school", ["intakeAddress"] = "ESAFETY@" + name.ToUpperInvariant() + ".example" });
        Assert.Equal(HttpStatusCode.BadRequest, sameMailbox);
        Assert.Contains("own incident mailbox", problem.GetProperty("errors").GetProperty("intakeAddress")[0].GetString(), StringComparison.Ordinal);

        JsonElement officer = await this.AddPersonAsync(agencyId, Unique("officer") + "@hillside.example", ["esafety-officer"]);
        (HttpStatusCode listed, JsonElement people) = await this.SendAsync(officer.GetProperty("signInName").GetString(), HttpMethod.Get, "/api/agencies/" + agencyId + "/people");
        Assert.Equal(HttpStatusCode.OK, listed);
        Assert.Equal(officer.GetProperty("personId").GetString(), Assert.Single(people.GetProperty("items").EnumerateArray()).GetProperty("personId").GetString());

        (HttpStatusCode bad, JsonElement invalid) = await this.SendAsync(Admin, HttpMethod.Post, "/api/agencies/" + agencyId + "/people",
            new JsonObject { ["displayName"] = "X", ["signInName"] = "not an address", ["roles"] = new JsonArray("head-of-everything") });
        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.True(invalid.GetProperty("errors").TryGetProperty("signInName", out _));
        Assert.True(invalid.GetProperty("errors").TryGetProperty("roles", out _));
    }

    [Fact]
    public async Task A_person_with_two_roles_can_do_what_both_allow_and_one_role_cannot()
    {
        string agencyId = await this.CreateAgencyAsync(Unique("Brook"));
        string both = (await this.AddPersonAsync(agencyId, Unique("head") + "@brook.example", ["senior-manager", "esafety-officer"])).GetProperty("signInName").GetString()!;
        string officerOnly = (await this.AddPersonAsync(agencyId, Unique("officer") + "@brook.example", ["esafety-officer"])).GetProperty("signInName").GetString()!;

        // Adding people is the senior manager's; the incident log (and the officer's delegated post-incident work) the officer's.
        (HttpStatusCode officerAdds, _) = await this.SendAsync(officerOnly, HttpMethod.Post, "/api/agencies/" + agencyId + "/people",
            new JsonObject { ["displayName"] = "New Staff", ["signInName"] = Unique("staff") + "@brook.example", ["roles"] = new JsonArray("staff") });
        Assert.Equal(HttpStatusCode.Forbidden, officerAdds);

        await this.AddPersonAsync(agencyId, Unique("staff") + "@brook.example", ["staff"], by: both);
        (HttpStatusCode log, _) = await this.SendAsync(both, HttpMethod.Get, "/api/incidents");
        Assert.Equal(HttpStatusCode.OK, log);

        (_, JsonElement me) = await this.SendAsync(both, HttpMethod.Get, "/api/me");
        Assert.Equal("esafety-officer senior-manager", string.Join(' ', me.GetProperty("roles").EnumerateArray().Select(r => r.GetString())));
    }

    [Fact]
    public async Task A_deactivated_person_gets_403_everywhere_and_keeps_their_name_in_the_directory()
    {
        string agencyId = await this.CreateAgencyAsync(Unique("Meadow"));
        JsonElement staff = await this.AddPersonAsync(agencyId, Unique("leaver") + "@meadow.example", ["staff"]);
        string signIn = staff.GetProperty("signInName").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await this.SendAsync(signIn, HttpMethod.Get, "/api/me")).Status);

        (HttpStatusCode patched, JsonElement deactivated) = await this.SendAsync(Admin, HttpMethod.Patch,
            "/api/agencies/" + agencyId + "/people/" + staff.GetProperty("personId").GetString(), new JsonObject { ["active"] = false });
        Assert.Equal(HttpStatusCode.OK, patched);
        Assert.False(deactivated.GetProperty("active").GetBoolean());

        foreach (string path in new[] { "/api/me", "/api/tasks", "/api/agencies/" + agencyId + "/registers" })
        {
            (HttpStatusCode status, JsonElement problem) = await this.SendAsync(signIn, HttpMethod.Get, path);
            Assert.Equal(HttpStatusCode.Forbidden, status);
            Assert.Contains("closed", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        (_, JsonElement people) = await this.SendAsync(Admin, HttpMethod.Get, "/api/agencies/" + agencyId + "/people");
        Assert.Contains(people.GetProperty("items").EnumerateArray(), p => p.GetProperty("displayName").GetString() == staff.GetProperty("displayName").GetString() && !p.GetProperty("active").GetBoolean());
    }

    [Fact]
    public async Task A_known_object_id_is_recognised_after_the_sign_in_name_changes_and_a_reused_name_is_not()
    {
        string agencyId = await this.CreateAgencyAsync(Unique("Willow"));
        string tenant = Guid.NewGuid().ToString("D");
        string objectId = Guid.NewGuid().ToString("D");
        JsonElement added = await this.AddPersonAsync(agencyId, Unique("jo.smith") + "@willow.example", ["staff"], extra: new JsonObject { ["objectId"] = objectId, ["tenantId"] = tenant });

        // Married and renamed: a new sign-in name, the same Entra ID account.
        string renamed = Unique("jo.jones") + "@willow.example";
        (HttpStatusCode status, JsonElement me) = await this.SendAsync(null, HttpMethod.Get, "/api/me", prepared: WithIdentity(renamed, objectId, tenant, HttpMethod.Get, "/api/me"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(added.GetProperty("personId").GetString(), me.GetProperty("personId").GetString());
        Assert.Equal(renamed, me.GetProperty("signInName").GetString());

        // The old name given to someone else's account does not open Jo's entry.
        (HttpStatusCode reused, _) = await this.SendAsync(null, HttpMethod.Get, "/api/me",
            prepared: WithIdentity(renamed, Guid.NewGuid().ToString("D"), tenant, HttpMethod.Get, "/api/me"));
        Assert.Equal(HttpStatusCode.Forbidden, reused);
    }

    [Fact]
    public async Task The_first_sign_in_of_a_person_added_by_name_records_their_object_id()
    {
        string agencyId = await this.CreateAgencyAsync(Unique("Aspen"));
        string signIn = (await this.AddPersonAsync(agencyId, Unique("new.teacher") + "@aspen.example", ["staff"])).GetProperty("signInName").GetString()!;
        string tenant = Guid.NewGuid().ToString("D");
        string objectId = Guid.NewGuid().ToString("D");

        (HttpStatusCode first, JsonElement me) = await this.SendAsync(null, HttpMethod.Get, "/api/me", prepared: WithIdentity(signIn, objectId, tenant, HttpMethod.Get, "/api/me"));
        Assert.Equal(HttpStatusCode.OK, first);
        Assert.Equal(objectId, me.GetProperty("objectId").GetString());

        (HttpStatusCode other, _) = await this.SendAsync(null, HttpMethod.Get, "/api/me", prepared: WithIdentity(signIn, Guid.NewGuid().ToString("D"), tenant, HttpMethod.Get, "/api/me"));
        Assert.Equal(HttpStatusCode.Forbidden, other);
    }

    async Task<JsonElement> ImportAsync(string agencyId, string csv, string query, HttpStatusCode expected = HttpStatusCode.OK)
    {
        HttpRequestMessage request = LocalRuntimeProcess.As(Admin, HttpMethod.Post, "/api/agencies/" + agencyId + "/people/imports" + query,
            new StringContent(csv, Encoding.UTF8, "text/csv"));
        (HttpStatusCode status, JsonElement body) = await this.SendAsync(null, HttpMethod.Post, string.Empty, prepared: request);
        Assert.Equal(expected, status);
        return body;
    }

    static int CountOf(JsonElement plan, string action) => plan.GetProperty("counts").GetProperty(action).GetInt32();

    static JsonElement RowAt(JsonElement plan, int line) => plan.GetProperty("rows").EnumerateArray().Single(r => r.TryGetProperty("line", out JsonElement l) && l.GetInt32() == line);

    [Fact]
    public async Task A_staff_list_imports_after_a_preview_that_explains_each_refused_row_and_a_second_run_changes_nothing()
    {
        string agencyId = await this.CreateAgencyAsync(Unique("Cedar"));
        JsonElement leaver = await this.AddPersonAsync(agencyId, Unique("leaver") + "@cedar.example", ["staff"]);
        JsonElement officer = await this.AddPersonAsync(agencyId, Unique("officer") + "@cedar.example", ["esafety-officer"]);
        JsonElement known = await this.AddPersonAsync(agencyId, Unique("known") + "@cedar.example", ["staff"]);
        string knownEmail = known.GetProperty("signInName").GetString()!;
        string csv = string.Join("\r\n",
            "First name,Last name,Email,Roles",
            "Ann,Archer,ann." + agencyId + "@cedar.example,",
            "Bob,Baker,not-an-address,",
            ",,nameless." + agencyId + "@cedar.example,",
            "Ann,Again,ANN." + agencyId + "@cedar.example,",
            "Cat,Cole,cat." + agencyId + "@cedar.example,Dinner lady",
            "Dan,Day,dan." + agencyId + "@cedar.example,IT technician; Staff",
            "Kim,Renamed," + knownEmail + ",",
            "Omar,Kept," + SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer).SignInName + ",");

        JsonElement preview = await this.ImportAsync(agencyId, csv, string.Empty);
        Assert.False(preview.GetProperty("applied").GetBoolean());
        Assert.Equal("add", RowAt(preview, 2).GetProperty("action").GetString());
        Assert.Contains("right format", RowAt(preview, 3).GetProperty("why").GetString(), StringComparison.Ordinal);
        Assert.Equal("No name.", RowAt(preview, 4).GetProperty("why").GetString());
        Assert.Equal("The same email address as line 2.", RowAt(preview, 5).GetProperty("why").GetString());
        Assert.Contains("Unknown role \"Dinner lady\"", RowAt(preview, 6).GetProperty("why").GetString(), StringComparison.Ordinal);
        Assert.Contains("IT technician", RowAt(preview, 7).GetProperty("why").GetString(), StringComparison.Ordinal);
        Assert.Equal("change", RowAt(preview, 8).GetProperty("action").GetString());
        Assert.Contains("another agency", RowAt(preview, 9).GetProperty("why").GetString(), StringComparison.Ordinal);
        JsonElement[] leftOut = preview.GetProperty("rows").EnumerateArray().Where(r => !r.TryGetProperty("line", out _)).ToArray();
        Assert.Equal("deactivate", leftOut.Single(r => r.GetProperty("personId").GetString() == leaver.GetProperty("personId").GetString()).GetProperty("action").GetString());
        Assert.Equal("keep", leftOut.Single(r => r.GetProperty("personId").GetString() == officer.GetProperty("personId").GetString()).GetProperty("action").GetString());

        // Nothing was saved by the preview.
        (_, JsonElement before) = await this.SendAsync(Admin, HttpMethod.Get, "/api/agencies/" + agencyId + "/people");
        Assert.Equal(3, before.GetProperty("items").GetArrayLength());

        JsonElement applied = await this.ImportAsync(agencyId, csv, "?confirm=true&fingerprint=" + preview.GetProperty("fingerprint").GetString());
        Assert.True(applied.GetProperty("applied").GetBoolean());
        Assert.Equal((2, 1, 1, 5), (CountOf(applied, "add"), CountOf(applied, "change"), CountOf(applied, "deactivate"), CountOf(applied, "refused")));

        (_, JsonElement after) = await this.SendAsync(Admin, HttpMethod.Get, "/api/agencies/" + agencyId + "/people");
        JsonElement[] people = [.. after.GetProperty("items").EnumerateArray()];
        Assert.Equal(5, people.Length);
        Assert.Equal("Kim Renamed", people.Single(p => p.GetProperty("signInName").GetString() == knownEmail).GetProperty("displayName").GetString());
        Assert.False(people.Single(p => p.GetProperty("personId").GetString() == leaver.GetProperty("personId").GetString()).GetProperty("active").GetBoolean());
        Assert.Equal("staff technician", string.Join(' ', people.Single(p => p.GetProperty("signInName").GetString()!.StartsWith("dan.", StringComparison.Ordinal))
            .GetProperty("roles").EnumerateArray().Select(r => r.GetString())));

        JsonElement again = await this.ImportAsync(agencyId, csv, "?confirm=true");
        Assert.Equal((0, 0, 0), (CountOf(again, "add"), CountOf(again, "change"), CountOf(again, "deactivate")));
        Assert.Equal(3, CountOf(again, "unchanged"));
        (_, JsonElement unchanged) = await this.SendAsync(Admin, HttpMethod.Get, "/api/agencies/" + agencyId + "/people");
        Assert.Equal(after.GetProperty("items").ToString(), unchanged.GetProperty("items").ToString());

        // A confirmation of a stale preview is refused: the directory changed since.
        await this.ImportAsync(agencyId, csv.Replace("Kim,Renamed", "Kim,Again", StringComparison.Ordinal), "?confirm=true&fingerprint=" + preview.GetProperty("fingerprint").GetString(), HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_file_that_is_not_a_staff_list_is_refused_with_what_to_do_and_nothing_is_imported()
    {
        string agencyId = await this.CreateAgencyAsync(Unique("Rowan"));

        JsonElement noEmail = await this.ImportAsync(agencyId, "Name,Phone\r\nAnn,0123", "?confirm=true", HttpStatusCode.BadRequest);
        Assert.Contains("column of email addresses", noEmail.GetProperty("errors").GetProperty("file")[0].GetString(), StringComparison.Ordinal);
        JsonElement notText = await this.ImportAsync(agencyId, "\u0000", "?confirm=true", HttpStatusCode.BadRequest);
        Assert.True(notText.GetProperty("errors").TryGetProperty("file", out _));

        (_, JsonElement people) = await this.SendAsync(Admin, HttpMethod.Get, "/api/agencies/" + agencyId + "/people");
        Assert.Equal(0, people.GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task An_archived_agency_keeps_its_people_and_takes_no_new_reports()
    {
        string agencyId = await this.CreateAgencyAsync(Unique("Elm"));
        string staff = (await this.AddPersonAsync(agencyId, Unique("staff") + "@elm.example", ["staff"])).GetProperty("signInName").GetString()!;

        (HttpStatusCode archived, JsonElement agency) = await this.SendAsync(Admin, HttpMethod.Patch, "/api/agencies/" + agencyId, new JsonObject { ["archived"] = true });
        Assert.Equal(HttpStatusCode.OK, archived);
        Assert.True(agency.GetProperty("archived").GetBoolean());

        (HttpStatusCode reported, JsonElement problem) = await this.SendAsync(staff, HttpMethod.Post, "/api/incidents", IncidentApiTests.ValidReport(agencyId));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, reported);
        Assert.Contains("no longer takes new reports", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        (_, JsonElement me) = await this.SendAsync(staff, HttpMethod.Get, "/api/me");
        Assert.Equal(agencyId, me.GetProperty("agencyId").GetString());
    }

    [Fact]
    public async Task Onboarding_creates_the_agency_with_its_officer_and_manager_or_nothing_at_all()
    {
        string name = Unique("Oak");
        JsonObject draft = new()
        {
            ["name"] = name, ["kind"] = "school", ["intakeAddress"] = "esafety@" + name.ToLowerInvariant() + ".example",
            ["officerName"] = "Pat Head", ["officerEmail"] = "pat@" + name.ToLowerInvariant() + ".example", ["officerHoldsSafeguarding"] = true,
            ["managerName"] = "Pat Head", ["managerEmail"] = "not an address",
        };
        (HttpStatusCode invalid, JsonElement problem) = await this.SendAsync(Admin, HttpMethod.Post, "/api/onboarding", draft);
        Assert.Equal(HttpStatusCode.BadRequest, invalid);
        Assert.True(problem.GetProperty("errors").TryGetProperty("managerEmail", out _));
        (_, JsonElement agencies) = await this.SendAsync(Admin, HttpMethod.Get, "/api/agencies");
        Assert.DoesNotContain(agencies.GetProperty("items").EnumerateArray(), a => a.GetProperty("name").GetString() == name);

        // The head teacher is the e-safety officer too: one person, both roles.
        draft["managerEmail"] = draft["officerEmail"]!.DeepClone();
        (HttpStatusCode created, JsonElement onboarded) = await this.SendAsync(Admin, HttpMethod.Post, "/api/onboarding", draft);
        Assert.Equal(HttpStatusCode.Created, created);
        JsonElement head = Assert.Single(onboarded.GetProperty("people").EnumerateArray());
        Assert.Equal("esafety-officer senior-manager", string.Join(' ', head.GetProperty("roles").EnumerateArray().Select(r => r.GetString())));
        (HttpStatusCode compliance, _) = await this.SendAsync(head.GetProperty("signInName").GetString(), HttpMethod.Get,
            "/api/agencies/" + onboarded.GetProperty("agency").GetProperty("agencyId").GetString() + "/compliance");
        Assert.Equal(HttpStatusCode.OK, compliance);
    }
}
