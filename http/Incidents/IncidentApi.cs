using System.Globalization;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Response;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Incidents;

/// <summary><c>POST /api/incidents</c>: a member of an agency reports an incident for their own agency.</summary>
[Endpoint("POST", "api/incidents", IncidentPermissions.Reporters)]
public sealed class ReportIncidentEndpoint(ReportIncident reportIncident) : IEndpointHandler
{
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? idempotencyKey = request.Request.Headers[IdempotencyKeyHeader];
        if (idempotencyKey is not null && !(idempotencyKey.Length is > 0 and <= 200 && idempotencyKey.All(c => c is > ' ' and <= '~')))
        {
            return ApiResults.Problem(Outcome.Invalid(IdempotencyKeyHeader, "Use 1 to 200 visible ASCII characters, for example a UUID"));
        }

        JsonFields body = await JsonBody.ReadObjectAsync(request.Request);
        IncidentDraft draft = IncidentJson.ReadReport(body);
        if (body.Errors.Any)
        {
            return ApiResults.Problem(Outcome.Invalid(body.Errors));
        }

        Outcome<Incident> reported = await reportIncident.ExecuteAsync(request.SignedIn, draft, idempotencyKey, IncidentSource.Form, request.Aborted);
        return ApiResults.From(reported, incident => ApiResults.Json(
            new { incidentId = incident.IncidentId, reference = incident.Reference, status = WireNames.Of(incident.Status), links = new IncidentLinks(IncidentView.SelfLink(incident.IncidentId)) },
            StatusCodes.Status202Accepted));
    }
}

/// <summary>
/// <c>GET /api/incidents/{incidentId}</c>: the agency's e-safety officer and senior manager see any of the agency's
/// incidents; everyone else sees only what they reported themselves. Every read is audited.
/// </summary>
[Endpoint("GET", "api/incidents/{incidentId}", IncidentPermissions.Reporters)]
public sealed class GetIncidentEndpoint(ReadIncident readIncident, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IncidentCase> read = await readIncident.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), view: null, request.Aborted);
        return ApiResults.From(read, found => ApiResults.Json(IncidentView.From(found.Incident, timeProvider.GetUtcNow(), found.Tasks)));
    }
}

/// <summary>
/// <c>GET /api/incidents</c>: the agency's incident log, newest first, a page at a time, filtered by <c>status</c>,
/// <c>route</c>, <c>serious</c>, <c>overdue</c> and dates; a member of staff gets their own reports only.
/// </summary>
[Endpoint("GET", "api/incidents", IncidentPermissions.Reporters)]
public sealed class ListIncidentsEndpoint(ListIncidents listIncidents, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IncidentLogResults> page = await listIncidents.ExecuteAsync(request.SignedIn, IncidentQueries.Filter(request.Request.Query), ListIncidents.DefaultPageSize, view: null, request.Aborted);
        DateTimeOffset now = timeProvider.GetUtcNow();
        return ApiResults.From(page, p => ApiResults.Json(new { items = p.Items.Select(i => IncidentView.From(i, now)), continuationToken = p.ContinuationToken }));
    }
}

/// <summary><c>GET /api/incidents.csv</c>: the agency's log as CSV for its records, safe to open in a spreadsheet.</summary>
[Endpoint("GET", "api/incidents.csv", IncidentPermissions.LogKeepers)]
public sealed class ExportIncidentsEndpoint(ExportIncidents exportIncidents) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IncidentExport> export = await exportIncidents.ExecuteAsync(request.SignedIn, IncidentQueries.Filter(request.Request.Query), request.Aborted);
        return ApiResults.From(export, e => Csv.Download("incident-log.csv", Header, e.Rows, Cells));
    }

    static readonly string[] Header = ["reference", "submittedAt", "occurredAt", "status", "source", "howIdentified", "technology", "description", "peopleInvolved", "actions", "conclusion"];

    static IEnumerable<string> Cells(Incident incident)
    {
        IncidentReport r = incident.Report;
        return
        [
            incident.Reference, incident.SubmittedAt.ToString("O", CultureInfo.InvariantCulture), r.OccurredAt.ToString("O", CultureInfo.InvariantCulture),
            WireNames.Of(incident.Status), WireNames.Of(incident.Source), WireNames.Of(r.HowIdentified), r.Technology ?? string.Empty, r.Description,
            string.Join("; ", r.PeopleInvolved.Select(p => $"{p.Name} ({WireNames.Of(p.Role)}{(p.IsVictim ? ", victim" : string.Empty)}{(p.IsInstigator ? ", instigator" : string.Empty)})")),
            string.Join("; ", incident.Actions.Select(a => $"{a.TakenAt:yyyy-MM-dd HH:mm} {a.Description} ({a.TakenBy})")),
            incident.Conclusion ?? string.Empty,
        ];
    }
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/triage</c>: the e-safety officer answers the flowchart's questions for an emailed
/// report (body = the <c>concerns</c> object). The response workflow then records the plan.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/triage", IncidentPermissions.LogKeepers)]
public sealed class TriageIncidentEndpoint(TriageIncident triageIncident) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = await JsonBody.ReadObjectAsync(request.Request, 64 * 1024);
        ConcernsDraft draft = IncidentJson.ReadConcerns(body);
        if (body.Errors.Any)
        {
            return ApiResults.Problem(Outcome.Invalid(body.Errors, "Some answers need correcting."));
        }

        Outcome<Incident> triaged = await triageIncident.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), draft, request.Aborted);
        return ApiResults.From(triaged, incident => ApiResults.Json(new { incidentId = incident.IncidentId, status = WireNames.Of(incident.Status) }, StatusCodes.Status202Accepted));
    }
}

