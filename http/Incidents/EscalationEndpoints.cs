using System.Globalization;
using System.Text.Json;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Escalation;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Notifications;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Platform.Links;
using EsafetyServerless.Workflows.Response;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http.Incidents;

/// <summary>Recording an acknowledgement and telling the workflow, for the officer's and the recipient's endpoints alike.</summary>
public sealed class AcknowledgementRecorder(EscalationAcknowledgements acknowledgements)
{
    public const int MaxReferenceLength = 100;

    public async Task<(EscalationRecord? Escalation, bool AlreadyAcknowledged)> RecordAsync(
        EndpointRequest request, string incidentId, string escalationId, string reference, string acknowledgedBy, string description)
    {
        ArgumentNullException.ThrowIfNull(request);
        (EscalationRecord? escalation, bool already) = await acknowledgements.AcknowledgeAsync(incidentId, escalationId, reference, acknowledgedBy, description, CancellationToken.None);
        if (escalation is not null)
        {
            // Raised again on a repeat too: if an earlier request failed after saving, this is the workflow's only news of it.
            await request.Signals.RaiseAsync(incidentId, EscalationAcknowledgements.Acknowledged(escalationId).Name, escalation.ExternalReference, CancellationToken.None);
        }

        return (escalation, already);
    }

    /// <summary>A reference number as typed: trimmed, one line, a sensible length.</summary>
    public static string? Validate(string? reference, FieldErrors errors, string field)
    {
        ArgumentNullException.ThrowIfNull(errors);
        string value = (reference ?? string.Empty).Trim();
        if (value.Length == 0)
        {
            errors.Add(field, "Enter your reference number");
            return null;
        }

        if (value.Length > MaxReferenceLength || value.Any(char.IsControl) || value.Any(char.IsSurrogate))
        {
            errors.Add(field, "The reference must be one line of at most 100 characters");
            return null;
        }

        return value;
    }
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/escalations/{escalationId}/acknowledgement</c> <c>{"externalReference"}</c>: the
/// e-safety officer (or senior manager) records the reference a phone call or online form gave them. Closes the
/// officer's referral task and stops the workflow chasing.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/escalations/{escalationId}/acknowledgement", Roles.EsafetyLeads)]
public sealed class AcknowledgeEscalationEndpoint(IIncidentStore store, AcknowledgementRecorder recorder, AuditRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IResult? denied) = await LeadAccess.FindAsync(store, request);
        if (incident is null)
        {
            return denied!;
        }

        (JsonElement? body, IResult? problem) = await LegacyJsonFields.ReadJsonAsync(request);
        if (body is not { } json)
        {
            return problem!;
        }

        FieldErrors errors = new();
        string? reference = AcknowledgementRecorder.Validate(LegacyJsonFields.Text(json, "externalReference", errors, AcknowledgementRecorder.MaxReferenceLength, required: true), errors, "externalReference");
        LegacyJsonFields.RejectUnknown(json, ["externalReference"], errors);

        if (errors.Any || reference is null)
        {
            return Problems.FieldErrors(errors);
        }

        return await AcknowledgeAsync(request, incident, request.RouteValue("escalationId"), reference, recorder, audit) switch
        {
            (null, _) => Problems.NotFound("The incident has no such escalation."),
            ({ } escalation, true) => Problems.Create(StatusCodes.Status409Conflict, "Already acknowledged",
                "This escalation was acknowledged already, with reference " + escalation.ExternalReference + "."),
            ({ } escalation, false) => Results.Json(EscalationView.From(escalation), ApiJson.Options),
        };
    }

    public static async Task<(EscalationRecord? Escalation, bool AlreadyAcknowledged)> AcknowledgeAsync(
        EndpointRequest request, Incident incident, string escalationId, string reference, AcknowledgementRecorder recorder, AuditRecorder audit)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(audit);
        EscalationRecord? target = incident.Plan?.Escalations.FirstOrDefault(e => e.EscalationId == escalationId);
        if (target is null)
        {
            return (null, false);
        }

        string description = $"Referral to {TargetNames.Describe(target.Target)} made; their reference {reference}";
        (EscalationRecord? escalation, bool already) result = await recorder.RecordAsync(request, incident.IncidentId, escalationId, reference, request.SignedIn.Person.PersonId, description);
        await audit.RecordAsync(request.SignedIn, incident.AgencyId, AuditActions.Change, incident.IncidentId, "escalation-acknowledged:" + WireNames.Of(target.Target));
        return result;
    }
}

