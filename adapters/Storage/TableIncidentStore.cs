using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// The incident log in Azure Tables. <c>Incidents</c>: partition = agency, row = incident id (time-ordered, newest
/// first). <c>IncidentIndex</c>: incident id → agency, so an id alone finds its incident. <c>IdempotencyKeys</c>:
/// reporter + key → incident id, written before the incident, so a retried submission finds what the first created.
/// <c>IncidentReferences</c>: a counter per agency and year for the human-friendly references.
/// </summary>
public sealed class TableIncidentStore(StorageTables tables) : IIncidentStore
{
    static readonly JsonSerializerOptions Json = TableJson.Options;

    public async Task<IncidentSaved> CreateAsync(Incident incident, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        Incident toSave = incident;
        if (idempotencyKey is not null)
        {
            TableClient keys = await tables.GetAsync(TableNames.IdempotencyKeys);
            string partition = TableKeys.Escape(incident.ReportedBy);
            string row = TableKeys.Escape(idempotencyKey);
            NullableResponse<TableEntity> existing = await keys.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            if (existing.HasValue)
            {
                // Seen before: return that incident, or finish creating it if the first attempt stopped half-way.
                string existingId = existing.Value!.GetString("IncidentId");
                if (await this.FindAsync(existingId, cancellationToken) is { } earlier)
                {
                    return new IncidentSaved(earlier, Created: false);
                }

                toSave = incident with { IncidentId = existingId, Reference = existing.Value.GetString("Reference") };
            }
            else
            {
                toSave = incident with { Reference = await this.NextReferenceAsync(incident.AgencyId, incident.SubmittedAt, cancellationToken) };
                try
                {
                    await keys.AddEntityAsync(new TableEntity(partition, row) { ["IncidentId"] = toSave.IncidentId, ["Reference"] = toSave.Reference }, cancellationToken);
                }
                catch (RequestFailedException ex) when (ex.Status == 409)
                {
                    // A concurrent retry won the race: answer with its incident.
                    return await this.CreateAsync(incident, idempotencyKey, cancellationToken);
                }
            }
        }
        else
        {
            toSave = incident with { Reference = await this.NextReferenceAsync(incident.AgencyId, incident.SubmittedAt, cancellationToken) };
        }

        TableClient index = await tables.GetAsync(TableNames.IncidentIndex);
        await index.UpsertEntityAsync(new TableEntity(toSave.IncidentId, string.Empty) { ["AgencyId"] = toSave.AgencyId }, TableUpdateMode.Replace, cancellationToken);
        TableClient log = await tables.GetAsync(TableNames.Incidents);
        try
        {
            await log.AddEntityAsync(ToEntity(toSave), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return new IncidentSaved((await this.FindAsync(toSave.IncidentId, cancellationToken))!, Created: false);
        }

        return new IncidentSaved(toSave, Created: true);
    }

    public async Task<Incident?> FindAsync(string incidentId, CancellationToken cancellationToken)
    {
        if (!IncidentIds.IsWellFormed(incidentId))
        {
            return null;
        }

        TableClient index = await tables.GetAsync(TableNames.IncidentIndex);
        NullableResponse<TableEntity> entry = await index.GetEntityIfExistsAsync<TableEntity>(incidentId, string.Empty, cancellationToken: cancellationToken);
        if (!entry.HasValue)
        {
            return null;
        }

        TableClient log = await tables.GetAsync(TableNames.Incidents);
        NullableResponse<TableEntity> found = await log.GetEntityIfExistsAsync<TableEntity>(
            TableKeys.Escape(entry.Value!.GetString("AgencyId")), incidentId, cancellationToken: cancellationToken);
        return found.HasValue ? FromEntity(found.Value!) : null;
    }

    public async Task<IncidentLogResults> ListAsync(IncidentQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        TableClient log = await tables.GetAsync(TableNames.Incidents);
        StringBuilder filter = new(TableClient.CreateQueryFilter($"PartitionKey eq {TableKeys.Escape(query.AgencyId)}"));
        if (query.Status is { } status)
        {
            filter.Append(" and ").Append(TableClient.CreateQueryFilter($"Status eq {status.ToString()}"));
        }

        if (query.From is { } from)
        {
            filter.Append(" and ").Append(TableClient.CreateQueryFilter($"SubmittedAt ge {from}"));
        }

        if (query.To is { } to)
        {
            filter.Append(" and ").Append(TableClient.CreateQueryFilter($"SubmittedAt le {to}"));
        }

        if (query.ReportedBy is { } reporter)
        {
            filter.Append(" and ").Append(TableClient.CreateQueryFilter($"ReportedBy eq {reporter}"));
        }

        string? continuation = query.ContinuationToken is null ? null : DecodeToken(query.ContinuationToken);
        try
        {
            await foreach (Page<TableEntity> page in log.QueryAsync<TableEntity>(filter.ToString(), maxPerPage: query.PageSize, cancellationToken: cancellationToken)
                .AsPages(continuation, query.PageSize))
            {
                return new IncidentLogResults(page.Values.Select(FromEntity).ToList(), page.ContinuationToken is { } next ? EncodeToken(next) : null);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 400 && continuation is not null)
        {
            throw new InvalidContinuationTokenException();
        }

        return new IncidentLogResults([], null);
    }

    public async Task AddActionAsync(string incidentId, IncidentAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        await this.UpdateAsync(incidentId, incident => incident with { Actions = [.. incident.Actions, action] }, cancellationToken);
    }

    public async Task<Incident> UpdateAsync(string incidentId, Func<Incident, Incident> change, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(change);
        Incident found = await this.FindAsync(incidentId, cancellationToken)
            ?? throw new InvalidOperationException("No such incident: " + incidentId);
        TableClient log = await tables.GetAsync(TableNames.Incidents);
        while (true)
        {
            TableEntity current = (await log.GetEntityAsync<TableEntity>(TableKeys.Escape(found.AgencyId), incidentId, cancellationToken: cancellationToken)).Value;
            Incident changed = change(FromEntity(current));
            try
            {
                await log.UpdateEntityAsync(ToEntity(changed), current.ETag, TableUpdateMode.Replace, cancellationToken);
                return changed;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                // Someone else changed the incident meanwhile: apply the change to their version.
            }
        }
    }

    public async Task DeleteAsync(string incidentId, CancellationToken cancellationToken)
    {
        Incident? found = await this.FindAsync(incidentId, cancellationToken);
        if (found is null)
        {
            return;
        }

        TableClient log = await tables.GetAsync(TableNames.Incidents);
        await log.DeleteEntityAsync(TableKeys.Escape(found.AgencyId), incidentId, ETag.All, cancellationToken);
        TableClient index = await tables.GetAsync(TableNames.IncidentIndex);
        await index.DeleteEntityAsync(incidentId, string.Empty, ETag.All, cancellationToken);
    }

    public async Task<string> NextReferenceAsync(string agencyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        TableClient counters = await tables.GetAsync(TableNames.IncidentReferences);
        string partition = TableKeys.Escape(agencyId);
        string row = now.UtcDateTime.Year.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
        while (true)
        {
            NullableResponse<TableEntity> current = await counters.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
            try
            {
                if (!current.HasValue)
                {
                    await counters.AddEntityAsync(new TableEntity(partition, row) { ["Last"] = 1 }, cancellationToken);
                    return IncidentIds.Reference(agencyId, now.UtcDateTime.Year, 1);
                }

                int next = (current.Value!.GetInt32("Last") ?? 0) + 1;
                current.Value["Last"] = next;
                await counters.UpdateEntityAsync(current.Value, current.Value.ETag, TableUpdateMode.Replace, cancellationToken);
                return IncidentIds.Reference(agencyId, now.UtcDateTime.Year, next);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another submission took this number at the same moment: read the counter again.
            }
        }
    }

    /// <summary>Continuation tokens are opaque to clients; anything that does not decode is "no such page".</summary>
    static string EncodeToken(string token) => Convert.ToBase64String(Encoding.UTF8.GetBytes(token)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    static string DecodeToken(string token)
    {
        string base64 = token.Replace('-', '+').Replace('_', '/');
        base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            throw new InvalidContinuationTokenException();
        }
    }

    /// <summary>Characters per chunk of a long text property, under Azure Tables' 64 KiB (32K UTF-16 characters) limit.</summary>
    const int ChunkLength = 30_000;

    /// <summary>An entity may hold 1 MiB; keep the actions well inside it.</summary>
    const int MaxActionsLength = 12 * ChunkLength;

    static TableEntity ToEntity(Incident incident)
    {
        TableEntity entity = ToEntityWithoutActions(incident);
        string actions = JsonSerializer.Serialize(incident.Actions, Json);
        if (actions.Length > MaxActionsLength)
        {
            throw new IncidentTooLargeException("The incident's actions have reached their limit; record a summary in the conclusion.");
        }

        for (int i = 0, chunk = 0; i < actions.Length || chunk == 0; i += ChunkLength, chunk++)
        {
            entity[chunk == 0 ? "Actions" : "Actions" + chunk.ToString(System.Globalization.CultureInfo.InvariantCulture)] = actions.Substring(i, Math.Min(ChunkLength, actions.Length - i));
        }

        return entity;
    }

    static string ReadActions(TableEntity e)
    {
        System.Text.StringBuilder actions = new(e.GetString("Actions") ?? "[]");
        for (int chunk = 1; e.GetString("Actions" + chunk.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } more; chunk++)
        {
            actions.Append(more);
        }

        return actions.ToString();
    }

    static TableEntity ToEntityWithoutActions(Incident incident) => new(TableKeys.Escape(incident.AgencyId), incident.IncidentId)
    {
        ["AgencyId"] = incident.AgencyId,
        ["Reference"] = incident.Reference,
        ["Status"] = incident.Status.ToString(),
        ["Source"] = incident.Source.ToString(),
        ["SubmittedAt"] = incident.SubmittedAt,
        ["ReportedBy"] = incident.ReportedBy,
        ["OccurredAt"] = incident.Report.OccurredAt,
        ["Description"] = incident.Report.Description,
        ["HowIdentified"] = incident.Report.HowIdentified.ToString(),
        ["Technology"] = incident.Report.Technology,
        ["PeopleInvolved"] = JsonSerializer.Serialize(incident.Report.PeopleInvolved, Json),
        ["Concerns"] = incident.Report.Concerns is null ? null : JsonSerializer.Serialize(incident.Report.Concerns, Json),
        // Actions are written below in chunks (a table string property holds at most 32K characters).
        ["Conclusion"] = incident.Conclusion,
        ["Email"] = incident.Email is null ? null : JsonSerializer.Serialize(incident.Email, Json),
        ["Plan"] = incident.Plan is null ? null : JsonSerializer.Serialize(incident.Plan, Json),
        ["Outcome"] = incident.Outcome?.ToString(),
        // The column keeps the name it was first stored under.
        ["PolicyReview"] = incident.PostIncidentReview is null ? null : JsonSerializer.Serialize(incident.PostIncidentReview, Json),
    };

    static Incident FromEntity(TableEntity e) => new()
    {
        IncidentId = e.RowKey,
        AgencyId = e.GetString("AgencyId"),
        Reference = e.GetString("Reference"),
        Status = Enum.Parse<IncidentStatus>(e.GetString("Status")),
        Source = Enum.Parse<IncidentSource>(e.GetString("Source")),
        SubmittedAt = e.GetDateTimeOffset("SubmittedAt") ?? default,
        ReportedBy = e.GetString("ReportedBy"),
        Report = new IncidentReport(
            e.GetDateTimeOffset("OccurredAt") ?? default,
            e.GetString("Description"),
            Enum.Parse<HowIdentified>(e.GetString("HowIdentified")),
            e.GetString("Technology"),
            JsonSerializer.Deserialize<List<PersonInvolved>>(e.GetString("PeopleInvolved"), Json) ?? [],
            e.GetString("Concerns") is { } concerns ? JsonSerializer.Deserialize<Concerns>(concerns, Json) : null),
        Actions = JsonSerializer.Deserialize<List<IncidentAction>>(ReadActions(e), Json) ?? [],
        Conclusion = e.GetString("Conclusion"),
        Email = e.GetString("Email") is { } email ? JsonSerializer.Deserialize<EmailRecord>(email, Json) : null,
        Plan = e.GetString("Plan") is { } plan ? JsonSerializer.Deserialize<RecordedPlan>(plan, Json) : null,
        Outcome = e.GetString("Outcome") is { } outcome ? Enum.Parse<AllegationOutcome>(outcome) : null,
        PostIncidentReview = e.GetString("PolicyReview") is { } review ? JsonSerializer.Deserialize<PostIncidentReviewRecord>(review, Json) : null,
    };
}
