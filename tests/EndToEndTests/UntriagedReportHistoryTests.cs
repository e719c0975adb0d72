using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using EsafetyServerless.Adapters.Storage;
using EsafetyServerless.Local.Azurite;
using EsafetyServerless.Local.Seed;
using EsafetyServerless.TestSupport;
using EsafetyServerless.Workflows.Platform.Directory;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace EsafetyServerless.EndToEndTests;

/// <summary>
/// An emailed report nobody triages for weeks is looked at every hour. Its workflow's stored history must stay the
/// size of one look, not grow with every look, and the workflow must keep what it knows: the reminder and the senior
/// manager's notice are not sent again, and the triage, when it comes, still gets its plan. The hour is shrunk to a
/// fraction of a second (<c>Response__TriageRecheckEvery</c>), so a minute of this test is weeks of hourly looks.
/// </summary>
public sealed class UntriagedReportHistoryTests
{
    static readonly Person Amy = SampleBoard.InRole(SampleBoard.Northfield, Role.Staff);
    static readonly Person Officer = SampleBoard.InRole(SampleBoard.Northfield, Role.EsafetyOfficer);

    [Fact]
    public async Task An_emailed_report_looked_at_hundreds_of_times_keeps_a_history_of_one_look_and_is_planned_when_triaged()
    {
        await using LocalRuntimeProcess runtime = LocalRuntimeProcess.CreateIsolated(new Dictionary<string, string>
        {
            ["Response__TriageReminderAfter"] = "00:00:00.200",
            ["Response__TriageEscalationAfter"] = "00:00:00.400",
            ["Response__TriageRecheckEvery"] = "00:00:00.100",
        });
        await runtime.StartAsync();
        string incidentId = await ReportByEmailAsync(runtime);

        TableServiceClient tables = new(ConnectionString(runtime));
        TableClient history = tables.GetTableClient(DurableTaskHubName.Default + "History");
        TableClient instances = tables.GetTableClient(DurableTaskHubName.Default + "Instances");
        int largest = 0;
        HashSet<string> generations = [];
        DateTime until = DateTime.UtcNow.AddSeconds(25);
        while (DateTime.UtcNow < until)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500));
            largest = Math.Max(largest, await CountRowsAsync(history, incidentId));
            if (await ExecutionIdAsync(instances, incidentId) is { } executionId)
            {
                generations.Add(executionId);
            }
        }

        // A look is a handful of events; a history keeping every look would grow by that much each time.
        Assert.True(largest < 60, $"the workflow's history grew to {largest} rows");
        Assert.True(generations.Count >= 10, $"the report was looked at in only {generations.Count} generations");

        await TriageAsync(runtime, incidentId);
        JsonElement planned = await WaitForPlanAsync(runtime, incidentId);
        Assert.Equal("lado", planned.GetProperty("route").GetString());
        Assert.Single(planned.GetProperty("actions").EnumerateArray(), a => a.GetProperty("description").GetString()!.StartsWith("Not triaged within an hour", StringComparison.Ordinal));
        Assert.Single(planned.GetProperty("actions").EnumerateArray(), a => a.GetProperty("description").GetString()!.StartsWith("Not triaged within four working hours", StringComparison.Ordinal));
    }

    static string ConnectionString(LocalRuntimeProcess runtime) => AzuriteProcess.ConnectionStringFor(
        int.Parse(runtime.Settings["Local__AzuriteBlobPort"], CultureInfo.InvariantCulture),
        int.Parse(runtime.Settings["Local__AzuriteQueuePort"], CultureInfo.InvariantCulture),
        int.Parse(runtime.Settings["Local__AzuriteTablePort"], CultureInfo.InvariantCulture));

    static async Task<int> CountRowsAsync(TableClient history, string instanceId)
    {
        int count = 0;
        await foreach (TableEntity _ in history.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }

    /// <summary>The instance's current generation (each ContinueAsNew starts a new execution of the same instance).</summary>
    static async Task<string?> ExecutionIdAsync(TableClient instances, string instanceId)
    {
        await foreach (TableEntity instance in instances.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {instanceId}"), select: ["ExecutionId"]))
        {
            return instance.GetString("ExecutionId");
        }

        return null;
    }

    static async Task<string> ReportByEmailAsync(LocalRuntimeProcess runtime)
    {
        string subject = "Untriaged " + Guid.NewGuid().ToString("N")[..6];
        MimeMessage mime = new();
        mime.From.Add(new MailboxAddress("Amy", Amy.Email));
        mime.To.Add(MailboxAddress.Parse(SampleBoard.Northfield.IntakeAddress));
        mime.Subject = subject;
        mime.Body = new TextPart("plain") { Text = "A pupil told me about messages from an adult." };
        using (SmtpClient smtp = new())
        {
            await smtp.ConnectAsync("127.0.0.1", int.Parse(runtime.Settings["Local__SmtpPort"], CultureInfo.InvariantCulture), SecureSocketOptions.None);
            await smtp.SendAsync(mime);
            await smtp.DisconnectAsync(quit: true);
        }

        for (int attempt = 0; attempt < 100; attempt++)
        {
            using HttpResponseMessage response = await runtime.Http.SendAsync(LocalRuntimeProcess.As(Officer.SignInName, HttpMethod.Get, "/api/incidents?status=awaiting-triage&pageSize=200"));
            JsonElement log = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            if (log.GetProperty("items").EnumerateArray().FirstOrDefault(i => i.GetProperty("description").GetString()!.Contains(subject, StringComparison.Ordinal)) is { ValueKind: JsonValueKind.Object } found)
            {
                return found.GetProperty("incidentId").GetString()!;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The emailed report never reached the log.");
    }

    static async Task TriageAsync(LocalRuntimeProcess runtime, string incidentId)
    {
        string concerns = """{"illegalSuspected":false,"illegalKinds":[],"staffInvolved":true,"ladoThreshold":["harmed-a-child"],"childAtRiskOfSignificantHarm":false,"urgent":false}""";
        using HttpResponseMessage triaged = await runtime.Http.SendAsync(LocalRuntimeProcess.As(Officer.SignInName, HttpMethod.Post, $"/api/incidents/{incidentId}/triage",
            new StringContent(concerns, Encoding.UTF8, "application/json")));
        Assert.True(triaged.IsSuccessStatusCode, await triaged.Content.ReadAsStringAsync());
    }

    static async Task<JsonElement> WaitForPlanAsync(LocalRuntimeProcess runtime, string incidentId)
    {
        for (int attempt = 0; attempt < 150; attempt++)
        {
            using HttpResponseMessage response = await runtime.Http.SendAsync(LocalRuntimeProcess.As(Officer.SignInName, HttpMethod.Get, "/api/incidents/" + incidentId));
            JsonElement incident = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
            if (response.StatusCode == HttpStatusCode.OK && incident.TryGetProperty("route", out JsonElement route) && route.ValueKind == JsonValueKind.String)
            {
                return incident;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException("The triaged report got no plan.");
    }
}
