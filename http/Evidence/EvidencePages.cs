using System.Globalization;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http.Evidence;

/// <summary>
/// <c>GET /incidents/{incidentId}/evidence</c>: the incident's evidence page — the legal hold, the register with each
/// file's hash (download with a reason), the device and site reviews, the disclosure requests, the retention date and
/// the chain of custody. Technicians and the officer see it all; the senior manager sees the hold and disclosures to
/// decide on them. Works without JavaScript; every form posts back to the same address.
/// </summary>
[Endpoint("GET", "incidents/{incidentId}/evidence", Roles.EsafetyLeads | Roles.Technician)]
public sealed class EvidencePageEndpoint(
    IIncidentStore store, IEvidenceRegister register, IDeviceReviews reviews, ILegalHolds holds, IDisclosureRequests disclosures,
    IRetentionSchedule retention, IPeopleDirectory directory, IAuditTrail trail, ICustodyIndex index, CustodyRecorder audit) : IEndpointHandler
{
    static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    static readonly GovukHtml.Option[] Bodies = [new("police", "Police"), new("lado", "LADO"), new("other-agency", "Another agency")];

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Incident? incident = await store.FindAsync(request.RouteValue("incidentId"), request.Aborted);
        if (incident is null)
        {
            return LegacyErrorPages.Problem(StatusCodes.Status404NotFound, "There is no incident with that reference.");
        }

        if (!EvidenceAccess.Permits(request.SignedIn, incident, EvidenceCase.DisclosureReaders))
        {
            return LegacyErrorPages.Forbidden("Only the agency's IT technicians, e-safety officer and senior manager see an incident's evidence.");
        }

        await EvidenceAccess.RecordCustodyAsync(audit, request, incident, CustodyActions.View, incident.IncidentId, "evidence page");
        Role role = request.SignedIn.Role;
        bool handler = role is Role.Technician or Role.EsafetyOfficer;
        IReadOnlyList<Person> people = await directory.ListPeopleAsync(incident.AgencyId, request.Aborted);
        string Name(string personId) => people.FirstOrDefault(p => p.PersonId == personId)?.DisplayName ?? personId;
        string action = "/incidents/" + incident.IncidentId + "/evidence";

        Html html = new();
        IQueryCollection q = request.Request.Query;
        if (q["done"].ToString() is { Length: > 0 } done)
        {
            html.Raw(GovukHtml.SuccessBanner(done));
        }

        if (q["message"].ToString() is { Length: > 0 } problem)
        {
            html.Raw(GovukHtml.ErrorSummary([(q["problem"].ToString(), problem)]));
        }

        html.Raw("<span class=\"govuk-caption-l\">Incident ").Text(incident.Reference).Raw("</span><h1 class=\"govuk-heading-l\">Evidence</h1>");
        if (EvidenceAccess.InvolvesIndecentImages(incident))
        {
            html.Raw(GovukHtml.WarningText("Indecent images of children are suspected. Never view, copy or upload such material: record the device as a held item and leave it to the police."));
        }

        // Legal hold.
        LegalHold? hold = await holds.FindAsync(incident.IncidentId, request.Aborted);
        html.Raw("<h2 class=\"govuk-heading-m\" id=\"hold\">Legal hold</h2>");
        if (hold is { IsActive: true })
        {
            html.Raw("<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--red\">On legal hold</strong></p><dl class=\"govuk-summary-list\">");
            Row(html, "Placed", hold.PlacedAt.ToString("d MMMM yyyy HH:mm", Uk) + " by " + (hold.Automatic ? "the system (serious incident)" : Name(hold.PlacedBy)));
            Row(html, "Why", hold.Reason);
            html.Raw("</dl><p class=\"govuk-body\">Nothing of this incident can be purged while the hold stands.</p>");
            if (role == Role.SeniorManager)
            {
                html.Raw(Form(action, "hold-release")).Raw(GovukHtml.Textarea("hold-release-reason", "reason", "Why the hold can be released", null, null, rows: 3))
                    .Raw("<button type=\"submit\" class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">Release the legal hold</button></form>");
            }
        }
        else
        {
            html.Raw("<p class=\"govuk-body\">").Text(hold is null ? "Not on legal hold." : "The hold was released on " + hold.ReleasedAt!.Value.ToString("d MMMM yyyy", Uk) + " by " + Name(hold.ReleasedBy!) + ": " + hold.ReleaseReason).Raw("</p>");
            if (role is Role.EsafetyOfficer or Role.SeniorManager)
            {
                html.Raw(Form(action, "hold-place")).Raw(GovukHtml.Textarea("hold-place-reason", "reason", "Why the evidence must be held", null, null, rows: 3))
                    .Raw("<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Place a legal hold</button></form>");
            }
        }

        IReadOnlyList<EvidenceItem> items = await register.ListAsync(incident.IncidentId, request.Aborted);
        if (handler)
        {
            Register(html, incident, items, Name);
            await this.ReviewsAsync(html, incident, people, Name, action, request.Aborted);
        }

        await this.DisclosuresAsync(html, incident, role, Name, action, request.Aborted);

        RetentionEntry? due = await retention.FindAsync(incident.IncidentId, request.Aborted);
        html.Raw("<h2 class=\"govuk-heading-m\" id=\"retention\">Retention</h2><p class=\"govuk-body\">")
            .Text(due is null ? "No retention date yet: it is set when the response plan is recorded." : "Review due " + due.ReviewDueAt.ToString("d MMMM yyyy", Uk) + ". " + due.Basis + ".").Raw("</p>");

        if (handler)
        {
            IReadOnlyList<CustodyRecord> custody = await CustodyLog.ReadAsync(trail, index, incident, request.Aborted);
            html.Raw("<h2 class=\"govuk-heading-m\" id=\"custody\">Chain of custody</h2><table class=\"govuk-table\"><thead class=\"govuk-table__head\"><tr class=\"govuk-table__row\">")
                .Raw("<th scope=\"col\" class=\"govuk-table__header\">When</th><th scope=\"col\" class=\"govuk-table__header\">What</th><th scope=\"col\" class=\"govuk-table__header\">Who</th>")
                .Raw("<th scope=\"col\" class=\"govuk-table__header\">Why</th><th scope=\"col\" class=\"govuk-table__header\">From</th></tr></thead><tbody class=\"govuk-table__body\">");
            foreach (CustodyRecord entry in custody)
            {
                html.Raw("<tr class=\"govuk-table__row\"><td class=\"govuk-table__cell\">").Text(entry.At.ToString("d MMM yyyy HH:mm:ss", Uk)).Raw("</td>")
                    .Raw("<td class=\"govuk-table__cell\">").Text(entry.What).Raw("</td><td class=\"govuk-table__cell\">").Text(Name(entry.Who) + " (" + entry.Role + ")").Raw("</td>")
                    .Raw("<td class=\"govuk-table__cell\">").Text(entry.Why).Raw("</td><td class=\"govuk-table__cell\">").Text(entry.From).Raw("</td></tr>");
            }

            html.Raw("</tbody></table>");
        }

        return Layout.Page("Evidence for incident " + incident.Reference, html.ToString(), request.SignedIn);
    }

    static void Register(Html html, Incident incident, IReadOnlyList<EvidenceItem> items, Func<string, string> name)
    {
        html.Raw("<h2 class=\"govuk-heading-m\" id=\"register\">Evidence register</h2>");
        if (items.Count == 0)
        {
            html.Raw("<p class=\"govuk-body\">Nothing recorded yet. Upload files or record held items through the API.</p>");
            return;
        }

        foreach (EvidenceItem item in items.OrderBy(i => i.AddedAt))
        {
            html.Raw("<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\"><h3 class=\"govuk-summary-card__title\">").Text(item.Title).Raw("</h3></div>")
                .Raw("<div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">");
            Row(html, "Added", item.AddedAt.ToString("d MMMM yyyy HH:mm", Uk) + " by " + name(item.AddedBy));
            if (item.File is { } file)
            {
                Row(html, "File", file.FileName + " (" + file.Length.ToString("N0", Uk) + " bytes)");
                Row(html, "SHA-256", file.Sha256);
            }

            if (item.Held is { } held)
            {
                Row(html, "Held at", held.Location);
                Row(html, "Secured", held.SecuredAt.ToString("d MMMM yyyy HH:mm", Uk) + " by " + held.SecuredBy);
                Row(html, "Seal number", held.SealNumber);
            }

            html.Raw("</dl>");
            if (item.File is not null)
            {
                string id = "download-" + item.EvidenceId;
                html.Raw("<form method=\"get\" action=\"/api/incidents/").Text(incident.IncidentId).Raw("/evidence/").Text(item.EvidenceId).Raw("/content\" novalidate>")
                    .Raw(GovukHtml.TextInput(id, "reason", "Why you need to download it (recorded in the chain of custody)", null, null))
                    .Raw("<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Download</button></form>");
            }

            html.Raw("</div></div>");
        }
    }

    async Task ReviewsAsync(Html html, Incident incident, IReadOnlyList<Person> people, Func<string, string> name, string action, CancellationToken cancellationToken)
    {
        html.Raw("<h2 class=\"govuk-heading-m\" id=\"reviews\">Device and site reviews</h2>");
        foreach (DeviceReview review in (await reviews.ListAsync(incident.IncidentId, cancellationToken)).OrderBy(r => r.ReviewedAt))
        {
            html.Raw("<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\"><h3 class=\"govuk-summary-card__title\">").Text(review.DeviceOrSite).Raw("</h3></div>")
                .Raw("<div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">");
            Row(html, "Reviewed", review.ReviewedAt.ToString("d MMMM yyyy HH:mm", Uk));
            Row(html, "First reviewer", name(review.FirstReviewer));
            Row(html, "Second reviewer", name(review.SecondReviewer));
            Row(html, "Machine used", review.Machine);
            Row(html, "What was reviewed", review.WhatWasReviewed);
            Row(html, "Why", review.Why);
            Row(html, "Conclusion", review.Conclusion);
            html.Raw("</dl></div></div>");
        }

        if (DeviceReviewRules.Refusal(incident) is { } refusal)
        {
            html.Raw("<div class=\"govuk-inset-text\">").Text(refusal).Raw("</div>");
            return;
        }

        GovukHtml.Option[] reviewers = [new(string.Empty, "Choose a person"), .. people.Where(p => p.Role != Role.BoardAdmin).OrderBy(p => p.DisplayName).Select(p => new GovukHtml.Option(p.PersonId, p.DisplayName))];
        html.Raw("<h3 class=\"govuk-heading-s\">Record a review</h3><p class=\"govuk-body\">Two people review the device or site together, on a computer children do not use. Stop and call the police if illegal images appear.</p>")
            .Raw(Form(action, "review"))
            .Raw(GovukHtml.Select("firstReviewer", "firstReviewer", "First reviewer", reviewers, null, null))
            .Raw(GovukHtml.Select("secondReviewer", "secondReviewer", "Second reviewer", reviewers, null, null))
            .Raw(GovukHtml.TextInput("reviewedAt", "reviewedAt", "When it was reviewed", null, null, "For example, 2026-11-20T15:00", "govuk-input--width-20"))
            .Raw(GovukHtml.TextInput("machine", "machine", "The computer used for the review", null, null))
            .Raw(GovukHtml.TextInput("deviceOrSite", "deviceOrSite", "The device or website reviewed", null, null))
            .Raw(GovukHtml.Textarea("whatWasReviewed", "whatWasReviewed", "What was reviewed", null, null, rows: 3))
            .Raw(GovukHtml.Textarea("why", "why", "Why it was reviewed", null, null, rows: 3))
            .Raw(GovukHtml.Textarea("conclusion", "conclusion", "Conclusion", null, null, rows: 3))
            .Raw("<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Record the review</button></form>");
    }

    async Task DisclosuresAsync(Html html, Incident incident, Role role, Func<string, string> name, string action, CancellationToken cancellationToken)
    {
        html.Raw("<h2 class=\"govuk-heading-m\" id=\"disclosures\">Disclosure requests</h2>");
        IReadOnlyList<DisclosureRequest> found = await disclosures.ListAsync(incident.IncidentId, cancellationToken);
        if (found.Count == 0)
        {
            html.Raw("<p class=\"govuk-body\">None.</p>");
        }

        foreach (DisclosureRequest d in found.OrderBy(d => d.RecordedAt))
        {
            html.Raw("<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\"><h3 class=\"govuk-summary-card__title\">")
                .Text(Bodies.First(b => b.Value == WireNames.Of(d.RequestingBody)).Label + " – " + d.RequesterReference).Raw("</h3></div>")
                .Raw("<div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">");
            Row(html, "Asked by", d.RequesterName + (d.RequesterOrganisation is null ? string.Empty : ", " + d.RequesterOrganisation));
            Row(html, "What is requested", d.Requested);
            Row(html, "Recorded", d.RecordedAt.ToString("d MMMM yyyy HH:mm", Uk) + " by " + name(d.RecordedBy));
            Row(html, "Status", WireNames.Of(d.State));
            if (d.Decision is { } decision)
            {
                Row(html, decision.Approved ? "Approved" : "Refused", decision.DecidedAt.ToString("d MMMM yyyy HH:mm", Uk) + " by " + name(decision.DecidedBy) + ": " + decision.Reason);
            }

            if (d.Package is { } package)
            {
                Row(html, "Manifest SHA-256", package.ManifestSha256);
                Row(html, "Link", d.Download is { } download
                    ? "Downloaded " + download.At.ToString("d MMMM yyyy HH:mm", Uk) + " from " + download.From
                    : "Not used yet; expires " + package.LinkExpiresAt.ToString("d MMMM yyyy HH:mm", Uk));
            }

            html.Raw("</dl>");
            if (role == Role.SeniorManager && d.State == DisclosureState.Requested)
            {
                html.Raw(Form(action, "disclosure-decision")).Raw("<input type=\"hidden\" name=\"requestId\" value=\"").Text(d.RequestId).Raw("\">")
                    .Raw(GovukHtml.Choices("radio", "decision-" + d.RequestId, "decision", "Your decision", [new("approve", "Approve the disclosure"), new("refuse", "Refuse it")], new HashSet<string>(), null, inline: true, legendSize: "s"))
                    .Raw(GovukHtml.Textarea("reason-" + d.RequestId, "reason", "Your reasons", null, null, rows: 3))
                    .Raw("<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Record the decision</button></form>");
            }

            html.Raw("</div></div>");
        }

        if (role is Role.Technician or Role.EsafetyOfficer)
        {
            html.Raw("<h3 class=\"govuk-heading-s\">Record a request</h3>").Raw(Form(action, "disclosure-request"))
                .Raw(GovukHtml.Choices("radio", "requestingBody", "requestingBody", "Who is asking", Bodies, new HashSet<string>(), null, inline: true, legendSize: "s"))
                .Raw(GovukHtml.TextInput("requesterName", "requesterName", "Name and role of the person asking", null, null))
                .Raw(GovukHtml.TextInput("requesterOrganisation", "requesterOrganisation", "Their organisation (optional)", null, null))
                .Raw(GovukHtml.TextInput("requesterReference", "requesterReference", "Their reference (crime number, LADO reference)", null, null, inputClass: "govuk-input--width-20"))
                .Raw(GovukHtml.Textarea("requested", "requested", "What they ask for", null, null, rows: 3))
                .Raw("<button type=\"submit\" class=\"govuk-button govuk-button--secondary\" data-module=\"govuk-button\">Record the request</button></form>");
        }
    }

    static string Form(string action, string kind) =>
        new Html().Raw("<form method=\"post\" action=\"").Text(action).Raw("\" novalidate><input type=\"hidden\" name=\"action\" value=\"").Text(kind).Raw("\">").ToString();

    static void Row(Html html, string key, string? value) =>
        html.Raw("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">").Text(key)
            .Raw("</dt><dd class=\"govuk-summary-list__value\" style=\"white-space: pre-wrap\">").Text(string.IsNullOrEmpty(value) ? "Not given" : value).Raw("</dd></div>");
}

/// <summary>
/// <c>POST /incidents/{incidentId}/evidence</c>: the evidence page's forms (field <c>action</c>: review, hold-place,
/// hold-release, disclosure-request, disclosure-decision), run through the same rules as the API. An approval shows
/// the package's one-time link at once; everything else returns to the page.
/// </summary>
[Endpoint("POST", "incidents/{incidentId}/evidence", Roles.EsafetyLeads | Roles.Technician)]
public sealed class EvidencePageFormEndpoint(IIncidentStore store, EvidenceCase evidence) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Request.HasFormContentType || request.Request.ContentLength > 64 * 1024)
        {
            return LegacyErrorPages.Problem(StatusCodes.Status415UnsupportedMediaType, "Use the forms on the evidence page.");
        }

        Incident? incident = await store.FindAsync(request.RouteValue("incidentId"), request.Aborted);
        if (incident is null)
        {
            return LegacyErrorPages.Problem(StatusCodes.Status404NotFound, "There is no incident with that reference.");
        }

        IFormCollection form = await request.Request.ReadFormAsync(request.Aborted);
        string? F(string name) => form[name].ToString() is { Length: > 0 } value ? value : null;
        string kind = form["action"].ToString();
        CaseOutcome outcome = kind switch
        {
            "review" => await evidence.RecordReviewAsync(request, incident, new DeviceReviewDraft(
                F("firstReviewer"), F("secondReviewer"), F("reviewedAt"), F("machine"), F("deviceOrSite"), F("whatWasReviewed"), F("why"), F("conclusion"))),
            "hold-place" => await evidence.PlaceHoldAsync(request, incident, F("reason")),
            "hold-release" => await evidence.ReleaseHoldAsync(request, incident, F("reason")),
            "disclosure-request" => await evidence.RequestDisclosureAsync(request, incident, new DisclosureRequestDraft(
                F("requestingBody"), F("requesterName"), F("requesterOrganisation"), F("requesterReference"), F("requested"))),
            "disclosure-decision" => await evidence.DecideDisclosureAsync(request, incident, form["requestId"].ToString(), F("decision"), F("reason")),
            _ => new CaseOutcome(StatusCodes.Status400BadRequest, "Unknown form", "Use the forms on the evidence page."),
        };

        if (outcome.Status == StatusCodes.Status403Forbidden)
        {
            return LegacyErrorPages.Forbidden(outcome.Detail);
        }

        string page = "/incidents/" + incident.IncidentId + "/evidence";
        if (!outcome.Succeeded)
        {
            string message = outcome.Errors is { Any: true } errors ? string.Join(". ", errors.All.Select(e => e.Message)) : outcome.Detail;
            return Results.Redirect(page + "?problem=" + Uri.EscapeDataString(kind) + "&message=" + Uri.EscapeDataString(message), permanent: false, preserveMethod: false);
        }

        if (outcome.Value is DisclosureApproval { DownloadUrl: var link })
        {
            Html html = new Html()
                .Raw("<div class=\"govuk-panel govuk-panel--confirmation\"><h1 class=\"govuk-panel__title\">Disclosure approved</h1>")
                .Raw("<div class=\"govuk-panel__body\">The export package for incident ").Text(incident.Reference).Raw(" is ready</div></div>")
                .Raw("<p class=\"govuk-body\">Send this link to the requester. It works <strong>once</strong> and expires in ")
                .Text(DisclosureRules.LinkLifetime.TotalDays.ToString(CultureInfo.InvariantCulture)).Raw(" days. It is not shown again.</p>")
                .Raw("<p class=\"govuk-body\"><code style=\"word-break: break-all\">").Text(link).Raw("</code></p>")
                .Raw("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"").Text(page).Raw("\">Back to the evidence</a></p>");
            return Layout.Page("Disclosure approved", html.ToString(), request.SignedIn);
        }

        return Results.Redirect(page + "?done=" + Uri.EscapeDataString(outcome.Title), permanent: false, preserveMethod: false);
    }
}

/// <summary>
/// <c>GET /retention</c>: the e-safety officer's list of incidents whose retention review is due (the daily job opens a
/// task for each). Each can be purged once the officer has reviewed it — confirmed by typing its reference — unless a
/// legal hold stands.
/// </summary>
[Endpoint("GET", "retention", Roles.EsafetyOfficer)]
public sealed class RetentionPageEndpoint(IRetentionSchedule retention, ILegalHolds holds, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        CultureInfo uk = CultureInfo.GetCultureInfo("en-GB");
        IReadOnlyList<RetentionDueView> due = await RetentionDueView.ListAsync(retention, holds, request.SignedIn.AgencyId, timeProvider.GetUtcNow(), request.Aborted);
        await audit.RecordAsync(request.SignedIn, request.SignedIn.AgencyId, AuditActions.List, "retention-due", "page");
        Html html = new();
        IQueryCollection q = request.Request.Query;
        if (q["done"].ToString() is { Length: > 0 } done)
        {
            html.Raw(GovukHtml.SuccessBanner(done));
        }

        if (q["message"].ToString() is { Length: > 0 } problem)
        {
            html.Raw(GovukHtml.ErrorSummary([("purge-" + q["problem"].ToString(), problem)]));
        }

        html.Raw("<h1 class=\"govuk-heading-xl\">Records due for retention review</h1>")
            .Raw("<p class=\"govuk-body\">These incidents have reached the end of their retention period (child protection records: the child's date of birth + 25 years; allegations against staff: normal retirement age or 10 years, whichever is longer; malicious allegations: removed). Review each one. Purging deletes the incident, its evidence files, reviews, disclosure packages and workflow history, and cannot be undone.</p>");
        if (due.Count == 0)
        {
            html.Raw("<p class=\"govuk-body\">Nothing is due.</p>");
        }

        foreach (RetentionDueView item in due)
        {
            html.Raw("<div class=\"govuk-summary-card\"><div class=\"govuk-summary-card__title-wrapper\"><h2 class=\"govuk-summary-card__title\">Incident ").Text(item.Reference).Raw("</h2></div>")
                .Raw("<div class=\"govuk-summary-card__content\"><dl class=\"govuk-summary-list\">")
                .Raw("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Due</dt><dd class=\"govuk-summary-list__value\">").Text(item.ReviewDueAt.ToString("d MMMM yyyy", uk)).Raw("</dd></div>")
                .Raw("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">Why</dt><dd class=\"govuk-summary-list__value\">").Text(item.Basis).Raw("</dd></div></dl>")
                .Raw("<p class=\"govuk-body\"><a class=\"govuk-link\" href=\"/incidents/").Text(item.IncidentId).Raw("\">Open the incident</a></p>");
            if (item.OnLegalHold)
            {
                html.Raw("<p class=\"govuk-body\"><strong class=\"govuk-tag govuk-tag--red\">On legal hold</strong> It cannot be purged until the senior manager releases the hold.</p>");
            }
            else
            {
                html.Raw("<form method=\"post\" action=\"/retention/").Text(item.IncidentId).Raw("/purge\" novalidate>")
                    .Raw(GovukHtml.Textarea("purge-" + item.IncidentId, "reason", "Outcome of your review", null, null, rows: 2))
                    .Raw(GovukHtml.TextInput("confirm-" + item.IncidentId, "confirmReference", "Type the reference (" + item.Reference + ") to confirm the purge", null, null, inputClass: "govuk-input--width-20"))
                    .Raw("<button type=\"submit\" class=\"govuk-button govuk-button--warning\" data-module=\"govuk-button\">Purge these records</button></form>");
            }

            html.Raw("</div></div>");
        }

        return Layout.Page("Retention review", html.ToString(), request.SignedIn);
    }
}

