using System.Collections.Concurrent;
using System.Diagnostics;
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
/// R2: storage stops answering (Azurite paused with SIGSTOP for 30 s) while staff submit reports. Every answer is a
/// 202 or a 503 with Retry-After, never a 500; every 202 is in the log; retrying each 503 with its idempotency key
/// yields exactly one incident; and reports are accepted again within seconds of storage coming back.
/// </summary>
public sealed class StorageOutageTests
{
    static readonly Person Amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
    static readonly Person Officer = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);

    sealed record Answer(string Key, HttpStatusCode Status, string? IncidentId, bool HasRetryAfter, TimeSpan At);

    [Fact]
    public async Task Reports_sent_while_storage_is_paused_get_202_or_503_and_each_retried_key_makes_exactly_one_incident()
    {
        await using LocalRuntimeProcess runtime = LocalRuntimeProcess.CreateIsolated();
        await runtime.StartAsync();
        int azurite = runtime.AzuriteProcessId;
        ConcurrentBag<Answer> answers = [];
        Stopwatch clock = Stopwatch.StartNew();
        TimeSpan pausedAt = TimeSpan.FromSeconds(3), resumedAt = TimeSpan.FromSeconds(33), stopAt = TimeSpan.FromSeconds(40);
        int sequence = 0;

        async Task SubmitterAsync()
        {
            while (clock.Elapsed < stopAt)
            {
                string key = "outage-" + Interlocked.Increment(ref sequence).ToString(CultureInfo.InvariantCulture);
                answers.Add(await SubmitAsync(runtime, key, clock));
                await Task.Delay(200);
            }
        }

        Task submitters = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SubmitterAsync()));
        await Task.Delay(pausedAt);
        await LocalRuntimeProcess.SignalAsync(azurite, "STOP");
        try
        {
            await Task.Delay(resumedAt - pausedAt);
        }
        finally
        {
            await LocalRuntimeProcess.SignalAsync(azurite, "CONT");
        }

        await submitters;

        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.Accepted or HttpStatusCode.ServiceUnavailable, $"{a.Key}: {a.Status}"));
        Assert.All(answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable), a => Assert.True(a.HasRetryAfter, a.Key + " has no Retry-After"));
        Assert.Contains(answers, a => a.Status == HttpStatusCode.ServiceUnavailable);
        Assert.Contains(answers, a => a.Status == HttpStatusCode.Accepted && a.At > resumedAt && a.At < resumedAt + TimeSpan.FromSeconds(5));

        // Each refused report, sent again with its key, is accepted once.
        Dictionary<string, string> incidentByKey = answers.Where(a => a.Status == HttpStatusCode.Accepted).ToDictionary(a => a.Key, a => a.IncidentId!);
        foreach (Answer refused in answers.Where(a => a.Status == HttpStatusCode.ServiceUnavailable))
        {
            Answer retried = await SubmitAsync(runtime, refused.Key, clock);
            Assert.Equal(HttpStatusCode.Accepted, retried.Status);
            incidentByKey[refused.Key] = retried.IncidentId!;
        }

        HashSet<string> logged = await LoggedIncidentsAsync(runtime);
        Assert.Equal(incidentByKey.Count, incidentByKey.Values.Distinct().Count());
        Assert.Equal(incidentByKey.Values.Order(), logged.Order());
    }

    static async Task<Answer> SubmitAsync(LocalRuntimeProcess runtime, string key, Stopwatch clock)
    {
        JsonObject report = IncidentApiTests.ValidReport(description: "Reported during an outage: " + key);
        using HttpRequestMessage request = LocalRuntimeProcess.As(Amy.SignInName, HttpMethod.Post, "/api/incidents",
            new StringContent(report.ToJsonString(), Encoding.UTF8, "application/json"));
        request.Headers.Add("Idempotency-Key", key);
        // Each storage call gives up after about 21 s (four tries of 5 s), and a request that met the outage late still
        // has the backlog to get through when storage comes back: a minute, not the runtime client's 30 s, is "no answer".
        using HttpClient patient = new() { BaseAddress = runtime.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using HttpResponseMessage response = await patient.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        string? incidentId = response.StatusCode == HttpStatusCode.Accepted ? JsonDocument.Parse(body).RootElement.GetProperty("incidentId").GetString() : null;
        return new Answer(key, response.StatusCode, incidentId, response.Headers.RetryAfter is not null, clock.Elapsed);
    }

    static async Task<HashSet<string>> LoggedIncidentsAsync(LocalRuntimeProcess runtime)
    {
        HashSet<string> ids = [];
        string? token = null;
        do
        {
            string path = "/api/incidents?pageSize=200" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token));
            using HttpResponseMessage response = await runtime.Http.SendAsync(LocalRuntimeProcess.As(Officer.SignInName, HttpMethod.Get, path));
            JsonElement page = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            ids.UnionWith(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("incidentId").GetString()!));
            token = page.TryGetProperty("continuationToken", out JsonElement next) ? next.GetString() : null;
        }
        while (token is not null);
        return ids;
    }
}
