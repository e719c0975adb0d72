using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;

namespace EsafetyServerless.Benchmarks;

/// <summary>
/// P3: the local runtime SIGKILLed while an orchestration waits for an event, and straight after a report that needs
/// a LADO notice (its workflow mid-activity, the notice mid-dispatch): how long after the restarted runtime is
/// healthy the waiting orchestration completes when confirmed, and the notice arrives. Baseline: a clean restart
/// to healthy. Targets: the waiting one within 1 s of healthy; notices for in-flight work within 30 s.
/// </summary>
public static class RestartBenchmark
{
    static readonly string Admin = SampleBoard.BoardAdmin.SignInName;

    public static async Task RunAsync()
    {
        Report.Heading("P3 restart after SIGKILL");
        List<double> clean = [], waiting = [], inFlight = [];
        for (int run = 0; run < 3; run++)
        {
            await using SmtpSink mail = new();
            Dictionary<string, string> settings = new()
            {
                ["Email__Provider"] = "smtp", ["Email__SmtpHost"] = "127.0.0.1", ["Email__SmtpPort"] = mail.Port.ToString(CultureInfo.InvariantCulture),
            };
            await using LocalRuntimeProcess first = await BenchmarkRuntime.StartAsync(settings);

            await first.StopAsync();
            await using LocalRuntimeProcess cleanly = LocalRuntimeProcess.CreateIsolated(first.Settings);
            clean.Add((await cleanly.StartAsync()).TotalSeconds);

            string runId = await StartSelfTestAsync(cleanly);
            await UntilAsync(() => SelfTestStatusAsync(cleanly, runId, s => s.TryGetProperty("status", out JsonElement st) && st.GetString() == "awaiting-confirmation"));
            BenchmarkRuntime.Submitted report = await BenchmarkRuntime.ReportAsync(cleanly, BenchmarkRuntime.Amy, BenchmarkRuntime.StaffAllegation());
            await cleanly.KillAsync();

            await using LocalRuntimeProcess restarted = LocalRuntimeProcess.CreateIsolated(first.Settings);
            await restarted.StartAsync();
            Stopwatch sinceHealthy = Stopwatch.StartNew();
            using HttpResponseMessage confirmed = await restarted.Http.SendAsync(LocalRuntimeProcess.As(Admin, HttpMethod.Post, $"/api/platform/self-tests/{runId}/confirmation"));
            await UntilAsync(() => SelfTestStatusAsync(restarted, runId, s => s.GetProperty("runtimeStatus").GetString() == "Completed"));
            waiting.Add(sinceHealthy.Elapsed.TotalSeconds);
            await mail.WaitForAsync(m => m.To.Mailboxes.Any(a => a.Address == "lado@county-council.example"), TimeSpan.FromMinutes(2));
            inFlight.Add(sinceHealthy.Elapsed.TotalSeconds);
            _ = report;
        }

        Report.Line($"clean restart to healthy: {Stats.Median(clean):0.0} s (baseline)");
        Report.Line($"waiting orchestration completed {Stats.Median(waiting):0.00} s after healthy ({Report.Target(Stats.Median(waiting) <= 1)}: within 1 s)");
        Report.Line($"LADO notice of the report in flight {Stats.Median(inFlight):0.0} s after healthy ({Report.Target(Stats.Median(inFlight) <= 30)}: within 30 s)");
    }

    static async Task<string> StartSelfTestAsync(LocalRuntimeProcess runtime)
    {
        using HttpResponseMessage started = await runtime.Http.SendAsync(LocalRuntimeProcess.As(Admin, HttpMethod.Post, "/api/platform/self-tests?confirmationWindowSeconds=3600"));
        return JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("runId").GetString()!;
    }

    static async Task<bool> SelfTestStatusAsync(LocalRuntimeProcess runtime, string runId, Func<JsonElement, bool> until)
    {
        using HttpResponseMessage response = await runtime.Http.SendAsync(LocalRuntimeProcess.As(Admin, HttpMethod.Get, $"/api/platform/self-tests/{runId}"));
        return response.StatusCode == HttpStatusCode.OK && until(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    static async Task UntilAsync(Func<Task<bool>> condition)
    {
        Stopwatch limit = Stopwatch.StartNew();
        while (!await condition())
        {
            if (limit.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException("The state was not reached within two minutes.");
            }

            await Task.Delay(20);
        }
    }
}
