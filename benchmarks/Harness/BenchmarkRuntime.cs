using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.Local.Azurite;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Benchmarks;

/// <summary>The local runtime as a process on spare ports and fresh data, with helpers to seed it and to report to it.</summary>
public static class BenchmarkRuntime
{
    public static readonly Person Amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);

    public static async Task<LocalRuntimeProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        LocalRuntimeProcess runtime = LocalRuntimeProcess.CreateIsolated(settings);
        await runtime.StartAsync();
        return runtime;
    }

    public static string StorageConnectionString(LocalRuntimeProcess runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return AzuriteProcess.ConnectionStringFor(
            int.Parse(runtime.Settings["Local__AzuriteBlobPort"], CultureInfo.InvariantCulture),
            int.Parse(runtime.Settings["Local__AzuriteQueuePort"], CultureInfo.InvariantCulture),
            int.Parse(runtime.Settings["Local__AzuriteTablePort"], CultureInfo.InvariantCulture));
    }

    public static StorageTables Tables(LocalRuntimeProcess runtime) => new(new TableServiceClient(StorageConnectionString(runtime)));

    /// <summary>Adds agencies (each with a member of staff who reports) beside the sample board.</summary>
    public static async Task<IReadOnlyList<Person>> AddAgenciesAsync(LocalRuntimeProcess runtime, int count)
    {
        TablePeopleDirectory directory = new(Tables(runtime));
        List<Person> reporters = [];
        for (int i = 0; i < count; i++)
        {
            string agencyId = "bench-agency-" + i.ToString("D2", CultureInfo.InvariantCulture);
            await directory.SaveAgencyAsync(new Agency(agencyId, "Benchmark agency " + i, AgencyKind.School, agencyId + "@intake.example"), CancellationToken.None);
            Person staff = new("staff." + agencyId, "staff@" + agencyId + ".example", "Staff " + i, agencyId, Role.Staff, "staff@" + agencyId + ".example");
            await directory.SavePersonAsync(staff, CancellationToken.None);
            reporters.Add(staff);
        }

        return reporters;
    }

    public sealed record Submitted(HttpStatusCode Status, string? IncidentId, long StorageRequests);

    /// <summary>Reports an incident as <paramref name="reporter"/> through the API, with an idempotency key, as a client would.</summary>
    public static async Task<Submitted> ReportAsync(LocalRuntimeProcess runtime, Person reporter, JsonObject? concerns = null)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(reporter);
        JsonObject report = new()
        {
            ["agencyId"] = reporter.AgencyId,
            ["occurredAt"] = DateTimeOffset.UtcNow.AddHours(-1).ToString("O", CultureInfo.InvariantCulture),
            ["description"] = "A pupil was sent threatening messages in a group chat over the weekend, and told a teacher on Monday.",
            ["howIdentified"] = "disclosure",
            ["peopleInvolved"] = new JsonArray(new JsonObject { ["role"] = "child", ["name"] = "Pupil A", ["isVictim"] = true }),
            ["concerns"] = concerns ?? new JsonObject
            {
                ["illegalSuspected"] = false, ["staffInvolved"] = false, ["childAtRiskOfSignificantHarm"] = false, ["urgent"] = false,
            },
        };
        using HttpRequestMessage request = LocalRuntimeProcess.As(reporter.SignInName, HttpMethod.Post, "/api/incidents",
            new StringContent(report.ToJsonString(), Encoding.UTF8, "application/json"));
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using HttpResponseMessage response = await runtime.Http.SendAsync(request);
        string body = await response.Content.ReadAsStringAsync();
        string? incidentId = response.StatusCode == HttpStatusCode.Accepted ? JsonDocument.Parse(body).RootElement.GetProperty("incidentId").GetString() : null;
        long storage = response.Headers.TryGetValues("X-Storage-Requests", out IEnumerable<string>? values) ? long.Parse(values.First(), CultureInfo.InvariantCulture) : -1;
        return new Submitted(response.StatusCode, incidentId, storage);
    }

    /// <summary>The flowchart's answers for an allegation against a member of staff (a LADO referral).</summary>
    public static JsonObject StaffAllegation() => new()
    {
        ["illegalSuspected"] = false, ["staffInvolved"] = true, ["ladoThreshold"] = new JsonArray("harmed-a-child"),
        ["childAtRiskOfSignificantHarm"] = false, ["urgent"] = true,
    };
}
