using System.Diagnostics;
using System.Net;
using Azure.Data.Tables;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Benchmarks;

/// <summary>
/// P1: <c>POST /api/incidents</c> at 1, 20 and 50 concurrent submitters, to one agency and spread over 20 agencies:
/// p50/p99 latency, submissions per second and storage requests per submission (counted by a pipeline policy on the
/// storage clients, per request). Baseline: raw Azurite inserts per second at the same concurrency.
/// Targets: at most 6 storage requests per submission; one agency at least 0.8x many agencies; p99 at most 250 ms at 20.
/// </summary>
public static class SubmissionBenchmark
{
    sealed record Figures(double P50Ms, double P99Ms, double PerSecond, double StorageRequests);

    public static async Task RunAsync()
    {
        Report.Heading("P1 submissions");
        (int Concurrency, bool OneAgency, int Count)[] scenarios =
            [(1, true, 60), (20, true, 400), (20, false, 400), (50, true, 600), (50, false, 600)];
        Dictionary<(int, bool), List<Figures>> runs = [];
        Dictionary<int, List<double>> baselines = [];
        for (int run = 0; run < 3; run++)
        {
            // Fresh data for every run: a new runtime, a new Azurite.
            await using LocalRuntimeProcess runtime = await BenchmarkRuntime.StartAsync();
            IReadOnlyList<Person> spread = await BenchmarkRuntime.AddAgenciesAsync(runtime, 20);
            foreach ((int concurrency, bool oneAgency, int count) in scenarios)
            {
                IReadOnlyList<Person> reporters = oneAgency ? [BenchmarkRuntime.Amy] : spread;
                (runs.TryGetValue((concurrency, oneAgency), out List<Figures>? list) ? list : runs[(concurrency, oneAgency)] = []).Add(
                    await MeasureAsync(runtime, reporters, concurrency, count));
                if (oneAgency)
                {
                    (baselines.TryGetValue(concurrency, out List<double>? b) ? b : baselines[concurrency] = []).Add(
                        await RawInsertsPerSecondAsync(runtime, concurrency, count));
                }
            }
        }

        foreach (((int concurrency, bool oneAgency), List<Figures> figures) in runs)
        {
            Figures median = new(
                Stats.Median([.. figures.Select(f => f.P50Ms)]), Stats.Median([.. figures.Select(f => f.P99Ms)]),
                Stats.Median([.. figures.Select(f => f.PerSecond)]), Stats.Median([.. figures.Select(f => f.StorageRequests)]));
            double raw = Stats.Median(baselines[concurrency]);
            Report.Line($"{concurrency,2} submitters, {(oneAgency ? "one agency     " : "over 20 agencies")}: p50 {median.P50Ms,6:0.0} ms, p99 {median.P99Ms,6:0.0} ms, {median.PerSecond,6:0.0}/s ({Report.Ratio(median.PerSecond, raw)} of raw inserts at {raw:0}/s), {median.StorageRequests:0.0} storage requests each");
        }

        foreach (int concurrency in new[] { 20, 50 })
        {
            double one = Stats.Median([.. runs[(concurrency, true)].Select(f => f.PerSecond)]);
            double many = Stats.Median([.. runs[(concurrency, false)].Select(f => f.PerSecond)]);
            Report.Line($"at {concurrency}: one agency / many agencies = {Report.Ratio(one, many)} (target >= 0.80: {Report.Target(one >= 0.8 * many)})");
        }

        double p99At20 = Stats.Median([.. runs[(20, true)].Concat(runs[(20, false)]).Select(f => f.P99Ms)]);
        double requests = runs.Values.SelectMany(f => f).Max(f => f.StorageRequests);
        Report.Line($"p99 at 20 submitters: {p99At20:0} ms (target <= 250 ms: {Report.Target(p99At20 <= 250)}); most storage requests per submission: {requests:0.0} (target <= 6: {Report.Target(requests <= 6)})");
    }

    static async Task<Figures> MeasureAsync(LocalRuntimeProcess runtime, IReadOnlyList<Person> reporters, int concurrency, int count)
    {
        List<double> latencies = [];
        List<long> storage = [];
        int next = -1;
        Stopwatch wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < count)
            {
                Stopwatch one = Stopwatch.StartNew();
                BenchmarkRuntime.Submitted submitted = await BenchmarkRuntime.ReportAsync(runtime, reporters[n % reporters.Count]);
                one.Stop();
                if (submitted.Status != HttpStatusCode.Accepted)
                {
                    throw new InvalidOperationException("A submission was answered " + submitted.Status);
                }

                lock (latencies)
                {
                    latencies.Add(one.Elapsed.TotalMilliseconds);
                    storage.Add(submitted.StorageRequests);
                }
            }
        }));
        wall.Stop();
        return new Figures(Stats.Percentile(latencies, 50), Stats.Percentile(latencies, 99), count / wall.Elapsed.TotalSeconds, storage.Average());
    }

    /// <summary>The same number of entity inserts of a similar size, straight to the runtime's Azurite.</summary>
    static async Task<double> RawInsertsPerSecondAsync(LocalRuntimeProcess runtime, int concurrency, int count)
    {
        TableClient table = new(BenchmarkRuntime.StorageConnectionString(runtime), "RawInserts" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        string description = new('x', 1500);
        int next = -1;
        Stopwatch wall = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int n;
            while ((n = Interlocked.Increment(ref next)) < count)
            {
                await table.AddEntityAsync(new TableEntity("agency", Guid.NewGuid().ToString("N")) { ["Description"] = description });
            }
        }));
        return count / wall.Elapsed.TotalSeconds;
    }
}
