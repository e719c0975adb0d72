using System.Net;
using System.Text;
using System.Text.Json;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.EndToEndTests;

/// <summary>Triage of an emailed report, actions and the conclusion, through the API of the local runtime.</summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class IncidentResponseApiTests(LocalRuntimeFixture fixture)
{
    static readonly Person Amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
    static readonly Person Omar = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);
    static readonly Person Sarah = SampleBoard.InRole(SampleBoard.Northfield, Role.SeniorManager);
    static readonly Person Rita = SampleBoard.InRole(SampleBoard.Riverside, Role.EsafetyOfficer);

    HttpClient Http => fixture.Runtime.Http;

    async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(Person person, HttpMethod method, string path, string? json = null)
    {
        using HttpResponseMessage response = await this.Http.SendAsync(LocalRuntimeProcess.As(person.SignInName, method, path,
            json is null ? null : new StringContent(json, Encoding.UTF8, "application/json")));
        string body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone());
    }

    async Task<string> EmailedIncidentAsync()
    {
        using MultipartFormDataContent form = new()
        {
            { new StringContent($"Amy Clarke <{Amy.Email}>"), "from" },
            { new StringContent(SampleBoard.Northfield.IntakeAddress), "to" },
            { new StringContent("A colleague's messages to a pupil " + Guid.NewGuid().ToString("N")[..6]), "subject" },
            { new StringContent("I saw private messages from a colleague to a Year 9 pupil."), "text" },
            { new StringContent("pass"), "SPF" },
            { new StringContent($"{{\"to\":[\"{SampleBoard.Northfield.IntakeAddress}\"],\"from\":\"{Amy.Email}\"}}"), "envelope" },
        };
        using HttpResponseMessage response = await this.Http.PostAsync(new Uri("api/inbound/email?key=" + LocalRuntimeFixture.InboundSecret, UriKind.Relative), form);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetString()!;
    }

    async Task<JsonElement> WaitForPlanAsync(string incidentId)
    {
        for (int attempt = 0; attempt < 150; attempt++)
        {
            (_, JsonElement incident) = await this.SendAsync(Omar, HttpMethod.Get, "/api/incidents/" + incidentId);
            if (incident.TryGetProperty("route", out _))
            {
                return incident;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The response plan was not recorded.");
    }

    [Fact]
    public async Task Triage_answers_the_flowchart_for_an_emailed_report_and_the_plan_appears_on_the_incident()
    {
        string id = await this.EmailedIncidentAsync();
        const string Concerns = """{"illegalSuspected":false,"staffInvolved":true,"ladoThreshold":["unsuitable-to-work-with-children"],"childAtRiskOfSignificantHarm":false,"urgent":false}""";

        (HttpStatusCode byStaff, _) = await this.SendAsync(Amy, HttpMethod.Post, $"/api/incidents/{id}/triage", Concerns);
        (HttpStatusCode byOtherAgency, _) = await this.SendAsync(Rita, HttpMethod.Post, $"/api/incidents/{id}/triage", Concerns);
        (HttpStatusCode invalid, JsonElement problem) = await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/triage", """{"illegalSuspected":true}""");
        (HttpStatusCode triaged, _) = await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/triage", Concerns);
        (HttpStatusCode again, _) = await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/triage", Concerns);
        JsonElement incident = await this.WaitForPlanAsync(id);

        Assert.Equal(HttpStatusCode.Forbidden, byStaff);
        Assert.Equal(HttpStatusCode.Forbidden, byOtherAgency);
        Assert.Equal(HttpStatusCode.BadRequest, invalid);
        Assert.True(problem.GetProperty("errors").TryGetProperty("concerns.illegalKinds", out _));
        Assert.Equal(HttpStatusCode.Accepted, triaged);
        Assert.Equal(HttpStatusCode.Conflict, again);
        Assert.Equal("open", incident.GetProperty("status").GetString());
        Assert.Equal("lado", incident.GetProperty("route").GetString());
        Assert.True(incident.GetProperty("serious").GetBoolean());
        JsonElement escalation = incident.GetProperty("escalations").EnumerateArray().Single();
        Assert.Equal("lado", escalation.GetProperty("target").GetString());
        // Published to the consumer, which takes it at once: queued, or already sent.
        Assert.True(escalation.GetProperty("state").GetString() is "queued" or "sent", escalation.ToString());
    }

    [Fact]
    public async Task Actions_and_the_conclusion_are_recorded_with_who_took_them_and_staff_allegations_need_an_outcome()
    {
        string id = await this.EmailedIncidentAsync();
        await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/triage",
            """{"illegalSuspected":false,"staffInvolved":true,"ladoThreshold":["risk-of-harm"],"childAtRiskOfSignificantHarm":false,"urgent":false}""");

        (HttpStatusCode action, _) = await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/actions", """{"description":"Spoke to the pupil with their parent present"}""");
        (HttpStatusCode badAction, _) = await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/actions", """{"description":"","extra":1}""");
        (HttpStatusCode staffAction, _) = await this.SendAsync(Amy, HttpMethod.Post, $"/api/incidents/{id}/actions", """{"description":"Should not be allowed"}""");
        (HttpStatusCode noOutcome, _) = await this.SendAsync(Sarah, HttpMethod.Post, $"/api/incidents/{id}/conclusion", """{"conclusion":"LADO advised; disciplinary followed."}""");
        (HttpStatusCode badOutcome, _) = await this.SendAsync(Sarah, HttpMethod.Post, $"/api/incidents/{id}/conclusion", """{"conclusion":"x","outcome":"proven"}""");
        (HttpStatusCode concluded, JsonElement incident) = await this.SendAsync(Sarah, HttpMethod.Post, $"/api/incidents/{id}/conclusion",
            """{"conclusion":"LADO advised; disciplinary followed.","outcome":"substantiated"}""");

        Assert.Equal(HttpStatusCode.Created, action);
        Assert.Equal(HttpStatusCode.BadRequest, badAction);
        Assert.Equal(HttpStatusCode.Forbidden, staffAction);
        Assert.Equal(HttpStatusCode.BadRequest, noOutcome);
        Assert.Equal(HttpStatusCode.BadRequest, badOutcome);
        Assert.Equal(HttpStatusCode.OK, concluded);
        Assert.Equal("LADO advised; disciplinary followed.", incident.GetProperty("conclusion").GetString());
        Assert.Equal("substantiated", incident.GetProperty("outcome").GetString());
        Assert.Contains(incident.GetProperty("actions").EnumerateArray(),
            a => a.GetProperty("description").GetString() == "Spoke to the pupil with their parent present" && a.GetProperty("takenBy").GetString() == Omar.PersonId);
    }

    async Task<string> ReportStaffAllegationAsync()
    {
        System.Text.Json.Nodes.JsonObject report = IncidentApiTests.ValidReport();
        report["concerns"]!["staffInvolved"] = true;
        report["concerns"]!["ladoThreshold"] = new System.Text.Json.Nodes.JsonArray("risk-of-harm");
        (HttpStatusCode status, JsonElement accepted) = await this.SendAsync(Amy, HttpMethod.Post, "/api/incidents", report.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("open", accepted.GetProperty("status").GetString());
        return accepted.GetProperty("incidentId").GetString()!;
    }

    async Task<IReadOnlyList<string>> ListedAsync(string query)
    {
        (HttpStatusCode status, JsonElement page) = await this.SendAsync(Omar, HttpMethod.Get, "/api/incidents?pageSize=200&" + query);
        Assert.Equal(HttpStatusCode.OK, status);
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("incidentId").GetString()!)];
    }

    [Fact]
    public async Task The_status_moves_from_open_to_concluded_to_closed_as_the_referral_is_settled_and_the_review_completed()
    {
        string id = await this.ReportStaffAllegationAsync();
        JsonElement planned = await this.WaitForPlanAsync(id);
        string escalationId = planned.GetProperty("escalations")[0].GetProperty("escalationId").GetString()!;
        Assert.Contains(id, await this.ListedAsync("status=open&route=lado&serious=true"));
        Assert.DoesNotContain(id, await this.ListedAsync("route=police"));
        Assert.DoesNotContain(id, await this.ListedAsync("serious=false"));

        (HttpStatusCode concluded, JsonElement afterConclusion) = await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/conclusion",
            """{"conclusion":"The LADO advised; the colleague was retrained.","outcome":"unsubstantiated"}""");
        Assert.Equal(HttpStatusCode.OK, concluded);
        Assert.Equal("concluded", afterConclusion.GetProperty("status").GetString());
        Assert.Contains(id, await this.ListedAsync("status=concluded"));
        Assert.DoesNotContain(id, await this.ListedAsync("status=open"));
        (_, JsonElement concludedPage) = await this.SendAsync(Omar, HttpMethod.Get, "/api/incidents?pageSize=200&status=concluded");
        Assert.All(concludedPage.GetProperty("items").EnumerateArray(), i => Assert.Equal("concluded", i.GetProperty("status").GetString()));

        // The LADO had the case already and will not acknowledge this notice: the officer closes it with the reason.
        string closure = $"/api/incidents/{id}/escalations/{escalationId}/closure";
        (HttpStatusCode noReason, JsonElement problem) = await this.SendAsync(Omar, HttpMethod.Post, closure, """{"reason":"  "}""");
        (HttpStatusCode byStaff, _) = await this.SendAsync(Amy, HttpMethod.Post, closure, """{"reason":"Not mine to close"}""");
        (HttpStatusCode closed, JsonElement escalation) = await this.SendAsync(Omar, HttpMethod.Post, closure, """{"reason":"The LADO already holds this case (phone call with the LADO, 10:20)"}""");
        (HttpStatusCode again, _) = await this.SendAsync(Omar, HttpMethod.Post, closure, """{"reason":"Twice"}""");
        Assert.Equal(HttpStatusCode.BadRequest, noReason);
        Assert.True(problem.GetProperty("errors").TryGetProperty("reason", out _));
        Assert.Equal(HttpStatusCode.Forbidden, byStaff);
        Assert.Equal(HttpStatusCode.OK, closed);
        Assert.Equal("closed", escalation.GetProperty("state").GetString());
        Assert.Equal(Omar.PersonId, escalation.GetProperty("closure").GetProperty("closedBy").GetString());
        Assert.Equal(HttpStatusCode.Conflict, again);

        // A serious incident stays concluded until the senior manager has reviewed the policies.
        (_, JsonElement beforeReview) = await this.SendAsync(Omar, HttpMethod.Get, "/api/incidents/" + id);
        Assert.Equal("concluded", beforeReview.GetProperty("status").GetString());
        Assert.Equal(0, beforeReview.GetProperty("overdueReferrals").GetInt32());
        HttpStatusCode reviewed = HttpStatusCode.NotFound;
        for (int attempt = 0; attempt < 100 && reviewed == HttpStatusCode.NotFound; attempt++)
        {
            await Task.Delay(attempt == 0 ? 0 : 200); // The workflow opens the review task just after the plan.
            (reviewed, _) = await this.SendAsync(Sarah, HttpMethod.Post, $"/api/incidents/{id}/policy-review",
                """{"issuesIdentified":"Staff messaging pupils outside the platform","actions":[{"action":"Update the staff AUP","responsible":"Head teacher"}],"stakeholdersConsulted":["Governors"]}""");
        }

        Assert.Equal(HttpStatusCode.OK, reviewed);
        (_, JsonElement done) = await this.SendAsync(Omar, HttpMethod.Get, "/api/incidents/" + id);
        Assert.Equal("closed", done.GetProperty("status").GetString());
        Assert.Contains(id, await this.ListedAsync("status=closed"));
        Assert.DoesNotContain(id, await this.ListedAsync("status=concluded"));

        // The reporter sees where it stands, not what was decided.
        (_, JsonElement asReporter) = await this.SendAsync(Amy, HttpMethod.Get, "/api/incidents/" + id);
        Assert.Equal("closed", asReporter.GetProperty("status").GetString());
        Assert.False(asReporter.TryGetProperty("conclusion", out _));
    }

    [Fact]
    public async Task A_correction_is_an_amendment_with_the_old_and_new_value_and_bad_corrections_change_nothing()
    {
        string id = await this.ReportStaffAllegationAsync();
        await this.WaitForPlanAsync(id);
        string corrections = $"/api/incidents/{id}/corrections";
        (HttpStatusCode byStaff, _) = await this.SendAsync(Amy, HttpMethod.Post, corrections, """{"reason":"Mine","changes":{"technology":"Phone"}}""");
        (HttpStatusCode byOtherAgency, _) = await this.SendAsync(Rita, HttpMethod.Post, corrections, """{"reason":"Not mine","changes":{"technology":"Phone"}}""");
        (HttpStatusCode noReason, JsonElement noReasonProblem) = await this.SendAsync(Omar, HttpMethod.Post, corrections, """{"changes":{"technology":"Phone"}}""");
        (HttpStatusCode unknownField, JsonElement unknownProblem) = await this.SendAsync(Omar, HttpMethod.Post, corrections, """{"reason":"x","changes":{"agencyId":"riverside"}}""");
        (HttpStatusCode notAnObject, _) = await this.SendAsync(Omar, HttpMethod.Post, corrections, """{"reason":"x","changes":5}""");
        (HttpStatusCode same, JsonElement sameProblem) = await this.SendAsync(Omar, HttpMethod.Post, corrections, """{"reason":"x","changes":{"technology":"Class chat app"}}""");
        (HttpStatusCode badDate, _) = await this.SendAsync(Omar, HttpMethod.Post, corrections, """{"reason":"x","changes":{"occurredAt":"yesterday"}}""");
        (HttpStatusCode corrected, JsonElement incident) = await this.SendAsync(Sarah, HttpMethod.Post, corrections,
            """{"reason":"It happened on the pupil's own phone","changes":{"technology":"Pupil's own phone","occurredAt":"2026-11-19T16:30:00Z"}}""");

        Assert.Equal(HttpStatusCode.Forbidden, byStaff);
        Assert.Equal(HttpStatusCode.Forbidden, byOtherAgency);
        Assert.Equal(HttpStatusCode.BadRequest, noReason);
        Assert.Equal("Enter why the report is being corrected", noReasonProblem.GetProperty("errors").GetProperty("reason")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, unknownField);
        Assert.True(unknownProblem.GetProperty("errors").TryGetProperty("changes.agencyId", out _));
        Assert.Equal(HttpStatusCode.BadRequest, notAnObject);
        Assert.Equal(HttpStatusCode.BadRequest, same);
        Assert.Equal("The corrections are the same as what is recorded", sameProblem.GetProperty("errors").GetProperty("changes")[0].GetString());
        Assert.Equal(HttpStatusCode.BadRequest, badDate);
        Assert.Equal(HttpStatusCode.OK, corrected);
        Assert.Equal("Pupil's own phone", incident.GetProperty("technology").GetString());
        Assert.Equal(["occurredAt", "technology"], incident.GetProperty("amendments").EnumerateArray().Select(a => a.GetProperty("field").GetString()));
        JsonElement technology = incident.GetProperty("amendments")[1];
        Assert.Equal("Class chat app", technology.GetProperty("old").GetString());
        Assert.Equal("Pupil's own phone", technology.GetProperty("new").GetString());
        Assert.Equal(Sarah.PersonId, technology.GetProperty("amendedBy").GetString());
        Assert.Equal("It happened on the pupil's own phone", technology.GetProperty("reason").GetString());
        Assert.Equal("lado", incident.GetProperty("route").GetString()); // not an answer to the flowchart: the plan stands

        (_, JsonElement read) = await this.SendAsync(Omar, HttpMethod.Get, "/api/incidents/" + id);
        Assert.Equal(2, read.GetProperty("amendments").GetArrayLength());
        Assert.Equal(DateTimeOffset.Parse("2026-11-19T16:30:00Z", System.Globalization.CultureInfo.InvariantCulture), read.GetProperty("occurredAt").GetDateTimeOffset());
        (_, JsonElement asReporter) = await this.SendAsync(Amy, HttpMethod.Get, "/api/incidents/" + id);
        Assert.Equal(0, asReporter.GetProperty("amendments").GetArrayLength());
    }

    [Fact]
    public async Task An_emailed_report_is_triaged_before_its_answers_can_be_corrected_and_a_second_conclusion_keeps_the_first()
    {
        string id = await this.EmailedIncidentAsync();
        (HttpStatusCode beforeTriage, JsonElement problem) = await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/corrections",
            """{"reason":"x","changes":{"concerns":{"illegalSuspected":false,"staffInvolved":false,"childAtRiskOfSignificantHarm":false,"urgent":false}}}""");
        Assert.Equal(HttpStatusCode.Conflict, beforeTriage);
        Assert.Equal("Not triaged yet", problem.GetProperty("title").GetString());

        await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/triage",
            """{"illegalSuspected":false,"staffInvolved":false,"childAtRiskOfSignificantHarm":false,"urgent":false}""");
        await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/conclusion", """{"conclusion":"Words with the pupils."}""");
        (_, JsonElement incident) = await this.SendAsync(Sarah, HttpMethod.Post, $"/api/incidents/{id}/conclusion", """{"conclusion":"Words with the pupils; parents told."}""");

        Assert.Equal("Words with the pupils; parents told.", incident.GetProperty("conclusion").GetString());
        Assert.Equal(["Words with the pupils.", "Words with the pupils; parents told."], incident.GetProperty("conclusions").EnumerateArray().Select(c => c.GetProperty("conclusion").GetString()));
        Assert.Equal([Omar.PersonId, Sarah.PersonId], incident.GetProperty("conclusions").EnumerateArray().Select(c => c.GetProperty("recordedBy").GetString()));
    }

    [Fact]
    public async Task A_not_sure_answer_awaits_the_officers_triage_which_needs_yes_or_no_and_keeps_the_reporters_answers()
    {
        System.Text.Json.Nodes.JsonObject report = IncidentApiTests.ValidReport();
        report["concerns"]!["childAtRiskOfSignificantHarm"] = null;
        (HttpStatusCode status, JsonElement accepted) = await this.SendAsync(Amy, HttpMethod.Post, "/api/incidents", report.ToJsonString());
        Assert.Equal(HttpStatusCode.Accepted, status);
        Assert.Equal("awaiting-triage", accepted.GetProperty("status").GetString());
        string id = accepted.GetProperty("incidentId").GetString()!;
        (_, JsonElement read) = await this.SendAsync(Omar, HttpMethod.Get, "/api/incidents/" + id);
        Assert.Equal(JsonValueKind.Null, read.GetProperty("concerns").GetProperty("childAtRiskOfSignificantHarm").ValueKind);
        Assert.Contains(id, await this.ListedAsync("status=awaiting-triage"));

        // The officer's answers decide the response, so a "Not sure" is refused there and nothing changes.
        (HttpStatusCode notSure, JsonElement problem) = await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/triage",
            """{"illegalSuspected":false,"staffInvolved":false,"childAtRiskOfSignificantHarm":null,"urgent":false}""");
        Assert.Equal(HttpStatusCode.BadRequest, notSure);
        Assert.True(problem.GetProperty("errors").TryGetProperty("concerns.childAtRiskOfSignificantHarm", out _));
        (_, JsonElement unchanged) = await this.SendAsync(Omar, HttpMethod.Get, "/api/incidents/" + id);
        Assert.Equal("awaiting-triage", unchanged.GetProperty("status").GetString());

        (HttpStatusCode triaged, _) = await this.SendAsync(Omar, HttpMethod.Post, $"/api/incidents/{id}/triage",
            """{"illegalSuspected":false,"staffInvolved":false,"childAtRiskOfSignificantHarm":true,"urgent":true}""");
        Assert.Equal(HttpStatusCode.Accepted, triaged);
        JsonElement planned = await this.WaitForPlanAsync(id);
        Assert.Equal("first-response", planned.GetProperty("route").GetString());
        JsonElement amendment = Assert.Single(planned.GetProperty("amendments").EnumerateArray());
        Assert.Equal("concerns", amendment.GetProperty("field").GetString());
        Assert.Equal(JsonValueKind.Null, amendment.GetProperty("old").GetProperty("childAtRiskOfSignificantHarm").ValueKind);
        Assert.True(amendment.GetProperty("new").GetProperty("childAtRiskOfSignificantHarm").GetBoolean());
        Assert.Equal(Omar.PersonId, amendment.GetProperty("amendedBy").GetString());
    }

    [Fact]
    public async Task The_reporter_adds_further_information_to_their_own_report_and_nobody_else_can()
    {
        string id = await this.ReportStaffAllegationAsync();
        string path = $"/api/incidents/{id}/addenda";
        Person colleague = SampleBoard.InRole(SampleBoard.Northfield, Role.Technician);

        (HttpStatusCode empty, JsonElement problem) = await this.SendAsync(Amy, HttpMethod.Post, path, """{"text":"  "}""");
        (HttpStatusCode byColleague, _) = await this.SendAsync(colleague, HttpMethod.Post, path, """{"text":"I heard about it too"}""");
        (HttpStatusCode byOfficer, _) = await this.SendAsync(Omar, HttpMethod.Post, path, """{"text":"Officer's note"}""");
        (HttpStatusCode added, JsonElement asReporter) = await this.SendAsync(Amy, HttpMethod.Post, path, """{"text":"The pupil showed me a second message this morning."}""");

        Assert.Equal(HttpStatusCode.BadRequest, empty);
        Assert.True(problem.GetProperty("errors").TryGetProperty("text", out _));
        Assert.Equal(HttpStatusCode.Forbidden, byColleague);
        Assert.Equal(HttpStatusCode.Forbidden, byOfficer);
        Assert.Equal(HttpStatusCode.Created, added);
        JsonElement addendum = Assert.Single(asReporter.GetProperty("addenda").EnumerateArray());
        Assert.Equal("The pupil showed me a second message this morning.", addendum.GetProperty("text").GetString());
        Assert.Equal(Amy.PersonId, addendum.GetProperty("addedBy").GetString());
        Assert.Equal(0, asReporter.GetProperty("actions").GetArrayLength()); // the officer's record stays theirs

        (_, JsonElement asOfficer) = await this.SendAsync(Omar, HttpMethod.Get, "/api/incidents/" + id);
        Assert.Single(asOfficer.GetProperty("addenda").EnumerateArray());
        Assert.Contains(asOfficer.GetProperty("actions").EnumerateArray(), a =>
            a.GetProperty("description").GetString() == "The reporter added further information to the report" && a.GetProperty("takenBy").GetString() == Amy.PersonId);
    }
}
