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
        Assert.Equal("reported", incident.GetProperty("status").GetString());
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
}
