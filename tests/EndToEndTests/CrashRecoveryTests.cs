using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.EndToEndTests;

/// <summary>
/// R1: 200 incidents in flight across both agencies, half of them needing a LADO notice, while the runtime is
/// SIGKILLed five times. Afterwards every incident has its plan; every LADO referral was delivered exactly once or
/// flagged to the officer to confirm (never silently twice, never lost); every agency's audit chain verifies.
/// </summary>
public sealed class CrashRecoveryTests
{
    const int Incidents = 200;
    const string LadoMailbox = "lado@county-council.example";
    static readonly Person[] Reporters = [SampleBoard.InRole(SampleBoard.Northfield, Role.Staff), SampleBoard.InRole(SampleBoard.Riverside, Role.Staff)];

    [Fact]
    public async Task Two_hundred_incidents_survive_five_SIGKILLs_with_every_plan_made_and_no_referral_lost_or_silently_doubled()
    {
        await using SmtpSink mail = new();
        LocalRuntimeProcess runtime = LocalRuntimeProcess.CreateIsolated(new Dictionary<string, string>
        {
            ["Email__Provider"] = "smtp", ["Email__SmtpHost"] = "127.0.0.1", ["Email__SmtpPort"] = mail.Port.ToString(CultureInfo.InvariantCulture),
        });
        List<LocalRuntimeProcess> runtimes = [runtime];
        try
        {
            await runtime.StartAsync();
            ConcurrentDictionary<int, string> accepted = [];
            using CancellationTokenSource submitting = new();
            int next = -1;
            async Task SubmitterAsync()
            {
                int n;
                while ((n = Interlocked.Increment(ref next)) < Incidents)
                {
                    // A real client retries with the same key until the report is accepted.
                    string key = "r1-" + n.ToString(CultureInfo.InvariantCulture);
                    while (true)
                    {
                        try
                        {
                            if (await ReportAsync(runtimes[^1], n, key) is { } incidentId)
                            {
                                accepted[n] = incidentId;
                                break;
                            }
                        }
                        catch (HttpRequestException)
                        {
                            // The runtime is down (killed, restarting): try again.
                        }

                        await Task.Delay(200);
                    }
                }
            }

            Task submitters = Task.WhenAll(Enumerable.Range(0, 8).Select(_ => SubmitterAsync()));
            Random random = new(20261202);
            for (int kill = 0; kill < 5; kill++)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(1500 + random.Next(2500)));
                await runtimes[^1].KillAsync();
                LocalRuntimeProcess restarted = LocalRuntimeProcess.CreateIsolated(runtime.Settings);
                runtimes.Add(restarted);
                await restarted.StartAsync();
            }

            await submitters;
            LocalRuntimeProcess last = runtimes[^1];

            Dictionary<string, (string AgencyId, JsonElement Incident)> planned = [];
            foreach ((int n, string incidentId) in accepted)
            {
                string agencyId = Reporters[n % 2].AgencyId;
                planned[incidentId] = (agencyId, await PollAsync(last, agencyId, incidentId, i => i.TryGetProperty("route", out JsonElement r) && r.ValueKind == JsonValueKind.String));
            }

            foreach ((string incidentId, (string agencyId, JsonElement incident)) in planned.Where(p => p.Value.Incident.GetProperty("route").GetString() == "lado"))
            {
                string reference = incident.GetProperty("reference").GetString()!;

                // Delivered (a notice arrived) or handed to the officer (a task to confirm, or to phone).
                JsonElement settled = await PollAsync(last, agencyId, incidentId, i => LadoNotices(mail, reference) > 0 || HasManualReferral(i));
                int notices = LadoNotices(mail, reference);
                Assert.True(notices == 1 || HasManualReferral(settled), $"{reference}: {notices} LADO notices and no task for the officer to confirm");
            }

            Assert.Equal(Incidents, planned.Count);
            Assert.Equal(Incidents / 2, planned.Values.Count(p => p.Incident.GetProperty("route").GetString() == "lado"));
            foreach (string agencyId in new[] { SampleBoard.Northfield.AgencyId, SampleBoard.Riverside.AgencyId })
            {
                using HttpResponseMessage verified = await last.Http.SendAsync(LocalRuntimeProcess.As(SampleBoard.BoardAdmin.SignInName, HttpMethod.Get, $"/api/agencies/{agencyId}/audit/verification"));
                JsonElement result = JsonDocument.Parse(await verified.Content.ReadAsStringAsync()).RootElement;
                Assert.True(result.GetProperty("intact").GetBoolean(), agencyId + ": " + result);
            }
        }
        finally
        {
            foreach (LocalRuntimeProcess process in runtimes.AsEnumerable().Reverse())
            {
                await process.DisposeAsync();
            }
        }
    }

    static async Task<string?> ReportAsync(LocalRuntimeProcess runtime, int n, string key)
    {
        Person reporter = Reporters[n % 2];
        JsonObject report = IncidentApiTests.ValidReport(reporter.AgencyId, "Incident " + n.ToString(CultureInfo.InvariantCulture));
        report["concerns"] = n % 4 < 2
            ? new JsonObject { ["illegalSuspected"] = false, ["staffInvolved"] = true, ["ladoThreshold"] = new JsonArray("harmed-a-child"), ["childAtRiskOfSignificantHarm"] = false, ["urgent"] = false }
            : new JsonObject { ["illegalSuspected"] = false, ["staffInvolved"] = false, ["childAtRiskOfSignificantHarm"] = false, ["urgent"] = false };
        using HttpRequestMessage request = LocalRuntimeProcess.As(reporter.SignInName, HttpMethod.Post, "/api/incidents",
            new StringContent(report.ToJsonString(), Encoding.UTF8, "application/json"));
        request.Headers.Add("Idempotency-Key", key);
        using HttpResponseMessage response = await runtime.Http.SendAsync(request);
        return response.StatusCode == HttpStatusCode.Accepted
            ? JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("incidentId").GetString()
            : null;
    }

    static int LadoNotices(SmtpSink mail, string reference) =>
        mail.Messages.Count(m => m.To.Mailboxes.Any(a => a.Address == LadoMailbox) && (m.Subject ?? string.Empty).Contains(reference, StringComparison.Ordinal));

    static bool HasManualReferral(JsonElement incident) =>
        incident.GetProperty("tasks").EnumerateArray().Any(t => t.GetProperty("kind").GetString() == "manual-referral");

    static async Task<JsonElement> PollAsync(LocalRuntimeProcess runtime, string agencyId, string incidentId, Func<JsonElement, bool> until)
    {
        Person officer = SampleBoard.InRole(SampleBoard.Agencies.Single(a => a.AgencyId == agencyId), Role.EsafetyOfficer);
        DateTime deadline = DateTime.UtcNow.AddSeconds(90);
        string last = string.Empty;
        while (DateTime.UtcNow < deadline)
        {
            using HttpResponseMessage response = await runtime.Http.SendAsync(LocalRuntimeProcess.As(officer.SignInName, HttpMethod.Get, "/api/incidents/" + incidentId));
            last = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.OK && until(JsonDocument.Parse(last).RootElement))
            {
                return JsonDocument.Parse(last).RootElement.Clone();
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Incident {incidentId} did not reach the expected state. Last answer: {last}");
    }
}