/// <summary><c>POST /api/incidents/{incidentId}/actions</c> <c>{"description", "takenAt"?}</c>: records what was done and by whom.</summary>
[Endpoint("POST", "api/incidents/{incidentId}/actions", IncidentPermissions.LogKeepers)]
public sealed class RecordActionEndpoint(RecordIncidentAction recordAction) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = (await JsonBody.ReadObjectAsync(request.Request, 64 * 1024)).RejectUnknown("description", "takenAt");
        ActionDraft draft = new(body.Text("description"), body.Text("takenAt"));
        if (body.Errors.Any)
        {
            return ApiResults.Problem(Outcome.Invalid(body.Errors));
        }

        Outcome<IncidentAction> recorded = await recordAction.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), draft, request.Aborted);
        return ApiResults.From(recorded, action => ApiResults.Json(action, StatusCodes.Status201Created));
    }
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/conclusion</c> <c>{"conclusion", "outcome"?}</c>: the incident's conclusion; for an
/// allegation against a member of staff the outcome is one of substantiated, malicious, false, unsubstantiated, unfounded.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/conclusion", IncidentPermissions.LogKeepers)]
public sealed class RecordConclusionEndpoint(RecordConclusion recordConclusion, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = (await JsonBody.ReadObjectAsync(request.Request, 64 * 1024)).RejectUnknown("conclusion", "outcome");
        ConclusionDraft draft = new(body.Text("conclusion"), body.Text("outcome"));
        if (body.Errors.Any)
        {
            return ApiResults.Problem(Outcome.Invalid(body.Errors));
        }

        Outcome<Incident> concluded = await recordConclusion.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), draft, request.Aborted);
        return ApiResults.From(concluded, incident => ApiResults.Json(IncidentView.From(incident, timeProvider.GetUtcNow())));
    }
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/corrections</c> <c>{"reason", "changes": {"occurredAt"?, "howIdentified"?, "technology"?,
/// "peopleInvolved"?, "concerns"?, "description"?}}</c>: corrects what was reported; each changed field is an amendment
/// in the incident's <c>amendments</c>. A correction of <c>concerns</c> runs the flowchart again.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/corrections", IncidentPermissions.LogKeepers)]
public sealed class CorrectIncidentEndpoint(CorrectIncident correctIncident, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = await JsonBody.ReadObjectAsync(request.Request, 256 * 1024);
        CorrectionDraft draft = IncidentJson.ReadCorrection(body);
        if (body.Errors.Any)
        {
            return ApiResults.Problem(Outcome.Invalid(body.Errors, "Some corrections need changing."));
        }

        Outcome<Incident> corrected = await correctIncident.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), draft, request.Aborted);
        return ApiResults.From(corrected, incident => ApiResults.Json(IncidentView.From(incident, timeProvider.GetUtcNow())));
    }
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/addenda</c> <c>{"text"}</c>: the reporter adds further information to their own
/// report (201, the incident as they may see it, with <c>addenda</c>); anyone else 403.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/addenda", IncidentPermissions.Reporters)]
public sealed class AddToReportEndpoint(AddToReport addToReport, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = (await JsonBody.ReadObjectAsync(request.Request, 64 * 1024)).RejectUnknown("text");
        string? text = body.Text("text");
        if (body.Errors.Any)
        {
            return ApiResults.Problem(Outcome.Invalid(body.Errors));
        }

        Outcome<Incident> added = await addToReport.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), text, request.Aborted);
        return ApiResults.From(added, incident => ApiResults.Json(IncidentView.From(incident, timeProvider.GetUtcNow()), StatusCodes.Status201Created));
    }
}

/// <summary><c>GET /api/agencies/{agencyId}/audit/verification</c>: re-checks the agency's audit hash chain.</summary>
[Endpoint("GET", "api/agencies/{agencyId}/audit/verification", VerifyAuditTrail.Verifiers)]
public sealed class VerifyAuditTrailEndpoint(VerifyAuditTrail verifyAuditTrail) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<AuditVerification> verified = await verifyAuditTrail.ExecuteAsync(request.SignedIn, request.RouteValue("agencyId"), request.Aborted);
        return ApiResults.From(verified, v => ApiResults.Json(v));
    }
}

/// <summary>The log's filters from a query string (the API's and the log page's).</summary>
public static class IncidentQueries
{
    public static IncidentLogFilter Filter(IQueryCollection query)
    {
        ArgumentNullException.ThrowIfNull(query);
        string? Value(string name) => query[name].ToString() is { Length: > 0 } value ? value : null;
        return new IncidentLogFilter(
            Value("status"), Value("from"), Value("to"), Value("pageSize"), Value("continuationToken"), Value("route"), Value("serious"), Value("overdue"));
    }
}
