using System.Globalization;
using System.Text;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Tasks;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Response;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform.Orchestration;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http.Incidents;

/// <summary><c>POST /api/incidents</c>: a member of an agency reports an incident for their own agency.</summary>
[Endpoint("POST", "api/incidents", Roles.AgencyMembers)]
public sealed class ReportIncidentEndpoint(IIncidentStore store, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? idempotencyKey = request.Request.Headers[IdempotencyKeyHeader];
        if (idempotencyKey is not null && !IsValidIdempotencyKey(idempotencyKey))
        {
            return Problems.BadRequest("The Idempotency-Key header must be 1 to 200 visible ASCII characters.",
                new Dictionary<string, string[]> { [IdempotencyKeyHeader] = ["Use 1 to 200 visible ASCII characters, for example a UUID."] });
        }

        (ReadOnlyMemory<byte> body, IResult? problem) = await RequestBodies.ReadJsonAsync(request.Request);
        if (problem is not null)
        {
            return problem;
        }

        FieldErrors errors = new();
        IncidentDraft? draft = JsonDraftReader.Read(body, errors);
        if (draft?.AgencyId is { Length: > 0 } agencyId && !request.SignedIn.CanActFor(agencyId))
        {
            return Problems.Forbidden("You can only report incidents for your own agency.");
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        IncidentReport? report = draft is null ? null : IncidentValidation.Validate(draft, now, concernsRequired: true, errors);
        if (report is null || errors.Any)
        {
            return Problems.FieldErrors(errors);
        }

        IncidentSaved saved = await IncidentIntake.SubmitAsync(store, request, draft!.AgencyId!, report, IncidentSource.Form, IncidentStatus.Reported, idempotencyKey, now);
        if (saved.Created)
        {
            await audit.RecordAsync(request.SignedIn, saved.Incident.AgencyId, AuditActions.Create, saved.Incident.IncidentId, "source=" + WireNames.Of(saved.Incident.Source));
        }

        await IncidentIntake.EnsureResponseStartedAsync(request.Signals, saved.Incident.IncidentId, request.Aborted);

        return Results.Json(
            new { incidentId = saved.Incident.IncidentId, reference = saved.Incident.Reference, status = WireNames.Of(saved.Incident.Status), links = new IncidentLinks(IncidentView.SelfLink(saved.Incident.IncidentId)) },
            ApiJson.Options, statusCode: StatusCodes.Status202Accepted);
    }

    static bool IsValidIdempotencyKey(string key) => key.Length is > 0 and <= 200 && key.All(c => c is > ' ' and <= '~');
}

/// <summary>Creating an incident, shared by the API, the form and email intake.</summary>
public static class IncidentIntake
{
    /// <summary>
    /// Starts the incident's response workflow (instance id = incident id) unless it already runs. Called on every
    /// submission, retries included, so an incident saved just before a crash still gets its workflow.
    /// </summary>
    public static Task EnsureResponseStartedAsync(IWorkflowSignals signals, string incidentId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signals);
        return signals.StartIfNewAsync(nameof(IncidentResponse), incidentId, new IncidentResponseInput(incidentId), restartIfFailed: false, cancellationToken);
    }

    public static Task<IncidentSaved> SubmitAsync(
        IIncidentStore store, EndpointRequest request, string agencyId, IncidentReport report, IncidentSource source, IncidentStatus status, string? idempotencyKey, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        Incident incident = new()
        {
            IncidentId = IncidentIds.NewId(now),
            AgencyId = agencyId,
            Reference = string.Empty,
            Status = status,
            Source = source,
            SubmittedAt = now,
            ReportedBy = request.SignedIn.Person.PersonId,
            Report = report,
        };
        return store.CreateAsync(incident, idempotencyKey, request.Aborted);
    }
}

