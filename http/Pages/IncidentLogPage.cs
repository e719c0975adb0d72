using System.Globalization;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Incidents;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Intake;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http.Pages;

/// <summary>
/// <c>GET /incidents</c>: the agency's incident log for the e-safety officer and senior manager — filter by status
/// and dates, sort the page, move page by page, download the CSV. Works without JavaScript.
/// </summary>
[Endpoint("GET", "incidents", Roles.EsafetyLeads)]
public sealed class IncidentLogPageEndpoint(IIncidentStore store, IPeopleDirectory directory, IUnverifiedReports unverified, AuditRecorder audit) : IEndpointHandler
{
    static readonly GovukHtml.Option[] StatusOptions = [new(string.Empty, "Any status"), new("reported", "Reported"), new("awaiting-triage", "Awaiting triage")];
    static readonly GovukHtml.Option[] SortOptions = [new("newest", "Newest first"), new("oldest", "Oldest first"), new("occurred", "When it happened"), new("reference", "Reference")];

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IQueryCollection q = request.Request.Query;
        FieldErrors errors = new();
        IncidentQuery? query = IncidentLogQuery.Parse(q, request.SignedIn.AgencyId, errors, defaultPageSize: 25);
        IncidentPage page = new([], null);
        if (query is not null)
        {
            try
            {
                page = await store.ListAsync(query, request.Aborted);
            }
            catch (InvalidContinuationTokenException)
            {
                errors.Add("continuationToken", "That page no longer exists; start again from the first page");
            }
        }

        await audit.RecordAsync(request.SignedIn, request.SignedIn.AgencyId, AuditActions.List, "incident-log", "page");
        string sort = q["sort"].ToString();
        IEnumerable<Incident> rows = sort switch
        {
            "oldest" => page.Items.OrderBy(i => i.SubmittedAt),
            "occurred" => page.Items.OrderByDescending(i => i.Report.OccurredAt),
            "reference" => page.Items.OrderBy(i => i.Reference, StringComparer.Ordinal),
            _ => page.Items,
        };
        Dictionary<string, string> names = (await directory.ListPeopleAsync(request.SignedIn.AgencyId, request.Aborted)).ToDictionary(p => p.PersonId, p => p.DisplayName);

        Html html = new Html()
            .Raw(GovukHtml.ErrorSummary(errors.All.Select(e => (e.Field == "continuationToken" ? "status" : e.Field, e.Message))));
        if (q["decided"].ToString() is { Length: > 0 } decided)
        {
            html.Raw(GovukHtml.SuccessBanner(decided == "dismissed" ? "The email was dismissed." : "The email is now incident " + decided + ", waiting for your triage."));
        }

        if (q["message"].ToString() is { Length: > 0 } problem)
        {
            html.Raw(GovukHtml.ErrorSummary([("reason-" + q["problem"].ToString(), problem)]));
        }

        html.Raw("<h1 class=\"govuk-heading-xl\">Incident log</h1>")
            .Raw("<form method=\"get\" action=\"/incidents\" novalidate><div class=\"govuk-grid-row\">")
            .Raw("<div class=\"govuk-grid-column-one-quarter\">").Raw(GovukHtml.Select("status", "status", "Status", StatusOptions, q["status"].ToString(), ErrorFor(errors, "status"))).Raw("</div>")
            .Raw("<div class=\"govuk-grid-column-one-quarter\">").Raw(GovukHtml.TextInput("from", "from", "Reported from", q["from"].ToString(), ErrorFor(errors, "from"), "For example, 2026-11-01", "govuk-input--width-10")).Raw("</div>")
            .Raw("<div class=\"govuk-grid-column-one-quarter\">").Raw(GovukHtml.TextInput("to", "to", "Reported to", q["to"].ToString(), ErrorFor(errors, "to"), "For example, 2026-11-30", "govuk-input--width-10")).Raw("</div>")
            .Raw("<div class=\"govuk-grid-column-one-quarter\">").Raw(GovukHtml.Select("sort", "sort", "Sort by", SortOptions, sort, null)).Raw("</div>")
            .Raw("</div><button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Apply filters</button></form>");

