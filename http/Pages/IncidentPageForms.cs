using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Incidents;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Incidents;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Http.Pages;

/// <summary>The incident page's forms share this: the officer or senior manager of the agency, and a small posted form.</summary>
static class IncidentPageForm
{
    public static async Task<(Incident? Incident, IFormCollection? Form, IResult? Refusal)> OpenAsync(IIncidentStore store, EndpointRequest request)
    {
        Incident? incident = await store.FindAsync(request.RouteValue("incidentId"), request.Aborted);
        if (incident is null)
        {
            return (null, null, ErrorPages.Problem(StatusCodes.Status404NotFound, "There is no incident with that reference."));
        }

        if (!request.SignedIn.CanActFor(incident.AgencyId) || !IncidentAccess.KeepsTheLog(request.SignedIn.Role))
        {
            return (null, null, ErrorPages.Forbidden("Only the agency's e-safety officer and senior manager change an incident."));
        }

        if (!request.Request.HasFormContentType || request.Request.ContentLength > 64 * 1024)
        {
            return (null, null, ErrorPages.Problem(StatusCodes.Status415UnsupportedMediaType, "Use the forms on the incident page."));
        }

        return (incident, await request.Request.ReadFormAsync(request.Aborted), null);
    }

    public static IResult Saved(Incident incident, string anchor) => Results.Redirect("/incidents/" + incident.IncidentId + "?saved=1#" + anchor);
}

/// <summary>
/// <c>POST /incidents/{incidentId}/triage</c>: the officer answers the flowchart's questions for an emailed report (or
/// the senior manager, who is told when the officer has not triaged it within four working hours).
/// </summary>
[Endpoint("POST", "incidents/{incidentId}/triage", Roles.EsafetyLeads)]
public sealed class TriageFormEndpoint(IIncidentStore store, AuditRecorder audit, TimeProvider timeProvider, IncidentPageEndpoint page) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IFormCollection? form, IResult? refusal) = await IncidentPageForm.OpenAsync(store, request);
        if (refusal is not null)
        {
            return refusal;
        }

        FieldErrors errors = new();
        ConcernsDraft draft = ReportForm.ReadConcerns(form!, errors);
        Concerns? concerns = errors.Any ? null : IncidentValidation.ValidateConcerns(draft, errors);
        if (concerns is null || errors.Any)
        {
            return await page.RenderAsync(request, incident!, new FormProblem("triage", errors, form!));
        }

        if (!await TriageIncidentEndpoint.TriageAsync(store, audit, timeProvider, request, incident!, concerns))
        {
            errors.Add("concerns.illegalSuspected", "Someone triaged this incident a moment ago; their answers stand");
            return await page.RenderAsync(request, (await store.FindAsync(incident!.IncidentId, request.Aborted))!, new FormProblem("triage", errors, form!));
        }

        return IncidentPageForm.Saved(incident!, "escalations");
    }
}

/// <summary><c>POST /incidents/{incidentId}/actions</c>: records an action taken, with who and when.</summary>
[Endpoint("POST", "incidents/{incidentId}/actions", Roles.EsafetyLeads)]
public sealed class RecordActionFormEndpoint(IIncidentStore store, AuditRecorder audit, TimeProvider timeProvider, IncidentPageEndpoint page) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IFormCollection? form, IResult? refusal) = await IncidentPageForm.OpenAsync(store, request);
        if (refusal is not null)
        {
            return refusal;
        }

        string description = form!["description"].ToString().Trim();
        FieldErrors errors = new();
        if (description.Length == 0)
        {
            errors.Add("description", "Enter what was done");
        }
        else if (description.Length > 4000 || description.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            errors.Add("description", "The action must be 4000 characters or fewer");
        }

        if (errors.Any)
        {
            return await page.RenderAsync(request, incident!, new FormProblem("action", errors, form));
        }

        await store.AddActionAsync(incident!.IncidentId, new IncidentAction(description, request.SignedIn.Person.PersonId, timeProvider.GetUtcNow()), request.Aborted);
        await audit.RecordAsync(request.SignedIn, incident.AgencyId, AuditActions.Change, incident.IncidentId, "action");
        return IncidentPageForm.Saved(incident, "conclusion");
    }
}

/// <summary><c>POST /incidents/{incidentId}/conclusion</c>: the conclusion, and for an allegation against staff its outcome.</summary>
[Endpoint("POST", "incidents/{incidentId}/conclusion", Roles.EsafetyLeads)]
public sealed class RecordConclusionFormEndpoint(IIncidentStore store, Workflows.Evidence.IRetentionSchedule retention, AuditRecorder audit, TimeProvider timeProvider, IncidentPageEndpoint page) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IFormCollection? form, IResult? refusal) = await IncidentPageForm.OpenAsync(store, request);
        if (refusal is not null)
        {
            return refusal;
        }

        string conclusion = form!["conclusion"].ToString().Trim();
        string? outcomeText = form["outcome"].ToString() is { Length: > 0 } chosen ? chosen : null;
        FieldErrors errors = new();
        if (conclusion.Length == 0)
        {
            errors.Add("conclusion", "Enter the conclusion");
        }
        else if (conclusion.Length > 8000)
        {
            errors.Add("conclusion", "The conclusion must be 8000 characters or fewer");
        }

        AllegationOutcome? outcome = RecordConclusionEndpoint.ValidateOutcome(incident!, outcomeText, errors);
        if (errors.Any)
        {
            return await page.RenderAsync(request, incident!, new FormProblem("conclusion", errors, form));
        }

        await RecordConclusionEndpoint.RecordAsync(store, retention, timeProvider, request, incident!, conclusion, outcome);
        await audit.RecordAsync(request.SignedIn, incident!.AgencyId, AuditActions.Change, incident.IncidentId, "conclusion");
        return IncidentPageForm.Saved(incident, "conclusion");
    }
}
