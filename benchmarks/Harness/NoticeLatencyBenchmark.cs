using System.Diagnostics;
using System.Globalization;
using System.Net;
using EsafetyServerless.TestSupport;
using MimeKit;

namespace EsafetyServerless.Benchmarks;

/// <summary>
/// P2: from a staff allegation's submission to the LADO's notice reaching the mail server, after the system has been
/// idle for 0, 10 and 60 seconds (its pollers backed off). Baseline: the same with everything awake (back to back).
/// Targets after 60 s idle: p50 at most 0.5 s, p99 at most 1.5 s.
/// </summary>
public static class NoticeLatencyBenchmark
{
    const string LadoMailbox = "lado@county-council.example";

    public static async Task RunAsync()
    {
        Report.Heading("P2 submission to LADO notice");
        await using SmtpSink mail = new();
        await using LocalRuntimeProcess runtime = await BenchmarkRuntime.StartAsync(new Dictionary<string, string>
        {
            ["Email__Provider"] = "smtp",
            ["Email__SmtpHost"] = "127.0.0.1",
            ["Email__SmtpPort"] = mail.Port.ToString(CultureInfo.InvariantCulture),
        });

        // Warm up: the first workflow of a fresh runtime pays for loading and creating its tables.
        await MeasureAsync(runtime, mail);
        Dictionary<int, List<double>> seconds = [];
        foreach ((int idle, int samples) in new[] { (0, 7), (10, 5), (60, 5) })
        {
            seconds[idle] = [];
            for (int i = 0; i < samples; i++)
            {
                await Task.Delay(TimeSpan.FromSeconds(idle));
                seconds[idle].Add(await MeasureAsync(runtime, mail));
            }
        }

        double awake = Stats.Median(seconds[0]);
        foreach ((int idle, List<double> s) in seconds)
        {
            Report.Line($"after {idle,2} s idle: p50 {Stats.Median(s):0.00} s, p99 {Stats.Percentile(s, 99):0.00} s over {s.Count} ({Report.Ratio(Stats.Median(s), awake)} of awake)");
        }

        List<double> cold = seconds[60];
        Report.Line($"after 60 s idle: {Report.Target(Stats.Median(cold) <= 0.5 && Stats.Percentile(cold, 99) <= 1.5)} (p50 <= 0.5 s, p99 <= 1.5 s)");
    }

    static async Task<double> MeasureAsync(LocalRuntimeProcess runtime, SmtpSink mail)
    {
        int before = mail.Messages.Count(m => IsLadoNotice(m));
        Stopwatch clock = Stopwatch.StartNew();
        BenchmarkRuntime.Submitted submitted = await BenchmarkRuntime.ReportAsync(runtime, BenchmarkRuntime.Amy, BenchmarkRuntime.StaffAllegation());
        if (submitted.Status != HttpStatusCode.Accepted)
        {
            throw new InvalidOperationException("The report was answered " + submitted.Status);
        }

        while (mail.Messages.Count(m => IsLadoNotice(m)) <= before)
        {
            if (clock.Elapsed > TimeSpan.FromMinutes(2))
            {
                throw new TimeoutException("No LADO notice within two minutes.");
            }

            await Task.Delay(10);
        }

        return clock.Elapsed.TotalSeconds;
    }

    static bool IsLadoNotice(MimeMessage message) => message.To.Mailboxes.Any(a => a.Address == LadoMailbox);
}
