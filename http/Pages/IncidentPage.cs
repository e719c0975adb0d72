using System.Globalization;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Incidents;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Tasks;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http.Pages;

/// <summary><c>GET /incidents/{incidentId}</c>: one entry of the log, with everything the standard requires it to hold.</summary>
[Endpoint("GET", "incidents/{incidentId}", Roles.AgencyMembers)]
public sealed class IncidentPageEndpoint(IIncidentStore store, IPeopleDirectory directory, ITaskStore tasks, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    /// <summary>The plan, each escalation with its state and deadline (and a form to record a phoned referral), and the incident's tasks.</summary>
    async Task RenderResponseAsync(Html html, EndpointRequest request, Incident incident, CultureInfo uk, FormProblem? problem)
    {
        DateTimeOffset now = timeProvider.GetUtcNow();
        html.Raw("<h2 class=\"govuk-heading-m\" id=\"escalations\">Response</h2>");
        if (incident.Plan is not { } plan)
        {
            html.Raw("<p class=\"govuk-body\">").Text(incident.Status == IncidentStatus.AwaitingTriage
                ? "Waiting for the e-safety officer to answer the flowchart's questions (triage)."
                : "The response plan is being prepared.").Raw("</p>");
            return;
        }

        html.Raw("<p class=\"govuk-body\">Route: <strong>").Text(WireNames.Of(plan.Route).Replace('-', ' ')).Raw("</strong>")
            .Text(plan.Serious ? " – a serious incident" : " – not serious").Raw("</p>");
        if (plan.Escalations.Count > 0)
        {
            html.Raw("<table class=\"govuk-table\"><caption class=\"govuk-table__caption govuk-table__caption--s\">Referrals outside the agency</caption>")
                .Raw("<thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\"><th scope=\"col\" class=\"govuk-table__header\">To</th>")
                .Raw("<th scope=\"col\" class=\"govuk-table__header\">State</th><th scope=\"col\" class=\"govuk-table__header\">Acknowledge by</th>")
                .Raw("<th scope=\"col\" class=\"govuk-table__header\">Notices</th><th scope=\"col\" class=\"govuk-table__header\">Their reference</th></tr></thead><tbody class=\"govuk-table__body\">");
            foreach (EscalationRecord e in plan.Escalations)
            {
                string tag = e.State switch
                {
                    EscalationState.Acknowledged => "govuk-tag--green",
                    EscalationState.Overdue or EscalationState.Failed => "govuk-tag--red",
                    _ => "govuk-tag--yellow",
                };
                html.Raw("<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">").Text(Workflows.Escalation.TargetNames.Describe(e.Target))
                    .Text(e.Channel is { } c ? (c == Workflows.Escalation.ChannelKind.Email ? " (email)" : " (phone or online form)") : string.Empty).Raw("</td>")
                    .Raw("<td class=\"govuk-table__cell\"><strong class=\"govuk-tag ").Raw(tag).Raw("\">").Text(WireNames.Of(e.State)).Raw("</strong></td>")
                    .Raw("<td class=\"govuk-table__cell\">").Text(e.DueAt.ToString("d MMM yyyy HH:mm", uk)).Raw("</td>")
                    .Raw("<td class=\"govuk-table__cell\">").Text(e.Attempts.ToString(CultureInfo.InvariantCulture)).Raw("</td>")
                    .Raw("<td class=\"govuk-table__cell\">").Text(e.ExternalReference ?? "–").Raw("</td></tr>");
            }

            html.Raw("</tbody></table>");
            foreach (EscalationRecord e in plan.Escalations.Where(e => e.State != EscalationState.Acknowledged))
            {
                string id = "reference-" + e.EscalationId;
                string? error = problem?.Form == "escalation:" + e.EscalationId ? problem.Errors.All.Select(x => x.Message).FirstOrDefault() : null;
                html.Raw("<form method=\"post\" action=\"/incidents/").Text(incident.IncidentId).Raw("/escalations/").Text(e.EscalationId).Raw("\" novalidate>")
                    .Raw(GovukHtml.TextInput(id, "reference", "Reference from " + Workflows.Escalation.TargetNames.Describe(e.Target), null, error,
                        "If you made this referral by phone or online form, or they acknowledged it by phone, record their reference.", "govuk-input--width-20"))
                    .Raw("<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Record reference</button></form>");
            }
        }

        IEnumerable<WorkTask> mine = (await tasks.ListAsync(incident.AgencyId, request.Aborted)).Where(t => t.SubjectId == incident.IncidentId);
        html.Raw("<h3 class=\"govuk-heading-s\">Tasks</h3><ul class=\"govuk-list\">");
        foreach (WorkTask task in mine)
        {
            string state = task.State == WorkTaskState.Done ? "done" : task.IsOverdue(now) ? "overdue" : "due " + task.DueAt.ToString("d MMM yyyy HH:mm", uk);
            html.Raw("<li><a class=\"govuk-link\" href=\"").Text(task.Link).Raw("\">").Text(task.Title).Raw("</a> – ").Text(state).Raw("</li>");
        }

        html.Raw("</ul>");
    }

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Incident? incident = await store.FindAsync(request.RouteValue("incidentId"), request.Aborted);
        if (incident is null)
        {
            return ErrorPages.Problem(StatusCodes.Status404NotFound, "There is no incident with that reference.");
        }

        if (!IncidentAccess.CanRead(request.SignedIn, incident))
        {
            return ErrorPages.Forbidden("You can see only the incidents you reported, unless you lead e-safety for the agency.");
        }

        await audit.RecordAsync(request.SignedIn, incident.AgencyId, AuditActions.Read, incident.IncidentId, "page");
        return await this.RenderAsync(request, incident, null);
    }

    /// <summary>
    /// The page, optionally with a form's errors and what was typed (the triage, action and conclusion forms post to
    /// their own endpoints and, when something needs correcting, show this page again with a GOV.UK error summary).
    /// </summary>
    public async Task<IResult> RenderAsync(EndpointRequest request, Incident incident, FormProblem? problem)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(incident);
        Person? reporter = await directory.GetPersonAsync(incident.ReportedBy, request.Aborted);
        CultureInfo uk = CultureInfo.GetCultureInfo("en-GB");
        IncidentReport r = incident.Report;
        Html html = new Html();
        if (problem is not null)
        {
            html.Raw(GovukHtml.ErrorSummary(problem.Errors.All.Select(e => (problem.FieldId(e.Field), e.Message))));
        }

        if (request.Request.Query["acknowledged"].ToString().Length > 0 || request.Request.Query["saved"].ToString().Length > 0)
        {
            html.Raw(GovukHtml.SuccessBanner("Saved."));
        }

        html.Raw("<span class=\"govuk-caption-l\">Incident ").Text(incident.Reference).Raw("</span>")
            .Raw("<h1 class=\"govuk-heading-l\">What was reported</h1><dl class=\"govuk-summary-list\">");
        void Row(string key, string? value) => html.Raw("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">").Text(key)
            .Raw("</dt><dd class=\"govuk-summary-list__value\">").Text(string.IsNullOrEmpty(value) ? "Not given" : value).Raw("</dd></div>");
        Row("Reported", incident.SubmittedAt.ToString("d MMMM yyyy HH:mm", uk) + " by " + (reporter?.DisplayName ?? incident.ReportedBy) + (incident.Source == IncidentSource.Email ? " (by email)" : string.Empty));
        Row("Happened", r.OccurredAt.ToString("d MMMM yyyy HH:mm", uk));
        Row("How it came to light", ReportForm.HowIdentifiedOptions.FirstOrDefault(o => o.Value == WireNames.Of(r.HowIdentified))?.Label);
        Row("Device, app or website", r.Technology);
        html.Raw("</dl><h2 class=\"govuk-heading-m\">Description</h2><p class=\"govuk-body\" style=\"white-space: pre-wrap\">").Text(r.Description).Raw("</p>")
            .Raw("<h2 class=\"govuk-heading-m\">People involved</h2>");
        if (r.PeopleInvolved.Count == 0)
        {
            html.Raw("<p class=\"govuk-body\">None named.</p>");
        }
        else
        {
            html.Raw("<ul class=\"govuk-list govuk-list--bullet\">");
            foreach (PersonInvolved p in r.PeopleInvolved)
            {
                html.Raw("<li>").Text(p.Name).Raw(" – ").Text(ReportForm.RoleOptions.First(o => o.Value == WireNames.Of(p.Role)).Label)
                    .Text(p.DateOfBirth is { } dob ? ", born " + dob.ToString("d MMMM yyyy", uk) : string.Empty)
                    .Text(p.IsVictim ? ", harmed or targeted" : string.Empty).Text(p.IsInstigator ? ", caused it" : string.Empty).Raw("</li>");
            }

            html.Raw("</ul>");
        }

        // A reporter sees what they reported; the officer's actions and conclusion are for those who keep the log.
        if (!IncidentAccess.KeepsTheLog(request.SignedIn.Role))
        {
            html.Raw("<div class=\"govuk-inset-text\">Your e-safety officer has this report and will decide what to do.</div>");
            return Layout.Page("Incident " + incident.Reference, html.ToString(), request.SignedIn);
        }

        if (incident.Status == IncidentStatus.AwaitingTriage)
        {
            IFormCollection? typed = problem?.Form == "triage" ? problem.Values : null;
            html.Raw("<h2 class=\"govuk-heading-l\" id=\"triage\">Triage</h2>")
                .Raw("<p class=\"govuk-body\">This report arrived by email. Answer the flowchart's questions so the right people are told.</p>")
                .Raw("<form method=\"post\" action=\"/incidents/").Text(incident.IncidentId).Raw("/triage\" novalidate>")
                .Raw(ReportForm.ConcernsFields(typed, problem?.Form == "triage" ? problem.Errors : null))
                .Raw("<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Save triage</button></form>");
        }

        await this.RenderResponseAsync(html, request, incident, uk, problem);
        html.Raw("<h2 class=\"govuk-heading-m\">Actions taken</h2>");
        if (incident.Actions.Count == 0)
        {
            html.Raw("<p class=\"govuk-body\">None recorded yet.</p>");
        }
        else
        {
            html.Raw("<ul class=\"govuk-list\">");
            foreach (IncidentAction action in incident.Actions)
            {
                html.Raw("<li>").Text(action.TakenAt.ToString("d MMM yyyy HH:mm", uk)).Raw(" – ").Text(action.Description).Raw(" (").Text(action.TakenBy).Raw(")</li>");
            }

            html.Raw("</ul>");
        }

        string? Error(string form, string field) => problem?.Form == form ? problem.Errors.All.Where(e => e.Field == field).Select(e => e.Message).FirstOrDefault() : null;
        string? Typed(string form, string field) => problem?.Form == form ? problem.Values[field].ToString() : null;
        html.Raw("<form method=\"post\" action=\"/incidents/").Text(incident.IncidentId).Raw("/actions\" novalidate>")
            .Raw(GovukHtml.Textarea("action-description", "description", "Record an action", Typed("action", "description"), Error("action", "description"),
                "What was done, for example \"Parents informed by phone\". It is recorded with your name and the time.", rows: 3))
            .Raw("<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Record action</button></form>");

        html.Raw("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/incidents/").Text(incident.IncidentId).Raw("/evidence\">Evidence, legal hold and disclosure requests</a></p>");
        html.Raw("<h2 class=\"govuk-heading-m\" id=\"conclusion\">Conclusion</h2><p class=\"govuk-body\" style=\"white-space: pre-wrap\">").Text(incident.Conclusion ?? "Not concluded yet.").Raw("</p>");
        if (incident.Outcome is { } outcome)
        {
            html.Raw("<p class=\"govuk-body\">Outcome of the allegation: <strong>").Text(WireNames.Of(outcome)).Raw("</strong></p>");
        }

        html.Raw("<form method=\"post\" action=\"/incidents/").Text(incident.IncidentId).Raw("/conclusion\" novalidate>")
            .Raw(GovukHtml.Textarea("conclusion", "conclusion", incident.Conclusion is null ? "Record the conclusion" : "Change the conclusion", Typed("conclusion", "conclusion"), Error("conclusion", "conclusion"), rows: 4));
        if (incident.Report.Concerns?.StaffInvolved == true)
        {
            GovukHtml.Option[] outcomes = [.. WireNames.All<AllegationOutcome>().Select(o => new GovukHtml.Option(o, char.ToUpperInvariant(o[0]) + o[1..]))];
            html.Raw(GovukHtml.Choices("radio", "outcome", "outcome", "Outcome of the allegation against the member of staff or volunteer", outcomes,
                Typed("conclusion", "outcome") is { Length: > 0 } chosen ? new HashSet<string> { chosen } : new HashSet<string>(), Error("conclusion", "outcome"), legendSize: "s"));
        }

        html.Raw("<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Save conclusion</button></form>");
        return Layout.Page("Incident " + incident.Reference, html.ToString(), request.SignedIn, problem is null ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest);
    }
}

/// <summary>A form on the incident page that needs correcting: which form, its errors, and what was typed.</summary>
public sealed record FormProblem(string Form, FieldErrors Errors, IFormCollection Values)
{
    public string FieldId(string field) => this.Form switch
    {
        "triage" => ReportForm.FieldId(field),
        "action" => "action-description",
        _ when this.Form.StartsWith("escalation:", StringComparison.Ordinal) => "reference-" + this.Form["escalation:".Length..],
        _ => field,
    };
}
