using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Incidents;
using EsafetyServerless.Http.Security;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Intake;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Http.Intake;

/// <summary><c>GET /api/unverified-reports</c>: emailed reports from unknown senders waiting for the officer (attachments are never shown).</summary>
[Endpoint("GET", "api/unverified-reports", Roles.EsafetyLeads)]
public sealed class ListUnverifiedReportsEndpoint(IUnverifiedReports reports, AuditRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        UnverifiedReportState? state = request.Request.Query["state"].ToString() switch
        {
            "" => UnverifiedReportState.Waiting,
            "all" => null,
            var s when WireNames.TryParse(s, out UnverifiedReportState parsed) => parsed,
            _ => (UnverifiedReportState?)(-1),
        };
        if (state is (UnverifiedReportState)(-1))
        {
            return Problems.BadRequest("state must be waiting, accepted, dismissed or all.");
        }

        IReadOnlyList<UnverifiedReport> items = await reports.ListAsync(request.SignedIn.AgencyId, state, request.Aborted);
        await audit.RecordAsync(request.SignedIn, request.SignedIn.AgencyId, AuditActions.List, "unverified-reports");
        return Results.Json(new
        {
            items = items.OrderByDescending(r => r.ReceivedAt).Select(r => new
            {
                r.ReportId, r.ReceivedAt, r.From, r.Subject, r.Text, state = WireNames.Of(r.State), r.Reason, r.IncidentId,
                rawMessageSha256 = r.RawMessage.Sha256,
                attachments = r.Attachments.Select(a => new { sha256 = a.Sha256, a.Length }),
            }),
        }, ApiJson.Options);
    }
}

/// <summary>Accepting or dismissing an unverified report: one set of rules for the API and the incident log page.</summary>
public sealed class UnverifiedReportDecisions(IUnverifiedReports reports, IIncidentStore incidents, AuditRecorder audit, TimeProvider timeProvider)
{
    public sealed record Outcome(int Status, string Message, Incident? Incident = null);

    public async Task<Outcome> DecideAsync(EndpointRequest request, string reportId, bool accept, string? reason)
    {
        ArgumentNullException.ThrowIfNull(request);
        Actor officer = request.SignedIn;
        if (!accept && reason is not { Length: > 0 and <= 2000 })
        {
            return new Outcome(StatusCodes.Status400BadRequest, "Enter why this report is being dismissed (up to 2000 characters).");
        }

        UnverifiedReport? report = await reports.GetAsync(officer.AgencyId, reportId, request.Aborted);
        if (report is null)
        {
            return new Outcome(StatusCodes.Status404NotFound, "There is no unverified report with that id in your agency.");
        }

        if (report.State != UnverifiedReportState.Waiting)
        {
            return new Outcome(StatusCodes.Status409Conflict, "This report has already been " + WireNames.Of(report.State) + ".");
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        UnverifiedReport? claimed = await reports.DecideAsync(officer.AgencyId, report.ReportId, r => r with
        {
            State = accept ? UnverifiedReportState.Accepted : UnverifiedReportState.Dismissed,
            DecidedBy = officer.Person.PersonId,
            Reason = accept ? null : reason,
        }, request.Aborted);
        if (claimed is null)
        {
            return new Outcome(StatusCodes.Status409Conflict, "Someone decided this report a moment ago.");
        }

        if (!accept)
        {
            await audit.RecordAsync(request.SignedIn, officer.AgencyId, AuditActions.Change, report.ReportId, "dismissed");
            return new Outcome(StatusCodes.Status200OK, "dismissed");
        }

        Incident incident = EmailIntake.EmailedIncident(
            officer.AgencyId, officer.Person.PersonId, now, report.ReceivedAt, "Subject: " + report.Subject + "\n\n" + report.Text,
            new EmailRecord(report.From, report.Subject, report.RawMessage, report.Attachments),
            [new IncidentAction($"Accepted from an unverified email sender ({report.From})", officer.Person.PersonId, now)]);
        IncidentSaved saved;
        try
        {
            saved = await incidents.CreateAsync(incident, "accept-" + report.ReportId, request.Aborted);
        }
        catch
        {
            // Put the report back in the queue rather than leave it accepted with no incident.
            await reports.SaveAsync(report, CancellationToken.None);
            throw;
        }

        await reports.SaveAsync(claimed with { IncidentId = saved.Incident.IncidentId }, request.Aborted);
        await audit.RecordAsync(request.SignedIn, officer.AgencyId, AuditActions.Create, saved.Incident.IncidentId, "accepted " + report.ReportId);
        await IncidentIntake.EnsureResponseStartedAsync(request.Signals, saved.Incident.IncidentId, request.Aborted);
        return new Outcome(StatusCodes.Status200OK, "accepted", saved.Incident);
    }
}

/// <summary>
/// <c>POST /api/unverified-reports/{reportId}/acceptance</c>: the officer accepts an unknown sender's email as an
/// incident (awaiting triage); <c>.../dismissal</c> with <c>{"reason": "..."}</c> dismisses it. Both are audited.
/// </summary>
public abstract class DecideUnverifiedReportEndpoint(UnverifiedReportDecisions decisions, bool accept) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? reason = null;
        if (!accept)
        {
            (ReadOnlyMemory<byte> body, IResult? problem) = await RequestBodies.ReadJsonAsync(request.Request, 16 * 1024);
            if (problem is not null)
            {
                return problem;
            }

            try
            {
                using System.Text.Json.JsonDocument json = System.Text.Json.JsonDocument.Parse(body);
                reason = json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object && json.RootElement.TryGetProperty("reason", out System.Text.Json.JsonElement r)
                    && r.ValueKind == System.Text.Json.JsonValueKind.String ? r.GetString()?.Trim() : null;
            }
            catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException)
            {
                reason = null;
            }
        }

        string reportId = request.RouteValue("reportId");
        UnverifiedReportDecisions.Outcome outcome = await decisions.DecideAsync(request, reportId, accept, reason);
        return outcome.Status switch
        {
            StatusCodes.Status200OK => Results.Json(new { reportId, state = outcome.Message, incidentId = outcome.Incident?.IncidentId, reference = outcome.Incident?.Reference }, ApiJson.Options),
            StatusCodes.Status400BadRequest => Problems.BadRequest("Give the reason for dismissing the report.", new Dictionary<string, string[]> { ["reason"] = [outcome.Message] }),
            StatusCodes.Status404NotFound => Problems.NotFound(outcome.Message),
            _ => Problems.Create(outcome.Status, "Already decided", outcome.Message),
        };
    }
}

