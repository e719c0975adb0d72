using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.Local.Azurite;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.EndToEndTests;

/// <summary>
/// An accepted incident always gets its response, whatever happens between storing it and starting its workflow:
/// the reconciliation finds it and starts the workflow within a minute, exactly once.
/// </summary>
public sealed class SubmissionRecoveryTests
{
    static readonly Person Amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
    static readonly Person Officer = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);
    static readonly TimeSpan WithinAMinuteAndAHalf = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task An_incident_stored_but_never_started_is_found_and_its_response_runs_once_with_one_creation_entry()
    {
        await using LocalRuntimeProcess runtime = LocalRuntimeProcess.CreateIsolated();
        await runtime.StartAsync();
        StorageTables tables = new(new Azure.Data.Tables.TableServiceClient(ConnectionString(runtime)));

        // What a crash between storing the incident and starting its workflow leaves behind.
        DateTimeOffset now = DateTimeOffset.UtcNow;
        Incident incident = (await new TableIncidentStore(tables).CreateAsync(new Incident
        {
            IncidentId = IncidentIds.NewId(now),
            AgencyId = SampleBoard.Northfield.AgencyId,
            Reference = string.Empty,
            Source = IncidentSource.Form,
            SubmittedAt = now,
            ReportedBy = Amy.PersonId,
            Report = new IncidentReport(now.AddHours(-1), "A member of staff messaged a pupil privately", HowIdentified.Disclosure, null, [],
                new Concerns(false, [], null, true, [LadoThreshold.HarmedAChild], false, false)),
        }, "crashed-submission", CancellationToken.None)).Incident;

        JsonElement recovered = await WaitForPlanAsync(runtime, incident.IncidentId);

        Assert.Equal("lado", recovered.GetProperty("route").GetString());
        Assert.Contains(recovered.GetProperty("escalations").EnumerateArray(), e => e.GetProperty("target").GetString() == "lado");
        IReadOnlyList<AuditEntry> trail = await new TableAuditTrail(tables, TimeProvider.System).ReadAsync(SampleBoard.Northfield.AgencyId, CancellationToken.None);
        Assert.Single(trail, e => e.Event.Action == AuditActions.Create && e.Event.Subject == incident.IncidentId);
    }

    [Fact]
    public async Task Thirty_allegations_accepted_at_once_then_a_SIGKILL_all_get_their_LADO_referral_after_the_restart()
    {
        await using LocalRuntimeProcess first = LocalRuntimeProcess.CreateIsolated();
        await first.StartAsync();

        string[] accepted = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => ReportAllegationAsync(first, i)));
        await first.KillAsync();
        await using LocalRuntimeProcess restarted = LocalRuntimeProcess.CreateIsolated(first.Settings);
        await restarted.StartAsync();

        foreach (string incidentId in accepted)
        {
            JsonElement incident = await WaitForPlanAsync(restarted, incidentId);
            Assert.Contains(incident.GetProperty("escalations").EnumerateArray(), e => e.GetProperty("target").GetString() == "lado");
        }
    }

    static string ConnectionString(LocalRuntimeProcess runtime) => AzuriteProcess.ConnectionStringFor(
        int.Parse(runtime.Settings["Local__AzuriteBlobPort"], CultureInfo.InvariantCulture),
        int.Parse(runtime.Settings["Local__AzuriteQueuePort"], CultureInfo.InvariantCulture),
        int.Parse(runtime.Settings["Local__AzuriteTablePort"], CultureInfo.InvariantCulture));

    static async Task<string> ReportAllegationAsync(LocalRuntimeProcess runtime, int n)
    {
        JsonObject report = IncidentApiTests.ValidReport();
        report["description"] = "Allegation " + n.ToString(CultureInfo.InvariantCulture);
        report["concerns"] = new JsonObject
        {
            ["illegalSuspected"] = false, ["illegalKinds"] = new JsonArray(), ["staffInvolved"] = true,
            ["ladoThreshold"] = new JsonArray("harmed-a-child"), ["childAtRiskOfSignificantHarm"] = false, ["urgent"] = false,
        };
        using HttpResponseMessage created = await runtime.Http.SendAsync(LocalRuntimeProcess.As(Amy.SignInName, HttpMethod.Post, "/api/incidents",
            new StringContent(report.ToJsonString(), Encoding.UTF8, "application/json")));
        string body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("incidentId").GetString()!;
    }

    static async Task<JsonElement> WaitForPlanAsync(LocalRuntimeProcess runtime, string incidentId)
    {
        DateTime until = DateTime.UtcNow + WithinAMinuteAndAHalf;
        string last = string.Empty;
        while (DateTime.UtcNow < until)
        {
            using HttpResponseMessage response = await runtime.Http.SendAsync(LocalRuntimeProcess.As(Officer.SignInName, HttpMethod.Get, "/api/incidents/" + incidentId));
            last = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                JsonElement incident = JsonDocument.Parse(last).RootElement.Clone();
                if (incident.TryGetProperty("route", out JsonElement route) && route.ValueKind == JsonValueKind.String)
                {
                    return incident;
                }
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"Incident {incidentId} got no response plan within {WithinAMinuteAndAHalf}. Last answer: {last}");
    }
}
