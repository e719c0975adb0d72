using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Azure.Storage.Blobs;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Benchmarks;

/// <summary>
/// P6: a 100 MB evidence file uploaded through the local runtime (streamed and hashed on the way) and re-hashed by
/// verification: throughput and the runtime's peak memory growth. Baselines in the same run: <c>sha256sum</c> of the
/// file, and a plain Azure SDK upload of it to the same Azurite. Targets: at least 0.8x both; growth at most 32 MB.
/// </summary>
public static class UploadBenchmark
{
    const int Megabytes = 100;

    public static async Task RunAsync()
    {
        Report.Heading("P6 100 MB evidence upload");
        string file = Path.Combine(Path.GetTempPath(), "esafety-bench-" + Guid.NewGuid().ToString("N") + ".pdf");
        await WriteFileAsync(file);
        try
        {
            List<double> upload = [], verify = [], sha = [], sdk = [], growth = [];
            for (int run = 0; run < 3; run++)
            {
                await using LocalRuntimeProcess runtime = await BenchmarkRuntime.StartAsync();
                BenchmarkRuntime.Submitted incident = await BenchmarkRuntime.ReportAsync(runtime, BenchmarkRuntime.Amy);
                Person technician = SampleBoard.InRole(SampleBoard.Northfield, Role.Technician);
                sha.Add(Megabytes / await TimeAsync(() => Sha256SumAsync(file)));
                sdk.Add(Megabytes / await TimeAsync(() => PlainUploadAsync(runtime, file)));

                long before = RssBytes(runtime.ProcessId);
                long peak = before;
                using CancellationTokenSource sampling = new();
                Task sampler = Task.Run(async () =>
                {
                    while (!sampling.IsCancellationRequested)
                    {
                        peak = Math.Max(peak, RssBytes(runtime.ProcessId));
                        await Task.Delay(25);
                    }
                });
                upload.Add(Megabytes / await TimeAsync(() => UploadAsync(runtime, technician, incident.IncidentId!, file)));
                verify.Add(Megabytes / await TimeAsync(() => VerifyAsync(runtime, technician, incident.IncidentId!)));
                await sampling.CancelAsync();
                await sampler;
                growth.Add((peak - before) / 1024d / 1024d);
            }

            double up = Stats.Median(upload), ve = Stats.Median(verify), sh = Stats.Median(sha), pl = Stats.Median(sdk), gr = Stats.Median(growth);
            Report.Line($"upload {up:0} MB/s; sha256sum {sh:0} MB/s ({Report.Ratio(up, sh)}); plain SDK upload {pl:0} MB/s ({Report.Ratio(up, pl)})");
            Report.Line($"re-hash (verify) {ve:0} MB/s ({Report.Ratio(ve, sh)} of sha256sum); peak memory growth {gr:0} MB during upload and verify");
            Report.Line($"{Report.Target(up >= 0.8 * sh && up >= 0.8 * pl)} (>= 0.8x both); memory {Report.Target(gr <= 32)} (<= 32 MB)");
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>A PDF header (the vault accepts files by their first bytes) then pseudo-random bytes that do not compress.</summary>
    static async Task WriteFileAsync(string path)
    {
        await using FileStream stream = File.Create(path);
        await stream.WriteAsync("%PDF-1.7\n"u8.ToArray());
        Random random = new(42);
        byte[] block = new byte[1024 * 1024];
        for (int i = 0; i < Megabytes; i++)
        {
            random.NextBytes(block);
            await stream.WriteAsync(block.AsMemory(0, i == 0 ? block.Length - 9 : block.Length));
        }
    }

    static async Task<double> TimeAsync(Func<Task> work)
    {
        Stopwatch clock = Stopwatch.StartNew();
        await work();
        return clock.Elapsed.TotalSeconds;
    }

    static async Task Sha256SumAsync(string file)
    {
        using Process sum = Process.Start(new ProcessStartInfo("sha256sum", [file]) { RedirectStandardOutput = true })!;
        await sum.StandardOutput.ReadToEndAsync();
        await sum.WaitForExitAsync();
    }

    static async Task PlainUploadAsync(LocalRuntimeProcess runtime, string file)
    {
        BlobContainerClient container = new(BenchmarkRuntime.StorageConnectionString(runtime), "plain-" + Guid.NewGuid().ToString("N")[..8]);
        await container.CreateIfNotExistsAsync();
        await container.GetBlobClient("file.pdf").UploadAsync(file);
    }

    static async Task UploadAsync(LocalRuntimeProcess runtime, Person technician, string incidentId, string file)
    {
        await using FileStream content = File.OpenRead(file);
        using StreamContent body = new(content, 1024 * 1024);
        body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        body.Headers.ContentLength = content.Length;
        using HttpRequestMessage request = LocalRuntimeProcess.As(technician.SignInName, HttpMethod.Post,
            $"/api/incidents/{incidentId}/evidence/files?title=Benchmark&fileName=benchmark.pdf", body);
        using HttpResponseMessage response = await runtime.Http.SendAsync(request);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException("The upload was answered " + response.StatusCode + ": " + await response.Content.ReadAsStringAsync());
        }
    }

    static async Task VerifyAsync(LocalRuntimeProcess runtime, Person technician, string incidentId)
    {
        using HttpResponseMessage response = await runtime.Http.SendAsync(LocalRuntimeProcess.As(technician.SignInName, HttpMethod.Post, $"/api/incidents/{incidentId}/evidence/verify"));
        response.EnsureSuccessStatusCode();
    }

    static long RssBytes(int processId)
    {
        string? line = File.ReadLines($"/proc/{processId}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
    }
}