/// <summary><c>POST /incidents/{incidentId}/escalations/{escalationId}</c>: the incident page's form for the same, without JavaScript.</summary>
[Endpoint("POST", "incidents/{incidentId}/escalations/{escalationId}", Roles.EsafetyLeads)]
public sealed class AcknowledgeEscalationFormEndpoint(IIncidentStore store, AcknowledgementRecorder recorder, AuditRecorder audit, IncidentPageView page) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Incident? incident = await store.FindAsync(request.RouteValue("incidentId"), request.Aborted);
        if (incident is null)
        {
            return LegacyErrorPages.Problem(StatusCodes.Status404NotFound, "There is no incident with that reference.");
        }

        if (!request.SignedIn.CanActFor(incident.AgencyId) || !IncidentPermissions.KeepsTheLog(request.SignedIn, incident.AgencyId))
        {
            return LegacyErrorPages.Forbidden("Only the agency's e-safety officer and senior manager record referrals.");
        }

        if (!request.Request.HasFormContentType || request.Request.ContentLength > 16 * 1024)
        {
            return LegacyErrorPages.Problem(StatusCodes.Status415UnsupportedMediaType, "Use the form on the incident page.");
        }

        string escalationId = request.RouteValue("escalationId");
        IFormCollection form = await request.Request.ReadFormAsync(request.Aborted);
        FieldErrors errors = new();
        string? reference = AcknowledgementRecorder.Validate(form["reference"].ToString(), errors, "reference-" + escalationId);
        string back = "/incidents/" + incident.IncidentId;
        if (reference is null)
        {
            return await page.ShowAsync(request, incident.IncidentId, IncidentPageModel.EscalationForm(escalationId), form, errors);
        }

        (EscalationRecord? escalation, _) = await AcknowledgeEscalationEndpoint.AcknowledgeAsync(request, incident, escalationId, reference, recorder, audit);
        return escalation is null
            ? LegacyErrorPages.Problem(StatusCodes.Status404NotFound, "The incident has no such escalation.")
            : Results.Redirect(back + "?acknowledged=" + Uri.EscapeDataString(escalationId) + "#escalations");
    }
}

/// <summary>
/// <c>GET /referrals/{token}</c>: the page behind the signed link in a notice. Its holder (the LADO, First Response…)
/// has no account here: the link is their authority. It shows the referral summary — agency, reference, category,
/// urgency, the officer's contact; never names — and a form to acknowledge with their own reference.
/// A changed link is refused (403); an old one has expired (410). Every view is in the agency's audit trail.
/// </summary>
[Endpoint("GET", "referrals/{token}", Anonymous = true)]
public sealed class ReferralPageEndpoint(ReferralLinks referrals) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ReferralLinks.Opened opened = await referrals.OpenAsync(request);
        if (opened.Refusal is { } refusal)
        {
            return refusal;
        }

        await referrals.AuditAsync(request, opened, AuditActions.Read, "referral-viewed");
        return ReferralLinks.Page(opened, request.RouteValue("token"), errors: null, acknowledged: false);
    }
}

