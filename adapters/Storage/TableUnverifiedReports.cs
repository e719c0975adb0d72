using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Intake;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>The unverified-reports queue: partition = agency, row = report id (newest first).</summary>
public sealed class TableUnverifiedReports(StorageTables tables) : IUnverifiedReports
{
    static readonly JsonSerializerOptions Json = TableJson.Options;

    public async Task SaveAsync(UnverifiedReport report, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        TableClient table = await tables.GetAsync(TableNames.UnverifiedReports);
        TableEntity entity = new(TableKeys.Escape(report.AgencyId), report.ReportId)
        {
            ["State"] = report.State.ToString(),
            ["Report"] = JsonSerializer.Serialize(report, Json),
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<UnverifiedReport?> GetAsync(string agencyId, string reportId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(reportId) || reportId.Length > 64 || !reportId.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'))
        {
            return null;
        }

        TableClient table = await tables.GetAsync(TableNames.UnverifiedReports);
        NullableResponse<TableEntity> found = await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(agencyId), reportId, cancellationToken: cancellationToken);
        return found.HasValue ? JsonSerializer.Deserialize<UnverifiedReport>(found.Value!.GetString("Report"), Json) : null;
    }

    public async Task<UnverifiedReport?> DecideAsync(string agencyId, string reportId, Func<UnverifiedReport, UnverifiedReport> decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (await this.GetAsync(agencyId, reportId, cancellationToken) is null)
        {
            return null;
        }

        TableClient table = await tables.GetAsync(TableNames.UnverifiedReports);
        TableEntity entity = (await table.GetEntityAsync<TableEntity>(TableKeys.Escape(agencyId), reportId, cancellationToken: cancellationToken)).Value;
        UnverifiedReport current = JsonSerializer.Deserialize<UnverifiedReport>(entity.GetString("Report"), Json)!;
        if (current.State != UnverifiedReportState.Waiting)
        {
            return null;
        }

        UnverifiedReport decided = decision(current);
        entity["State"] = decided.State.ToString();
        entity["Report"] = JsonSerializer.Serialize(decided, Json);
        try
        {
            await table.UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Replace, cancellationToken);
            return decided;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<UnverifiedReport>> ListAsync(string agencyId, UnverifiedReportState? state, CancellationToken cancellationToken)
    {
        TableClient table = await tables.GetAsync(TableNames.UnverifiedReports);
        string filter = state is { } s
            ? TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(agencyId)} and State eq {s.ToString()}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(agencyId)}");
        List<UnverifiedReport> reports = [];
        await foreach (TableEntity e in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            reports.Add(JsonSerializer.Deserialize<UnverifiedReport>(e.GetString("Report"), Json)!);
        }

        return reports;
    }
}
