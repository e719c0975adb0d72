using EsafetyServerless.Benchmarks;

// benchmarks/<name>.sh runs one of these; benchmarks/run-all.sh runs them all. Each prints its figures, the baseline
// measured in the same run, and the ratio, as the median of three runs on fresh data unless it says otherwise.
Dictionary<string, Func<Task>> benchmarks = new(StringComparer.Ordinal)
{
    ["submissions"] = SubmissionBenchmark.RunAsync,
    ["notice-latency"] = NoticeLatencyBenchmark.RunAsync,
    ["restart"] = RestartBenchmark.RunAsync,
    ["scans"] = ScanBenchmark.RunAsync,
    ["upload"] = UploadBenchmark.RunAsync,
    ["orchestrations"] = OrchestrationBenchmark.RunAsync,
    ["staff-import"] = StaffImportBenchmark.RunAsync,
};

if (args.Length != 1 || !benchmarks.TryGetValue(args[0], out Func<Task>? run))
{
    await Console.Error.WriteLineAsync("usage: EsafetyServerless.Benchmarks <" + string.Join('|', benchmarks.Keys) + ">");
    return 2;
}

await Report.MachineAsync();
await run();
return 0;