        string filters = Filters(q);
        html.Raw("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/api/incidents.csv").Text(filters.Length > 0 ? "?" + filters : string.Empty).Raw("\" download>Download this log as CSV</a></p>");
        if (!rows.Any())
        {
            html.Raw("<p class=\"govuk-body\">No incidents match.</p>");
        }
        else
        {
            html.Raw("<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--m\">Incidents</caption>")
                .Raw("<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">")
                .Raw("<th scope=\"col\" class=\"govuk-table__header\">Reference</th><th scope=\"col\" class=\"govuk-table__header\">Reported</th>")
                .Raw("<th scope=\"col\" class=\"govuk-table__header\">Happened</th><th scope=\"col\" class=\"govuk-table__header\">How it came to light</th>")
                .Raw("<th scope=\"col\" class=\"govuk-table__header\">Reported by</th><th scope=\"col\" class=\"govuk-table__header\">Status</th></tr></thead><tbody class=\"govuk-table__body\">");
            foreach (Incident incident in rows)
            {
                html.Raw("<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\"><a class=\"govuk-link\" href=\"/incidents/").Text(incident.IncidentId).Raw("\">").Text(incident.Reference).Raw("</a></td>")
                    .Raw("<td class=\"govuk-table__cell\">").Text(incident.SubmittedAt.ToString("d MMM yyyy HH:mm", CultureInfo.GetCultureInfo("en-GB"))).Raw("</td>")
                    .Raw("<td class=\"govuk-table__cell\">").Text(incident.Report.OccurredAt.ToString("d MMM yyyy HH:mm", CultureInfo.GetCultureInfo("en-GB"))).Raw("</td>")
                    .Raw("<td class=\"govuk-table__cell\">").Text(ReportForm.HowIdentifiedOptions.FirstOrDefault(o => o.Value == WireNames.Of(incident.Report.HowIdentified))?.Label).Raw("</td>")
                    .Raw("<td class=\"govuk-table__cell\">").Text(names.GetValueOrDefault(incident.ReportedBy, incident.ReportedBy)).Raw("</td>")
                    .Raw("<td class=\"govuk-table__cell\"><strong class=\"govuk-tag\">").Text(WireNames.Of(incident.Status).Replace('-', ' ')).Raw("</strong></td></tr>");
            }

            html.Raw("</tbody></table>");
        }

        if (page.ContinuationToken is { } next)
        {
            html.Raw("<nav class=\"govuk-pagination\" aria-label=\"Pages\"><div class=\"govuk-pagination__next\"><a class=\"govuk-link govuk-pagination__link\" rel=\"next\" href=\"/incidents?")
                .Text((filters.Length > 0 ? filters + "&" : string.Empty) + "continuationToken=" + Uri.EscapeDataString(next))
                .Raw("\"><span class=\"govuk-pagination__link-title\">Next page</span></a></div></nav>");
        }

        await RenderUnverifiedAsync(html, request);
        return Layout.Page("Incident log", html.ToString(), request.SignedIn);
    }

    /// <summary>Emails from unknown senders: what they say, never their attachments (sealed until triage).</summary>
    async Task RenderUnverifiedAsync(Html html, EndpointRequest request)
    {
        IReadOnlyList<UnverifiedReport> waiting = await unverified.ListAsync(request.SignedIn.AgencyId, UnverifiedReportState.Waiting, request.Aborted);
        html.Raw("<h2 class=\"govuk-heading-l\" id=\"unverified\">Emails from unknown senders</h2>");
        if (waiting.Count == 0)
        {
            html.Raw("<p class=\"govuk-body\">None waiting.</p>");
            return;
        }

        html.Raw("<p class=\"govuk-body\">These arrived at your incident mailbox from addresses not in the directory. Accept a genuine report as an incident, or dismiss it with a reason.</p>");
        bool canDecide = request.SignedIn.Role == Role.EsafetyOfficer;
        foreach (UnverifiedReport report in waiting.OrderByDescending(r => r.ReceivedAt))
        {
            string text = report.Text.Length > 1500 ? report.Text[..1500] + " …" : report.Text;
            html.Raw("<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\"><h3 class=\"govuk-summary-card__title\">").Text(report.Subject.Length > 0 ? report.Subject : "(no subject)").Raw("</h3></div>")
                .Raw("<div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">")
                .Raw("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">From</dt><dd class=\"govuk-summary-list__value\">").Text(report.From).Raw("</dd></div>")
                .Raw("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Received</dt><dd class=\"govuk-summary-list__value\">").Text(report.ReceivedAt.ToString("d MMM yyyy HH:mm", CultureInfo.GetCultureInfo("en-GB"))).Raw("</dd></div>")
                .Raw("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Message</dt><dd class=\"govuk-summary-list__value\" style=\"white-space: pre-wrap\">").Text(text).Raw("</dd></div>")
                .Raw("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Attachments</dt><dd class=\"govuk-summary-list__value\">")
                .Text(report.Attachments.Count == 0 ? "None" : report.Attachments.Count.ToString(CultureInfo.InvariantCulture) + " kept sealed in quarantine until the incident is triaged").Raw("</dd></div></dl>");
            if (canDecide)
            {
                string action = "/incidents/unverified/" + report.ReportId;
                html.Raw("<form method=\"post\" action=\"").Text(action).Raw("\" novalidate><input type=\"hidden\" name=\"decision\" value=\"accept\">")
                    .Raw("<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Accept as an incident</button></form>")
                    .Raw("<form method=\"post\" action=\"").Text(action).Raw("\" novalidate><input type=\"hidden\" name=\"decision\" value=\"dismiss\">")
                    .Raw(GovukHtml.Textarea("reason-" + report.ReportId, "reason", "Reason for dismissing", null, null, rows: 2))
                    .Raw("<button type=\"submit\" class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">Dismiss</button></form>");
            }

            html.Raw("</div></div>");
        }
    }

    static string? ErrorFor(FieldErrors errors, string field) => errors.All.Where(e => e.Field == field).Select(e => e.Message).FirstOrDefault();

    static readonly string[] FilterNames = ["status", "from", "to", "sort"];

    static string Filters(IQueryCollection q) => string.Join('&', FilterNames
        .Where(k => q[k].ToString().Length > 0)
        .Select(k => k + "=" + Uri.EscapeDataString(q[k].ToString())));
}
