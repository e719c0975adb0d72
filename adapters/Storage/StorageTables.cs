using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>Hands out table clients, creating each table once per process on first use.</summary>
public sealed class StorageTables(TableServiceClient service)
{
    readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> tables = new(StringComparer.Ordinal);

    public TableServiceClient Service => service;

    public Task<TableClient> GetAsync(string tableName) =>
        this.tables.GetOrAdd(tableName, name => new Lazy<Task<TableClient>>(() => this.CreateAsync(name))).Value;

    async Task<TableClient> CreateAsync(string tableName)
    {
        TableClient client = service.GetTableClient(tableName);
        try
        {
            await client.CreateIfNotExistsAsync();
        }
        catch
        {
            // Do not cache a failure: the next caller tries again (storage may have been briefly unreachable).
            this.tables.TryRemove(tableName, out _);
            throw;
        }

        return client;
    }
}

/// <summary>Table names, in one place.</summary>
public static class TableNames
{
    public const string Directory = "Directory";
    public const string Platform = "Platform";
    public const string SelfTestRuns = "SelfTestRuns";
    public const string Incidents = "Incidents";
    public const string IncidentIndex = "IncidentIndex";
    public const string IncidentReferences = "IncidentReferences";
    public const string IdempotencyKeys = "IdempotencyKeys";
    public const string AuditTrail = "AuditTrail";
    public const string UnverifiedReports = "UnverifiedReports";
    public const string Evidence = "Evidence";
    public const string Tasks = "Tasks";
    public const string EscalationChannels = "EscalationChannels";
    public const string EscalationDeliveries = "EscalationDeliveries";
    public const string NoticeOutbox = "NoticeOutbox";
    public const string EvidenceRecords = "EvidenceRecords";
    public const string Retention = "Retention";
    public const string CustodyIndex = "CustodyIndex";
    public const string Registers = "Registers";
    public const string AupSignatures = "AupSignatures";
    public const string ReviewDueIndex = "ReviewDueIndex";
    public const string ReviewCycleStarts = "ReviewCycleStarts";
}

/// <summary>Row and partition keys may not contain '/', '\', '#', '?' or control characters; this escapes them.</summary>
public static class TableKeys
{
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        System.Text.StringBuilder escaped = new(value.Length);
        foreach (char c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                escaped.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }
}