/// <summary><c>POST /referrals/{token}</c> (form: <c>reference</c>): the holder acknowledges the referral with their own reference number.</summary>
[Endpoint("POST", "referrals/{token}", Anonymous = true)]
public sealed class AcknowledgeReferralEndpoint(ReferralLinks referrals, AcknowledgementRecorder recorder, IEmailSender email, AppLinks links) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ReferralLinks.Opened opened = await referrals.OpenAsync(request);
        if (opened.Refusal is { } refusal)
        {
            return refusal;
        }

        if (!request.Request.HasFormContentType || request.Request.ContentLength > 16 * 1024)
        {
            return LegacyErrorPages.Problem(StatusCodes.Status415UnsupportedMediaType, "Use the form on the referral page.");
        }

        IFormCollection form = await request.Request.ReadFormAsync(request.Aborted);
        FieldErrors errors = new();
        string? reference = AcknowledgementRecorder.Validate(form["reference"].ToString(), errors, "reference");
        string token = request.RouteValue("token");
        if (reference is null)
        {
            return ReferralLinks.Page(opened, token, errors, acknowledged: false, statusCode: StatusCodes.Status400BadRequest);
        }

        string who = "recipient:" + WireNames.Of(opened.Escalation!.Target);
        string description = $"Acknowledged by {TargetNames.Describe(opened.Escalation.Target)} through the notice's link; their reference {reference}";
        (EscalationRecord? escalation, bool already) = await recorder.RecordAsync(request, opened.Incident!.IncidentId, opened.Escalation.EscalationId, reference, who, description);
        await referrals.AuditAsync(request, opened, AuditActions.Change, "referral-acknowledged");
        if (!already)
        {
            await this.TellOfficersAsync(opened, reference);
        }

        return ReferralLinks.Page(opened with { Escalation = escalation ?? opened.Escalation }, token, null, acknowledged: true);
    }

    /// <summary>The officer hears that the referral was acknowledged, and with which reference (a wrong recipient would show here).</summary>
    async Task TellOfficersAsync(ReferralLinks.Opened opened, string reference)
    {
        foreach (Person officer in opened.Officers ?? [])
        {
            string text = $"""
                Dear {officer.DisplayName},

                {TargetNames.Describe(opened.Escalation!.Target)} acknowledged the referral for incident {opened.Incident!.Reference} through the link in their notice. Their reference: {reference}

                If you do not recognise this acknowledgement, contact them by phone.
                {links.To("/incidents/" + opened.Incident.IncidentId + "#escalations")}
                """;
            try
            {
                await email.SendAsync(new OutgoingEmail(officer.Email, $"Referral for {opened.Incident.Reference} acknowledged by {TargetNames.Describe(opened.Escalation.Target)}", text), CancellationToken.None);
            }
            catch (EmailRejectedException)
            {
                // The acknowledgement stands and shows on the incident page; this email is a courtesy.
            }
        }
    }
}

/// <summary>Opens the incident and escalation a signed referral link points at, or the refusal to show.</summary>
public sealed class ReferralLinks(SignedLinks links, IIncidentStore incidents, IPeopleDirectory directory, AuditRecorder audit, TimeProvider timeProvider)
{
    static readonly CultureInfo Uk = CultureInfo.GetCultureInfo("en-GB");

    public sealed record Opened(IResult? Refusal, Incident? Incident = null, EscalationRecord? Escalation = null, Agency? Agency = null, IReadOnlyList<Person>? Officers = null);

    public async Task<Opened> OpenAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        LinkCheck check = links.Verify(EscalationDispatcher.LinkPurpose, request.RouteValue("token"), timeProvider.GetUtcNow());
        if (check.Result == LinkCheckResult.Tampered)
        {
            return new(Refused(StatusCodes.Status403Forbidden, "This link is not valid", "The link has been changed or is incomplete. Open the link exactly as it is in the notice you received, or contact the agency's e-safety officer."));
        }

        if (check.Result == LinkCheckResult.Expired)
        {
            return new(Refused(StatusCodes.Status410Gone, "This link has expired", "Links in referral notices work for 14 days. Contact the agency's e-safety officer, who can give you the details by phone."));
        }

        string escalationId = check.SubjectId!;
        Incident? incident = null;
        foreach (int dash in Enumerable.Range(0, escalationId.Length).Where(i => escalationId[i] == '-').Reverse())
        {
            // The escalation id is "{incidentId}-{target}", and a target may itself contain a dash ("first-response").
            incident = await incidents.FindAsync(escalationId[..dash], request.Aborted);
            if (incident is not null)
            {
                break;
            }
        }

        EscalationRecord? escalation = incident?.Plan?.Escalations.FirstOrDefault(e => e.EscalationId == escalationId);
        if (incident is null || escalation is null)
        {
            return new(Refused(StatusCodes.Status410Gone, "This referral is no longer held", "The agency no longer holds this referral. Contact its e-safety officer."));
        }