/// <summary>
/// <c>GET /api/incidents/{incidentId}</c>: the agency's e-safety officer and senior manager see any of the agency's
/// incidents; everyone else sees only what they reported themselves. Every read is audited.
/// </summary>
[Endpoint("GET", "api/incidents/{incidentId}", Roles.AgencyMembers)]
public sealed class GetIncidentEndpoint(IIncidentStore store, ITaskStore tasks, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Incident? incident = await store.FindAsync(request.RouteValue("incidentId"), request.Aborted);
        if (incident is null)
        {
            return Problems.NotFound("There is no incident with that id.");
        }

        if (!IncidentAccess.CanRead(request.SignedIn, incident))
        {
            return Problems.Forbidden("You can see only the incidents you reported, unless you lead e-safety for the agency.");
        }

        await audit.RecordAsync(request.SignedIn, incident.AgencyId, AuditActions.Read, incident.IncidentId);
        IncidentView view = IncidentAccess.KeepsTheLog(request.SignedIn.Role)
            ? IncidentView.From(incident, await tasks.ListAsync(incident.AgencyId, request.Aborted), timeProvider.GetUtcNow())
            : IncidentView.ForReporter(incident);
        return Results.Json(view, ApiJson.Options);
    }
}

public static class IncidentAccess
{
    /// <summary>Roles that keep the agency's incident log.</summary>
    public static bool KeepsTheLog(Role role) => role is Role.EsafetyOfficer or Role.SeniorManager;

    public static bool CanRead(Actor actor, Incident incident)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(incident);
        return actor.Role != Role.BoardAdmin && actor.CanActFor(incident.AgencyId)
            && (KeepsTheLog(actor.Role) || incident.ReportedBy == actor.Person.PersonId);
    }
}

/// <summary>Reads the log's filters (status, from, to) from the query string, with field errors for bad values.</summary>
public static class IncidentLogQuery
{
    public static IncidentQuery? Parse(IQueryCollection query, string agencyId, FieldErrors errors, int defaultPageSize = 50)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(errors);
        IncidentStatus? status = null;
        if (query["status"].ToString() is { Length: > 0 } statusText)
        {
            if (WireNames.TryParse(statusText, out IncidentStatus parsed))
            {
                status = parsed;
            }
            else
            {
                errors.Add("status", "Status must be one of: " + string.Join(", ", WireNames.All<IncidentStatus>()));
            }
        }

        DateTimeOffset? from = Date(query, "from", errors);
        DateTimeOffset? to = Date(query, "to", errors);
        int pageSize = defaultPageSize;
        if (query["pageSize"].ToString() is { Length: > 0 } sizeText
            && (!int.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > 200))
        {
            errors.Add("pageSize", "pageSize must be a whole number from 1 to 200");
        }

        string? continuation = query["continuationToken"].ToString() is { Length: > 0 } token ? token : null;
        if (continuation is { Length: > 2048 })
        {
            errors.Add("continuationToken", "The continuation token is not valid");
        }

        return errors.Any ? null : new IncidentQuery(agencyId, status, from, to, PageSize: pageSize, ContinuationToken: continuation);
    }

    static DateTimeOffset? Date(IQueryCollection query, string name, FieldErrors errors)
    {
        string text = query[name].ToString();
        if (text.Length == 0)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset value))
        {
            return value;
        }

        errors.Add(name, name + " must be a date, for example 2026-11-01");
        return null;
    }
}

/// <summary><c>GET /api/incidents</c>: the agency's incident log, newest first, a page at a time.</summary>
[Endpoint("GET", "api/incidents", Roles.EsafetyLeads)]
public sealed class ListIncidentsEndpoint(IIncidentStore store, AuditRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        FieldErrors errors = new();
        IncidentQuery? query = IncidentLogQuery.Parse(request.Request.Query, request.SignedIn.AgencyId, errors);
        if (query is null)
        {
            return Problems.FieldErrors(errors, "Some filters need correcting.");
        }

        IncidentPage page;
        try
        {
            page = await store.ListAsync(query, request.Aborted);
        }
        catch (InvalidContinuationTokenException)
        {
            return Problems.BadRequest("The continuation token is not valid.", new Dictionary<string, string[]> { ["continuationToken"] = ["Start again from the first page."] });
        }

        await audit.RecordAsync(request.SignedIn, query.AgencyId, AuditActions.List, "incident-log");
        return Results.Json(new { items = page.Items.Select(i => IncidentView.From(i)), continuationToken = page.ContinuationToken }, ApiJson.Options);
    }
}

