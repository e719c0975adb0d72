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
/// The response workflow through the local runtime as a process: illegal images suspected and a member of staff
/// meeting the LADO threshold. The police and CEOP become the officer's tasks (the sample board reaches them by phone
/// and online form); the LADO's notice arrives in a real SMTP server; following its link acknowledges it.
/// </summary>
public sealed class EscalationEndToEndTests : IAsyncLifetime, IDisposable
{
    static readonly Person Amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
    static readonly Person Omar = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);
    const string LadoMailbox = "lado@county-council.example";

    readonly SmtpSink mail = new();
    LocalRuntimeProcess runtime = null!;

    public async Task InitializeAsync()
    {
        this.runtime = LocalRuntimeProcess.CreateIsolated(new Dictionary<string, string>
        {
            ["Email__Provider"] = "smtp",
            ["Email__SmtpHost"] = "127.0.0.1",
            ["Email__SmtpPort"] = this.mail.Port.ToString(CultureInfo.InvariantCulture),
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
    public async Task Police_and_CEOP_become_officer_tasks_and_the_LADO_notice_arrives_and_is_acknowledged_through_its_link()
    {
        string incidentId = await ReportAsync(this.runtime);

        MimeMessage notice = await this.LadoNoticeAsync();
        string[] titles = [];
        for (int i = 0; i < 120 && titles.Length < 2; i++)
        {
            // Each target's message is delivered on its own; the two referral tasks may come just after the notice.
            JsonElement tasks = await JsonAsync(this.runtime, Omar, "/api/tasks");
            titles = [.. tasks.GetProperty("tasks").EnumerateArray()
                .Where(t => t.GetProperty("subjectId").GetString() == incidentId && t.GetProperty("kind").GetString() == "manual-referral")
                .Select(t => t.GetProperty("title").GetString()!)];
            await Task.Delay(titles.Length < 2 ? 250 : 0);
        }

        Assert.Contains(titles, t => t.EndsWith("to the police", StringComparison.Ordinal));
        Assert.Contains(titles, t => t.EndsWith("to CEOP", StringComparison.Ordinal));

        string link = LinkIn(notice);
        await AcknowledgeThroughLinkAsync(this.runtime, link);

        JsonElement incident = await WaitForAsync(this.runtime, incidentId, i => Escalation(i, "lado").GetProperty("state").GetString() == "acknowledged");
        Assert.Equal("LADO/E2E/1", Escalation(incident, "lado").GetProperty("externalReference").GetString());
        Assert.Equal("email", Escalation(incident, "lado").GetProperty("channel").GetString());
        Assert.Equal("manual", Escalation(incident, "police").GetProperty("channel").GetString());
        Assert.True(incident.GetProperty("serious").GetBoolean());

        // The same link again shows the acknowledgement and accepts nothing new; a changed link is refused.
        using HttpResponseMessage again = await this.runtime.Http.GetAsync(new Uri(link, UriKind.Relative));
        Assert.Contains("Referral acknowledged", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using HttpResponseMessage tampered = await this.runtime.Http.GetAsync(new Uri(link[..^2] + (link[^2] == 'A' ? "B" : "A") + link[^1], UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
    }

    [Fact]
    public async Task The_flow_survives_a_SIGKILL_between_submission_and_acknowledgement_without_a_second_notice()
    {
        string incidentId = await ReportAsync(this.runtime);

        // Killed the moment the report is accepted: the workflow, the queued notice, or both are still to run.
        await this.runtime.KillAsync();
        await using LocalRuntimeProcess restarted = LocalRuntimeProcess.CreateIsolated(this.runtime.Settings);
        await restarted.StartAsync();
        MimeMessage notice = await this.LadoNoticeAsync();

        await AcknowledgeThroughLinkAsync(restarted, LinkIn(notice));
        JsonElement incident = await WaitForAsync(restarted, incidentId, i => Escalation(i, "lado").GetProperty("state").GetString() == "acknowledged");
        Assert.Equal(1, Escalation(incident, "lado").GetProperty("attempts").GetInt32());

        // Give a redelivered message time to be handled: still exactly one notice.
        await Task.Delay(TimeSpan.FromSeconds(8));
        Assert.Single(this.mail.Messages, m => m.To.Mailboxes.Any(a => a.Address == LadoMailbox) && m.Subject!.Contains(incident.GetProperty("reference").GetString()!, StringComparison.Ordinal));
    }

    static async Task<string> ReportAsync(LocalRuntimeProcess process)
    {
        JsonObject report = IncidentApiTests.ValidReport();
        report["concerns"] = new JsonObject
        {
            ["illegalSuspected"] = true, ["illegalKinds"] = new JsonArray("indecent-images-of-children"), ["staffInvolved"] = true,
            ["ladoThreshold"] = new JsonArray("harmed-a-child"), ["childAtRiskOfSignificantHarm"] = false, ["urgent"] = true,
        };
        using HttpResponseMessage created = await process.Http.SendAsync(LocalRuntimeProcess.As(Amy.SignInName, HttpMethod.Post, "/api/incidents",
            new StringContent(report.ToJsonString(), Encoding.UTF8, "application/json")));
        string body = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("incidentId").GetString()!;
    }

    Task<MimeMessage> LadoNoticeAsync() =>
        this.mail.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == LadoMailbox), TimeSpan.FromSeconds(30));

    static string LinkIn(MimeMessage notice)
    {
        string url = (notice.TextBody ?? string.Empty).Split('\n').Select(l => l.Trim()).First(l => l.Contains("/referrals/", StringComparison.Ordinal));
        return new Uri(url).PathAndQuery;
    }

    static async Task AcknowledgeThroughLinkAsync(LocalRuntimeProcess process, string link)
    {
        // The recipient has no account: no principal header, only the link.
        using HttpResponseMessage page = await process.Http.GetAsync(new Uri(link, UriKind.Relative));
        string html = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("allegation against a member of staff or volunteer (LADO threshold met)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Pupil A", html, StringComparison.Ordinal);

        using HttpRequestMessage post = new(HttpMethod.Post, new Uri(link, UriKind.Relative))
        {
            Content = new FormUrlEncodedContent([new("reference", "LADO/E2E/1")]),
        };
        post.Headers.TryAddWithoutValidation("Origin", process.BaseAddress.GetLeftPart(UriPartial.Authority));
        using HttpResponseMessage acknowledged = await process.Http.SendAsync(post);
        string result = await acknowledged.Content.ReadAsStringAsync();
        Assert.True(acknowledged.StatusCode == HttpStatusCode.OK, result);
        Assert.Contains("Referral acknowledged", result, StringComparison.Ordinal);
    }

    static JsonElement Escalation(JsonElement incident, string target) =>
        incident.GetProperty("escalations").EnumerateArray().Single(e => e.GetProperty("target").GetString() == target);

    static async Task<JsonElement> JsonAsync(LocalRuntimeProcess process, Person person, string path)
    {
        using HttpResponseMessage response = await process.Http.SendAsync(LocalRuntimeProcess.As(person.SignInName, HttpMethod.Get, path));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    static async Task<JsonElement> WaitForAsync(LocalRuntimeProcess process, string incidentId, Func<JsonElement, bool> until)
    {
        DateTime deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement incident = default;
        while (DateTime.UtcNow < deadline)
        {
            incident = await JsonAsync(process, Omar, "/api/incidents/" + incidentId);
            if (incident.GetProperty("escalations").GetArrayLength() > 0 && until(incident))
            {
                return incident;
            }

            await Task.Delay(250);
        }

        throw new TimeoutException("The incident never reached the expected state: " + incident);
    }
}