        Agency? agency = await directory.GetAgencyAsync(incident.AgencyId, request.Aborted);
        IReadOnlyList<Person> officers = (await directory.ListPeopleAsync(incident.AgencyId, request.Aborted)).Where(p => p.Role == Role.EsafetyOfficer).ToList();
        return new(null, incident, escalation, agency, officers);
    }

    public Task AuditAsync(EndpointRequest request, Opened opened, string action, string detail)
    {
        ArgumentNullException.ThrowIfNull(opened);
        return audit.RecordForLinkHolderAsync(new LinkHolder("recipient:" + WireNames.Of(opened.Escalation!.Target), "ExternalRecipient", request.From), opened.Incident!.AgencyId, action, opened.Incident.IncidentId, detail);
    }

    static IResult Refused(int status, string title, string detail)
    {
        Html html = new Html().Raw("<h1 class=\"govuk-heading-l\">").Text(title).Raw("</h1><p class=\"govuk-body\">").Text(detail).Raw("</p>");
        return Layout.Page(title, html.ToString(), statusCode: status);
    }

    public static IResult Page(Opened opened, string token, FieldErrors? errors, bool acknowledged, int statusCode = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(opened);
        Incident incident = opened.Incident!;
        EscalationRecord escalation = opened.Escalation!;
        Html html = new();
        if (errors is not null)
        {
            html.Raw(GovukHtml.ErrorSummary(errors.All.Select(e => (e.Field, e.Message))));
        }

        if (acknowledged || escalation.State == EscalationState.Acknowledged)
        {
            html.Raw("<div class=\"govuk-panel govuk-panel--confirmation\"><h1 class=\"govuk-panel__title\">Referral acknowledged</h1>")
                .Raw("<div class=\"govuk-panel__body\">Your reference<br><strong>").Text(escalation.ExternalReference).Raw("</strong></div></div>")
                .Raw("<p class=\"govuk-body\">Thank you. The agency's e-safety officer can see your reference; no more reminders will be sent.</p>");
        }
        else
        {
            html.Raw("<span class=\"govuk-caption-l\">").Text(opened.Agency?.Name ?? incident.AgencyId).Raw("</span>")
                .Raw("<h1 class=\"govuk-heading-l\">E-safety referral ").Text(incident.Reference).Raw("</h1>");
        }

        html.Raw("<dl class=\"govuk-summary-list\">");
        void Row(string key, string value) => html.Raw("<div class=\"govuk-summary-list__row\"><dt class=\"govuk-summary-list__key\">").Text(key)
            .Raw("</dt><dd class=\"govuk-summary-list__value\">").Text(value).Raw("</dd></div>");
        Row("Agency", opened.Agency?.Name ?? incident.AgencyId);
        Row("Agency reference", incident.Reference);
        Row("Referred to", TargetNames.Describe(escalation.Target));
        Row("Category", EscalationDispatcher.Category(incident));
        Row("Urgency", escalation.Target is EscalationTarget.Lado or EscalationTarget.FirstResponse ? "Within one working day" : "Immediate");
        Row("Acknowledge by", escalation.DueAt.ToString("d MMMM yyyy HH:mm", Uk) + " UTC");
        Row("E-safety officer", opened.Officers is { Count: > 0 } officers ? string.Join("; ", officers.Select(o => o.DisplayName + " (" + o.Email + ")")) : "Not recorded: contact the agency");
        html.Raw("</dl><p class=\"govuk-body\">For the details of the people involved, contact the e-safety officer. They are deliberately not shown here.</p>");
        if (!acknowledged && escalation.State != EscalationState.Acknowledged)
        {
            string? error = errors?.All.Select(e => e.Message).FirstOrDefault();
            html.Raw("<form method=\"post\" action=\"/referrals/").Text(token).Raw("\" novalidate>")
                .Raw(GovukHtml.TextInput("reference", "reference", "Your reference number", null, error, "The number your service gave this referral, so the agency can quote it.", "govuk-input--width-20"))
                .Raw("<button type=\"submit\" class=\"govuk-button\" data-module=\"govuk-button\">Acknowledge referral</button></form>");
        }

        return Layout.Page("E-safety referral " + incident.Reference, html.ToString(), statusCode: statusCode);
    }
}