/// <summary><c>GET /api/incidents.csv</c>: the agency's log as CSV for its records, safe to open in a spreadsheet.</summary>
[Endpoint("GET", "api/incidents.csv", Roles.EsafetyLeads)]
public sealed class ExportIncidentsEndpoint(IIncidentStore store, AuditRecorder audit) : IEndpointHandler
{
    const int MaxRows = 50_000;

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        FieldErrors errors = new();
        IncidentQuery? query = IncidentLogQuery.Parse(request.Request.Query, request.SignedIn.AgencyId, errors, defaultPageSize: 200);
        if (query is null)
        {
            return Problems.FieldErrors(errors, "Some filters need correcting.");
        }

        StringBuilder csv = new();
        Csv.AppendRow(csv, ["reference", "submittedAt", "occurredAt", "status", "source", "howIdentified", "technology", "description", "peopleInvolved", "actions", "conclusion"]);
        int rows = 0;
        IncidentQuery next = query with { ContinuationToken = null, PageSize = 200 };
        do
        {
            IncidentPage page = await store.ListAsync(next, request.Aborted);
            foreach (Incident incident in page.Items)
            {
                IncidentReport r = incident.Report;
                Csv.AppendRow(csv,
                [
                    incident.Reference, incident.SubmittedAt.ToString("O", CultureInfo.InvariantCulture), r.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
                    WireNames.Of(incident.Status), WireNames.Of(incident.Source), WireNames.Of(r.HowIdentified), r.Technology ?? string.Empty, r.Description,
                    string.Join("; ", r.PeopleInvolved.Select(p => $"{p.Name} ({WireNames.Of(p.Role)}{(p.IsVictim ? ", victim" : string.Empty)}{(p.IsInstigator ? ", instigator" : string.Empty)})")),
                    string.Join("; ", incident.Actions.Select(a => $"{a.TakenAt:yyyy-MM-dd HH:mm} {a.Description} ({a.TakenBy})")),
                    incident.Conclusion ?? string.Empty,
                ]);
                rows++;
            }

            next = next with { ContinuationToken = page.ContinuationToken };
        }
        while (next.ContinuationToken is not null && rows < MaxRows);

        await audit.RecordAsync(request.SignedIn, query.AgencyId, AuditActions.Export, "incident-log", string.Create(CultureInfo.InvariantCulture, $"csv rows={rows}"));
        request.HttpContext.Response.Headers.ContentDisposition = "attachment; filename=\"incident-log.csv\"";
        return Results.Text(csv.ToString(), "text/csv; charset=utf-8", Encoding.UTF8);
    }
}

/// <summary>CSV that a spreadsheet will not execute: cells that start like a formula are prefixed with an apostrophe.</summary>
public static class Csv
{
    public static void AppendRow(StringBuilder csv, IEnumerable<string> cells)
    {
        ArgumentNullException.ThrowIfNull(csv);
        csv.AppendJoin(',', cells.Select(Cell)).Append("\r\n");
    }

    public static string Cell(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string safe = value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '|' or '%' ? "'" + value : value;
        return "\"" + safe.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}

/// <summary><c>GET /api/agencies/{agencyId}/audit/verification</c>: re-checks the agency's audit hash chain.</summary>
[Endpoint("GET", "api/agencies/{agencyId}/audit/verification", Roles.EsafetyLeads | Roles.BoardAdmin)]
public sealed class VerifyAuditTrailEndpoint(IAuditTrail trail) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string agencyId = request.RouteValue("agencyId");
        AgencyAccessDeniedException.ThrowUnlessAllowed(request.SignedIn, agencyId);
        AuditVerification result = await trail.VerifyAsync(agencyId, request.Aborted);
        return Results.Json(result, ApiJson.Options);
    }
}
