using System.Diagnostics;
using System.Text;
using Azure.Data.Tables;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.Http.Platform;
using EsafetyServerless.Local;
using EsafetyServerless.Local.Azurite;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.People;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.Extensions.Logging.Abstractions;

namespace EsafetyServerless.Benchmarks;

/// <summary>
/// P9: a 5,000-row staff list imported into an agency on Azurite: the CSV read, the preview, and the confirmation
/// (every person saved and audited). Baseline, in the same run: the same 5,000 people saved one after another with
/// no import around them. Target: the whole import under 60 s.
/// </summary>
public static class StaffImportBenchmark
{
    const int Rows = 5_000;

    public static async Task RunAsync()
    {
        Report.Heading("P9 staff import");
        string data = Path.Combine(Path.GetTempPath(), "esafety-bench-azurite-" + Guid.NewGuid().ToString("N"));
        await using AzuriteProcess azurite = await AzuriteProcess.StartAsync(
            RepositoryRoot.Find(), data, FreePorts.Next(), FreePorts.Next(), FreePorts.Next(), NullLogger.Instance, CancellationToken.None);
        StorageTables tables = new(new TableServiceClient(azurite.ConnectionString));
        TablePeopleDirectory directory = new(tables);
        AuditRecorder audit = new(new TableAuditTrail(tables, TimeProvider.System));
        Actor admin = new(new Person("bench-admin", "admin@board.example", "Admin", Agency.BoardId, Role.BoardAdmin, "admin@board.example"));

        // Baseline: the same number of people saved one at a time, in an agency of their own.
        await directory.SaveAgencyAsync(new Agency("baseline", "Baseline", AgencyKind.School, "baseline@bench.example"), CancellationToken.None);
        Stopwatch baseline = Stopwatch.StartNew();
        for (int i = 0; i < Rows; i++)
        {
            await directory.SavePersonAsync(new Person("base-" + i, $"base{i}@bench.example", "Base " + i, "baseline", Role.Staff, $"base{i}@bench.example"), CancellationToken.None);
        }

        baseline.Stop();

        await directory.SaveAgencyAsync(new Agency("imported", "Imported", AgencyKind.School, "imported@bench.example"), CancellationToken.None);
        StringBuilder csv = new("First name,Last name,Email,Roles\r\n");
        for (int i = 0; i < Rows; i++)
        {
            csv.Append("First").Append(i).Append(",Last").Append(i).Append(",staff").Append(i).Append("@school.example,").Append(i % 50 == 0 ? "Staff; IT technician" : string.Empty).Append("\r\n");
        }

        byte[] file = Encoding.UTF8.GetBytes(csv.ToString());
        ImportStaff import = new(directory, audit);
        Stopwatch parse = Stopwatch.StartNew();
        IReadOnlyList<StaffImportRow> rows = StaffCsv.Parse(file, new FieldErrors()) ?? throw new InvalidOperationException("The generated file did not parse.");
        parse.Stop();
        Stopwatch preview = Stopwatch.StartNew();
        Outcome<StaffImportPlan> planned = await import.ExecuteAsync(admin, "imported", rows, null, CancellationToken.None);
        preview.Stop();
        Stopwatch confirm = Stopwatch.StartNew();
        Outcome<StaffImportPlan> applied = await import.ExecuteAsync(admin, "imported", rows, planned.Value.Fingerprint, CancellationToken.None);
        confirm.Stop();
        Stopwatch again = Stopwatch.StartNew();
        Outcome<StaffImportPlan> second = await import.ExecuteAsync(admin, "imported", rows, "any", CancellationToken.None);
        again.Stop();

        double total = parse.Elapsed.TotalSeconds + preview.Elapsed.TotalSeconds + confirm.Elapsed.TotalSeconds;
        Report.Line($"{Rows:N0} rows, {file.Length / 1024} KB: read {parse.Elapsed.TotalMilliseconds:0} ms, preview {preview.Elapsed.TotalMilliseconds:0} ms, confirm {confirm.Elapsed.TotalSeconds:0.0} s ({applied.Value.Count(StaffImportAction.Add)} added, each saved and audited)");
        Report.Line($"whole import {total:0.0} s against 60 s: {Report.Target(total < 60)}; baseline (5,000 saved one by one, no audit) {baseline.Elapsed.TotalSeconds:0.0} s, ratio {Report.Ratio(confirm.Elapsed.TotalSeconds, baseline.Elapsed.TotalSeconds)}");
        Report.Line($"second run of the same file: {second.Value.Count(StaffImportAction.Unchanged):N0} unchanged, {second.Value.Count(StaffImportAction.Add) + second.Value.Count(StaffImportAction.Change)} changed, {again.Elapsed.TotalSeconds:0.0} s");
    }
}
