using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Links;

namespace EsafetyServerless.EndToEndTests;

/// <summary>
/// The response workflow's API against hostile input and the wrong people: nothing is acknowledged, completed or
/// reconfigured by a bad request, another agency's officer, or a changed or expired link.
/// </summary>
[Collection(LocalRuntimeCollection.Name)]
public sealed class ResponseApiTests(LocalRuntimeFixture fixture)
{
    static readonly Person Amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
    static readonly Person Omar = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);
    static readonly Person Sarah = SampleBoard.InRole(SampleBoard.Northfield, Role.SeniorManager);
    static readonly Person Rita = SampleBoard.InRole(SampleBoard.Riverside, Role.EsafetyOfficer);
    static readonly Person Mark = SampleBoard.InRole(SampleBoard.Riverside, Role.SeniorManager);
    static readonly SignedLinks Links = new(new LinkSigningOptions { SigningKey = LocalRuntimeFixture.LinkSigningKey });
    static readonly SemaphoreSlim Once = new(1, 1);
    static string? seriousIncidentId;

    HttpClient Http => fixture.Runtime.Http;

    /// <summary>A serious incident (a staff allegation over the LADO threshold) whose workflow has opened its tasks.</summary>
    async Task<string> SeriousIncidentAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (seriousIncidentId is not null)
            {
                return seriousIncidentId;
            }

            JsonObject report = IncidentApiTests.ValidReport();
            report["concerns"] = new JsonObject
            {
                ["illegalSuspected"] = false, ["illegalKinds"] = new JsonArray(), ["staffInvolved"] = true,
                ["ladoThreshold"] = new JsonArray("risk-of-harm"), ["childAtRiskOfSignificantHarm"] = false, ["urgent"] = false,
            };
            (_, JsonElement created) = await this.SendAsync(Amy, HttpMethod.Post, "/api/incidents", report.ToJsonString());
            string id = created.GetProperty("incidentId").GetString()!;
            for (int i = 0; i < 120; i++)
            {
                (_, JsonElement incident) = await this.SendAsync(Omar, HttpMethod.Get, "/api/incidents/" + id);
                if (incident.GetProperty("tasks").EnumerateArray().Any(t => t.GetProperty("kind").GetString() == "post-incident-review"))
                {
                    return seriousIncidentId = id;
                }

                await Task.Delay(250);
            }

            throw new TimeoutException("The workflow did not open the policy review for " + id);
        }
        finally
        {
            Once.Release();
        }
    }

    async Task<(HttpStatusCode Status, JsonElement Body)> SendAsync(Person person, HttpMethod method, string path, string? body = null, string contentType = "application/json")
    {
        HttpRequestMessage request = LocalRuntimeProcess.As(person.SignInName, method, path, body is null ? null : new ByteArrayContent(Encoding.UTF8.GetBytes(body)));
        if (request.Content is not null)
        {
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        using HttpResponseMessage response = await this.Http.SendAsync(request);
        string text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode < 500, $"{method} {path}: {(int)response.StatusCode} {text}");
        return (response.StatusCode, text.Length == 0 || !text.TrimStart().StartsWith('{') ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    public static TheoryData<string, string, string> HostileBodies() => new()
    {
        // endpoint (relative to the incident), body, content type
        { "escalations/{lado}/acknowledgement", "{\"externalReference\":", "application/json" },
        { "escalations/{lado}/acknowledgement", "{}", "application/json" },
        { "escalations/{lado}/acknowledgement", "{\"externalReference\":42}", "application/json" },
        { "escalations/{lado}/acknowledgement", "{\"externalReference\":\"   \"}", "application/json" },
        { "escalations/{lado}/acknowledgement", "{\"externalReference\":\"line\\nbreak\"}", "application/json" },
        { "escalations/{lado}/acknowledgement", "{\"externalReference\":\"" + new string('x', 101) + "\"}", "application/json" },
        { "escalations/{lado}/acknowledgement", "{\"externalReference\":\"\\ud800\"}", "application/json" },
        { "escalations/{lado}/acknowledgement", "{\"externalReference\":\"ok\",\"state\":\"acknowledged\"}", "application/json" },
        { "escalations/{lado}/acknowledgement", "externalReference=ok", "application/x-www-form-urlencoded" },
        { "escalations/no-such-escalation/acknowledgement", "{\"externalReference\":\"ok\"}", "application/json" },
        { "policy-review", "[]", "application/json" },
        { "policy-review", "{\"issuesIdentified\":\"x\"}", "application/json" },
        { "policy-review", "{\"issuesIdentified\":\"x\",\"stakeholdersConsulted\":\"Governors\"}", "application/json" },
        { "policy-review", "{\"issuesIdentified\":\"x\",\"stakeholdersConsulted\":[1,2]}", "application/json" },
        { "policy-review", "{\"issuesIdentified\":\"x\",\"stakeholdersConsulted\":[\"Staff\"],\"actions\":[{\"action\":\"Do it\"}]}", "application/json" },
        { "policy-review", "{\"issuesIdentified\":\"x\",\"stakeholdersConsulted\":[\"Staff\"],\"actions\":\"all of them\"}", "application/json" },
        { "policy-review", "{\"issuesIdentified\":\"" + new string('x', 9000) + "\",\"stakeholdersConsulted\":[\"Staff\"]}", "application/json" },
        { "policy-review/delegation", "{\"personId\":\"amy.staff\"}", "application/json" },
        { "policy-review/delegation", "{\"personId\":\"rita.officer\"}", "application/json" },
        { "policy-review/delegation", "{\"personId\":null}", "application/json" },
    };

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task Each_hostile_request_gets_a_4xx_problem_and_changes_nothing(string endpoint, string body, string contentType)
    {
        string incidentId = await this.SeriousIncidentAsync();
        string path = $"/api/incidents/{incidentId}/" + endpoint.Replace("{lado}", incidentId + "-lado", StringComparison.Ordinal);

        (HttpStatusCode status, _) = await this.SendAsync(Sarah, HttpMethod.Post, path, body, contentType);

        Assert.True((int)status is >= 400 and < 500, $"{endpoint} {body}: {status}");
        (_, JsonElement incident) = await this.SendAsync(Omar, HttpMethod.Get, "/api/incidents/" + incidentId);
        Assert.NotEqual("acknowledged", incident.GetProperty("escalations").EnumerateArray().Single().GetProperty("state").GetString());
        Assert.False(incident.TryGetProperty("policyReview", out _));
        JsonElement review = incident.GetProperty("tasks").EnumerateArray().Single(t => t.GetProperty("kind").GetString() == "post-incident-review");
        Assert.False(review.TryGetProperty("delegation", out _));
    }

    [Theory]
    [InlineData("escalations/{lado}/acknowledgement", "{\"externalReference\":\"RIVERSIDE-1\"}")]
    [InlineData("policy-review", "{\"issuesIdentified\":\"x\",\"stakeholdersConsulted\":[\"Staff\"]}")]
    public async Task Another_agencys_officer_and_senior_manager_are_refused(string endpoint, string body)
    {
        string incidentId = await this.SeriousIncidentAsync();
        string path = $"/api/incidents/{incidentId}/" + endpoint.Replace("{lado}", incidentId + "-lado", StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await this.SendAsync(Rita, HttpMethod.Post, path, body)).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await this.SendAsync(Mark, HttpMethod.Post, path, body)).Status);
    }

    [Fact]
    public async Task A_changed_link_is_refused_with_403_an_expired_one_with_410_and_neither_acknowledges()
    {
        string incidentId = await this.SeriousIncidentAsync();
        string expired = Links.Sign(EscalationDispatcher.LinkPurpose, incidentId + "-lado", DateTimeOffset.UtcNow.AddMinutes(-1));
        string forOtherPurpose = Links.Sign("disclosure", incidentId + "-lado", DateTimeOffset.UtcNow.AddDays(1));
        string valid = Links.Sign(EscalationDispatcher.LinkPurpose, incidentId + "-lado", DateTimeOffset.UtcNow.AddDays(1));
        string changed = valid.Replace(incidentId + "-lado", incidentId + "-police", StringComparison.Ordinal);

        using HttpResponseMessage gone = await this.Http.GetAsync(new Uri("/referrals/" + expired, UriKind.Relative));
        using HttpResponseMessage wrongPurpose = await this.Http.GetAsync(new Uri("/referrals/" + forOtherPurpose, UriKind.Relative));
        using HttpResponseMessage tampered = await this.Http.PostAsync(new Uri("/referrals/" + changed, UriKind.Relative), new FormUrlEncodedContent([new("reference", "FORGED")]));
        using HttpResponseMessage noToken = await this.Http.GetAsync(new Uri("/referrals/escalation.x.1.%E2%82%AC", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Gone, gone.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, wrongPurpose.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, noToken.StatusCode);
        Assert.Contains("This link has expired", await gone.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        (_, JsonElement incident) = await this.SendAsync(Omar, HttpMethod.Get, "/api/incidents/" + incidentId);
        Assert.DoesNotContain(incident.GetProperty("escalations").EnumerateArray(), e => e.GetProperty("state").GetString() == "acknowledged");
    }

    [Fact]
    public async Task The_board_admin_configures_channels_through_the_API_with_field_errors_for_a_bad_mailbox()
    {
        (HttpStatusCode bad, JsonElement problem) = await this.SendAsync(SampleBoard.BoardAdmin, HttpMethod.Put, "/api/escalation-channels/ceop", "{\"channel\":\"email\",\"address\":\"ceop at example\"}");
        (HttpStatusCode unknown, _) = await this.SendAsync(SampleBoard.BoardAdmin, HttpMethod.Put, "/api/escalation-channels/fbi", "{\"channel\":\"manual\"}");
        (HttpStatusCode ok, JsonElement saved) = await this.SendAsync(SampleBoard.BoardAdmin, HttpMethod.Put, "/api/escalation-channels/ceop", "{\"channel\":\"manual\"}");

        Assert.Equal(HttpStatusCode.BadRequest, bad);
        Assert.True(problem.GetProperty("errors").TryGetProperty("address", out _));
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal(HttpStatusCode.OK, ok);
        Assert.Equal("manual", saved.GetProperty("channel").GetString());
        Assert.StartsWith("Report to CEOP", saved.GetProperty("instructions").GetString(), StringComparison.Ordinal);
    }
}