[Endpoint("POST", "api/unverified-reports/{reportId}/acceptance", Roles.EsafetyOfficer)]
public sealed class AcceptUnverifiedReportEndpoint(UnverifiedReportDecisions decisions) : DecideUnverifiedReportEndpoint(decisions, accept: true);

[Endpoint("POST", "api/unverified-reports/{reportId}/dismissal", Roles.EsafetyOfficer)]
public sealed class DismissUnverifiedReportEndpoint(UnverifiedReportDecisions decisions) : DecideUnverifiedReportEndpoint(decisions, accept: false);

/// <summary>
/// <c>POST /incidents/unverified/{reportId}</c> from the incident log page: the form's <c>decision</c> is
/// <c>accept</c> or <c>dismiss</c> (with <c>reason</c>). Answers by going back to the log with the result shown.
/// </summary>
[Endpoint("POST", "incidents/unverified/{reportId}", Roles.EsafetyOfficer)]
public sealed class DecideUnverifiedReportFormEndpoint(UnverifiedReportDecisions decisions) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Request.HasFormContentType || request.Request.ContentLength > 64 * 1024)
        {
            return Pages.LegacyErrorPages.Problem(StatusCodes.Status415UnsupportedMediaType, "Use the buttons on the incident log page.");
        }

        IFormCollection form = await request.Request.ReadFormAsync(request.Aborted);
        string decision = form["decision"].ToString();
        if (decision is not ("accept" or "dismiss"))
        {
            return Pages.LegacyErrorPages.Problem(StatusCodes.Status400BadRequest, "Choose to accept or dismiss the report.");
        }

        string reportId = request.RouteValue("reportId");
        UnverifiedReportDecisions.Outcome outcome = await decisions.DecideAsync(request, reportId, decision == "accept", form["reason"].ToString().Trim());
        string query = outcome.Status == StatusCodes.Status200OK
            ? "decided=" + Uri.EscapeDataString(outcome.Incident?.Reference ?? outcome.Message)
            : "problem=" + Uri.EscapeDataString(reportId) + "&message=" + Uri.EscapeDataString(outcome.Message);
        return Results.Redirect("/incidents?" + query, permanent: false, preserveMethod: false);
    }
}
