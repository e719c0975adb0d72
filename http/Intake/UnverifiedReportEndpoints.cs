using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Intake;
using EsafetyServerless.Workflows.Platform;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Intake;

/// <summary><c>GET /api/unverified-reports</c>: emailed reports from unknown senders waiting for the officer (attachments are never shown).</summary>
[Endpoint("GET", "api/unverified-reports", UnverifiedReportPermissions.Readers)]
public sealed class ListUnverifiedReportsEndpoint(ListUnverifiedReports listReports) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string stateText = request.Request.Query["state"].ToString();
        UnverifiedReportState? state = UnverifiedReportState.Waiting;
        if (stateText == "all")
        {
            state = null;
        }
        else if (stateText.Length > 0)
        {
            if (!WireNames.TryParse(stateText, out UnverifiedReportState parsed))
            {
                return Problems.BadRequest("state must be waiting, accepted, dismissed or all.");
            }

            state = parsed;
        }

        Outcome<IReadOnlyList<UnverifiedReport>> listed = await listReports.ExecuteAsync(request.SignedIn, state, request.Aborted);
        return ApiResults.From(listed, items => ApiResults.Json(new
        {
            items = items.Select(r => new
            {
                r.ReportId, r.ReceivedAt, r.From, r.Subject, r.Text, state = WireNames.Of(r.State), r.Reason, r.IncidentId,
                rawMessageSha256 = r.RawMessage.Sha256,
                attachments = r.Attachments.Select(a => new { sha256 = a.Sha256, a.Length }),
            }),
        }));
    }
}

/// <summary>
/// <c>POST /api/unverified-reports/{reportId}/acceptance</c>: the officer accepts an unknown sender's email as an
/// incident (awaiting triage). Audited.
/// </summary>
[Endpoint("POST", "api/unverified-reports/{reportId}/acceptance", UnverifiedReportPermissions.Deciders)]
public sealed class AcceptUnverifiedReportEndpoint(AcceptUnverifiedReport acceptReport) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string reportId = request.RouteValue("reportId");
        Outcome<Incident> accepted = await acceptReport.ExecuteAsync(request.SignedIn, reportId, request.Aborted);
        return ApiResults.From(accepted, incident => ApiResults.Json(new
        {
            reportId, state = WireNames.Of(UnverifiedReportState.Accepted), incidentId = incident.IncidentId, reference = incident.Reference,
        }));
    }
}

/// <summary><c>POST /api/unverified-reports/{reportId}/dismissal</c> with <c>{"reason": "..."}</c>: the officer dismisses it. Audited.</summary>
[Endpoint("POST", "api/unverified-reports/{reportId}/dismissal", UnverifiedReportPermissions.Deciders)]
public sealed class DismissUnverifiedReportEndpoint(DismissUnverifiedReport dismissReport) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string reportId = request.RouteValue("reportId");
        JsonFields body = await JsonBody.ReadObjectAsync(request.Request, 16 * 1024);
        DismissalDraft draft = new(body.Text("reason"));
        Outcome<UnverifiedReport> dismissed = body.Errors.Any
            ? Outcome.Invalid(body.Errors, "Give the reason for dismissing the report.")
            : await dismissReport.ExecuteAsync(request.SignedIn, reportId, draft, request.Aborted);
        return ApiResults.From(dismissed, report => ApiResults.Json(new
        {
            reportId, state = WireNames.Of(report.State), incidentId = (string?)null, reference = (string?)null,
        }));
    }
}

/// <summary>
/// <c>POST /incidents/unverified/{reportId}</c> from the incident log page: the form's <c>decision</c> is
/// <c>accept</c> or <c>dismiss</c> (with <c>reason</c>), through the same use cases as the API. Answers by going back
/// to the log with the result shown: a banner, or the problem beside the report's reason box.
/// </summary>
[Endpoint("POST", "incidents/unverified/{reportId}", UnverifiedReportPermissions.Deciders)]
public sealed class DecideUnverifiedReportFormEndpoint(AcceptUnverifiedReport acceptReport, DismissUnverifiedReport dismissReport, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        string decision = form["decision"].ToString();
        if (decision is not ("accept" or "dismiss"))
        {
            return await pages.ProblemAsync(PageContext.For(request), StatusCodes.Status400BadRequest, "Choose to accept or dismiss the report.");
        }

        string reportId = request.RouteValue("reportId");
        Failure? failure;
        string decided;
        if (decision == "accept")
        {
            Outcome<Incident> accepted = await acceptReport.ExecuteAsync(request.SignedIn, reportId, request.Aborted);
            failure = accepted.Failure;
            decided = accepted.Succeeded ? accepted.Value.Reference : string.Empty;
        }
        else
        {
            Outcome<UnverifiedReport> dismissed = await dismissReport.ExecuteAsync(request.SignedIn, reportId, new DismissalDraft(form["reason"].ToString()), request.Aborted);
            failure = dismissed.Failure;
            decided = WireNames.Of(UnverifiedReportState.Dismissed);
        }

        string query = failure is null
            ? "decided=" + Uri.EscapeDataString(decided)
            : "problem=" + Uri.EscapeDataString(reportId) + "&message=" + Uri.EscapeDataString(failure.Errors?.All.FirstOrDefault().Message ?? failure.Detail);
        return Results.Redirect("/incidents?" + query, permanent: false, preserveMethod: false);
    }
}