/// <summary><c>POST /retention/{incidentId}/purge</c>: the retention page's purge form, through the same rules as the API.</summary>
[Endpoint("POST", "retention/{incidentId}/purge", Roles.EsafetyOfficer)]
public sealed class RetentionPurgeFormEndpoint(IIncidentStore store, EvidenceCase evidence) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Request.HasFormContentType || request.Request.ContentLength > 64 * 1024)
        {
            return LegacyErrorPages.Problem(StatusCodes.Status415UnsupportedMediaType, "Use the form on the retention page.");
        }

        Incident? incident = await store.FindAsync(request.RouteValue("incidentId"), request.Aborted);
        if (incident is null)
        {
            return LegacyErrorPages.Problem(StatusCodes.Status404NotFound, "There is no incident with that reference: it may have been purged already.");
        }

        IFormCollection form = await request.Request.ReadFormAsync(request.Aborted);
        CaseOutcome outcome = await evidence.PurgeAsync(request, incident, form["reason"].ToString(), form["confirmReference"].ToString());
        if (outcome.Status == StatusCodes.Status403Forbidden)
        {
            return LegacyErrorPages.Forbidden(outcome.Detail);
        }

        string query = outcome.Succeeded
            ? "done=" + Uri.EscapeDataString(outcome.Detail)
            : "problem=" + Uri.EscapeDataString(incident.IncidentId) + "&message=" + Uri.EscapeDataString(
                outcome.Errors is { Any: true } errors ? string.Join(". ", errors.All.Select(e => e.Message)) : outcome.Detail);
        return Results.Redirect("/retention?" + query, permanent: false, preserveMethod: false);
    }
}
