using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;
using MimeKit;

namespace EsafetyServerless.EndToEndTests;

/// <summary>
/// R3: the outgoing mail server is down while incidents are reported (the runtime sends through SMTP to a server that
/// answers every message with a temporary 421, then accepts again). No workflow fails, the plans and referrals go ahead
/// during the outage, and once it ends every notice — the officer's, the LADO's and First Response's, the officer's
/// alerts for referrals to make by phone, the senior manager's policy review — is delivered exactly once.
/// The outage and the retry timings are shrunk (README, "Email never stops a response"): in production a notice is retried after a
/// minute, then every 2, 4… up to 30 minutes, for four hours.
/// </summary>
public sealed class MailOutageTests : IAsyncLifetime, IDisposable
{
    static readonly Person Amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
    static readonly Person Officer = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);
    static readonly Person Manager = SampleBoard.InRole(SampleBoard.Northfield, Role.SeniorManager);

    /// <summary>Five minutes in the scenario; shorter here, within the escalation transport's own ~3 minutes of retries.</summary>
    static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);

    readonly SmtpSink mail = new() { Unavailable = true };
    LocalRuntimeProcess runtime = null!;

    public async Task InitializeAsync()
    {
        this.runtime = LocalRuntimeProcess.CreateIsolated(new Dictionary<string, string>
        {
            ["Email__Provider"] = "smtp",
            ["Email__SmtpHost"] = "127.0.0.1",
            ["Email__SmtpPort"] = this.mail.Port.ToString(CultureInfo.InvariantCulture),
            ["Response__NoticeRetryFirst"] = "00:00:02",
            ["Response__NoticeRetryLongest"] = "00:00:05",
            ["Response__NoticeRetryFor"] = "00:10:00",
        });
        await this.runtime.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await this.runtime.DisposeAsync();
        await this.mail.DisposeAsync();
    }

    void IDisposable.Dispose()
    {
        // DisposeAsync (IAsyncLifetime) has already stopped the runtime and the SMTP server.
    }

    [Fact]
    public async Task While_the_mail_server_is_down_no_workflow_fails_and_every_notice_is_delivered_once_after_it_returns()
    {
        DateTime outageEnds = DateTime.UtcNow + Outage;
        string allegation = await this.ReportAsync(illegal: true, staff: true);
        string childAtRisk = await this.ReportAsync(illegal: false, staff: false);

        // During the outage: both plans recorded, every referral under way, nothing failed.
        JsonElement[] planned = [await this.PlannedAsync(allegation), await this.PlannedAsync(childAtRisk)];
        Assert.True(this.mail.RefusedWhileUnavailable > 0, "the mail server was asked and refused");
        Assert.Empty(this.mail.Messages);
        await Task.Delay(outageEnds - DateTime.UtcNow is { Ticks: > 0 } left ? left : TimeSpan.Zero);
        this.mail.Unavailable = false;

        List<(string To, string Subject)> expected = [];
        foreach (JsonElement incident in planned)
        {
            string reference = incident.GetProperty("reference").GetString()!;
            expected.Add((Officer.Email, "New e-safety incident " + reference));
            expected.Add((Manager.Email, "Policy review needed after serious incident " + reference));
            foreach (JsonElement escalation in incident.GetProperty("escalations").EnumerateArray())
            {
                string target = escalation.GetProperty("target").GetString()!;
                expected.Add(SampleBoard.Channels.Single(c => WireName(c.Target) == target) is { Address: { } address }
                    ? (address, "E-safety referral " + reference)
                    : (Officer.Email, $"Action needed: refer {reference} to "));
            }
        }

        DateTime until = DateTime.UtcNow.AddSeconds(75);
        while (DateTime.UtcNow < until && expected.Any(e => this.Count(e) < expected.Count(x => x == e)))
        {
            await Task.Delay(250);
        }

        await Task.Delay(TimeSpan.FromSeconds(4)); // A notice sent twice would arrive in this time.
        IReadOnlyCollection<MimeMessage> received = this.mail.Messages;
        Assert.All(expected.Distinct(), e => Assert.True(this.Count(e) == expected.Count(x => x == e),
            $"{e.To} \"{e.Subject}…\": {this.Count(e)} received; all: {string.Join(" | ", received.Select(m => m.To + " " + m.Subject))}"));
        Assert.All(received.GroupBy(m => m.To + " " + m.Subject), g => Assert.Single(g));

        JsonElement health = await this.JsonAsync(null, "/api/health");
        Assert.Equal(0, health.GetProperty("workflows").GetProperty("failedResponses").GetInt32());
        foreach (string incidentId in new[] { allegation, childAtRisk })
        {
            JsonElement incident = await this.JsonAsync(Officer, "/api/incidents/" + incidentId);
            Assert.All(incident.GetProperty("escalations").EnumerateArray(), e => Assert.NotEqual("failed", e.GetProperty("state").GetString()));
        }
    }

    int Count((string To, string Subject) expected) =>
        this.mail.Messages.Count(m => m.To.Mailboxes.Any(a => a.Address == expected.To) && m.Subject?.StartsWith(expected.Subject, StringComparison.Ordinal) == true);

    static string WireName(Workflows.Incidents.EscalationTarget target) => Workflows.Platform.WireNames.Of(target);

    async Task<string> ReportAsync(bool illegal, bool staff)
    {
        JsonObject report = IncidentApiTests.ValidReport();
        report["concerns"] = new JsonObject
        {
            ["illegalSuspected"] = illegal, ["illegalKinds"] = illegal ? new JsonArray("indecent-images-of-children") : new JsonArray(), ["staffInvolved"] = staff,
            ["ladoThreshold"] = staff ? new JsonArray("harmed-a-child") : new JsonArray(), ["childAtRiskOfSignificantHarm"] = !illegal, ["urgent"] = true,
        };
        using HttpResponseMessage created = await this.runtime.Http.SendAsync(LocalRuntimeProcess.As(Amy.SignInName, HttpMethod.Post, "/api/incidents",
            new StringContent(report.ToJsonString(), Encoding.UTF8, "application/json")));
        string body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Accepted, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("incidentId").GetString()!;
    }

    /// <summary>The incident once its plan is recorded and every escalation has left the queue (sent, or a task for the officer).</summary>
    async Task<JsonElement> PlannedAsync(string incidentId)
    {
        DateTime until = DateTime.UtcNow.AddSeconds(20);
        JsonElement incident = default;
        while (DateTime.UtcNow < until)
        {
            incident = await this.JsonAsync(Officer, "/api/incidents/" + incidentId);
            if (incident.TryGetProperty("route", out JsonElement route) && route.ValueKind == JsonValueKind.String
                && incident.GetProperty("escalations").EnumerateArray().All(e => e.GetProperty("state").GetString() != "queued"))
            {
                return incident;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Incident {incidentId} was not planned and referred during the outage: {incident}");
    }

    async Task<JsonElement> JsonAsync(Person? person, string path)
    {
        using HttpRequestMessage request = person is null ? new HttpRequestMessage(HttpMethod.Get, path) : LocalRuntimeProcess.As(person.SignInName, HttpMethod.Get, path);
        using HttpResponseMessage response = await this.runtime.Http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, path + ": " + body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
