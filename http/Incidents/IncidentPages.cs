using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Intake;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Http.Pages.Govuk;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Intake;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Response;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Incidents;

/// <summary><c>GET /report</c>: the staff reporting form.</summary>
[Endpoint("GET", "report", IncidentPermissions.Reporters)]
public sealed class ReportFormPageEndpoint(ReportIncident reportIncident, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return (await reportIncident.CheckOpenAsync(request.SignedIn.AgencyId, request.Aborted)).Failure is { } closed
            ? await pages.FailureAsync(PageContext.For(request), closed)
            : await pages.RenderAsync<ReportFormPage, ReportFormModel>(PageContext.For(request), new(FormState.Empty, IncidentForms.NewSubmissionToken()));
    }
}

/// <summary><c>POST /report</c>: saves and confirms, or shows the form again with the GOV.UK error summary.</summary>
[Endpoint("POST", "report", IncidentPermissions.Reporters)]
public sealed class SubmitReportFormEndpoint(ReportIncident reportIncident, PageRenderer pages, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        string token = IncidentForms.SubmissionToken(form);
        FieldErrors formErrors = new();
        IncidentDraft draft = IncidentForms.ToDraft(form, request.SignedIn.AgencyId, formErrors);
        if ((await reportIncident.CheckOpenAsync(request.SignedIn.AgencyId, request.Aborted)).Failure is { } closed)
        {
            return await pages.FailureAsync(PageContext.For(request), closed);
        }

        if (formErrors.Any)
        {
            // What only the form got wrong (an unanswered question) is shown together with everything the rules find.
            IncidentValidation.Validate(draft, timeProvider.GetUtcNow(), concernsRequired: true, formErrors);
        }

        // The submission token is the idempotency key: a double-click or a resubmitted page creates one incident.
        Outcome<Incident> reported = formErrors.Any
            ? Outcome.Invalid(formErrors)
            : await reportIncident.ExecuteAsync(request.SignedIn, draft, token, IncidentSource.Form, request.Aborted);
        if (reported.Failure is { Kind: FailureKind.Invalid, Errors: { } errors })
        {
            Merge(formErrors, errors);
            return await pages.RenderAsync<ReportFormPage, ReportFormModel>(
                PageContext.For(request), new(FormState.Posted(form, formErrors, IncidentForms.FieldId), token), StatusCodes.Status400BadRequest);
        }

        return reported.Failure is { } failure
            ? await pages.FailureAsync(PageContext.For(request), failure)
            : Results.Redirect($"/report/{reported.Value.IncidentId}/confirmation", permanent: false, preserveMethod: false);
    }

    static void Merge(FieldErrors into, FieldErrors from)
    {
        if (!ReferenceEquals(into, from))
        {
            foreach ((string field, string message) in from.All)
            {
                into.Add(field, message);
            }
        }
    }
}

/// <summary><c>GET /report/{incidentId}/confirmation</c>: the reference, for the person who reported it.</summary>
[Endpoint("GET", "report/{incidentId}/confirmation", IncidentPermissions.Reporters)]
public sealed class ReportConfirmationPageEndpoint(ReadIncident readIncident, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IncidentCase> read = await readIncident.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), "confirmation", request.Aborted);
        return read.Failure is not null
            ? await pages.FailureAsync(PageContext.For(request), Outcome.NotFound("We could not find that report."))
            : await pages.RenderAsync<ReportConfirmationPage, ReportConfirmationModel>(
                PageContext.For(request), new(read.Value.Incident.Reference, read.Value.Incident.Report.Concerns?.MayNeedActionToday() == true));
    }
}

/// <summary><c>GET /reports</c>: "Your reports", the incidents the signed-in person reported, a page at a time.</summary>
[Endpoint("GET", "reports", IncidentPermissions.Reporters)]
public sealed class YourReportsPageEndpoint(ListIncidents listIncidents, PageRenderer pages) : IEndpointHandler
{
    const int PageSize = 25;

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string? token = request.Request.Query["continuationToken"].ToString() is { Length: > 0 } t ? t : null;
        Outcome<IncidentLogResults> listed = await listIncidents.ExecuteAsync(
            request.SignedIn, new IncidentLogFilter(null, null, null, null, token, OwnReports: true), PageSize, "page", request.Aborted);
        if (listed.Failure is { } failure)
        {
            return await pages.FailureAsync(PageContext.For(request), failure);
        }

        List<YourReportRow> rows = [.. listed.Value.Items.Select(i => new YourReportRow(i.IncidentId, i.Reference, i.SubmittedAt, IncidentChoices.Describe(i.Status)))];
        string? next = listed.Value.ContinuationToken is { } more ? "/reports?continuationToken=" + Uri.EscapeDataString(more) : null;
        return await pages.RenderAsync<YourReportsPage, YourReportsModel>(PageContext.For(request), new(rows, next));
    }
}

/// <summary>
/// <c>GET /incidents</c>: the agency's incident log for the e-safety officer and senior manager, with the emails from
/// unknown senders below it.
/// </summary>
[Endpoint("GET", "incidents", IncidentPermissions.LogKeepers)]
public sealed class IncidentLogPageEndpoint(
    ListIncidents listIncidents, ListUnverifiedReports listUnverified, IPeopleDirectory directory, PageRenderer pages, TimeProvider timeProvider) : IEndpointHandler
{
    const int PageSize = 25;
    static readonly string[] FilterNames = ["status", "route", "serious", "overdue", "from", "to", "sort"];

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IQueryCollection query = request.Request.Query;
        Actor actor = request.SignedIn;
        Outcome<IncidentLogResults> listed = await listIncidents.ExecuteAsync(actor, IncidentQueries.Filter(query), PageSize, "page", request.Aborted);
        if (listed.Failure is { Kind: not FailureKind.Invalid } failure)
        {
            return await pages.FailureAsync(PageContext.For(request), failure);
        }

        IncidentLogResults page = listed.Failure is null ? listed.Value : new IncidentLogResults([], null);
        IEnumerable<Incident> sorted = query["sort"].ToString() switch
        {
            "oldest" => page.Items.OrderBy(i => i.SubmittedAt),
            "occurred" => page.Items.OrderByDescending(i => i.Report.OccurredAt),
            "reference" => page.Items.OrderBy(i => i.Reference, StringComparer.Ordinal),
            _ => page.Items,
        };
        Dictionary<string, string> names = (await directory.ListPeopleAsync(actor.AgencyId, request.Aborted)).ToDictionary(p => p.PersonId, p => p.DisplayName);
        DateTimeOffset now = timeProvider.GetUtcNow();
        List<IncidentLogRow> rows = sorted.Select(i => new IncidentLogRow(
            i.IncidentId, i.Reference, i.SubmittedAt, i.Report.OccurredAt, names.GetValueOrDefault(i.ReportedBy, i.ReportedBy),
            i.Plan is { } plan ? IncidentChoices.Describe(plan.Route) : null, i.Plan?.Serious ?? false, i.OverdueReferrals(now), IncidentChoices.Describe(i.Status))).ToList();

        string filters = string.Join('&', FilterNames.Where(k => query[k].ToString().Length > 0).Select(k => k + "=" + Uri.EscapeDataString(query[k].ToString())));
        string? next = page.ContinuationToken is { } token ? "/incidents?" + (filters.Length > 0 ? filters + "&" : string.Empty) + "continuationToken=" + Uri.EscapeDataString(token) : null;
        FormState filterState = FormState.Posted(
            new FormCollection(FilterNames.ToDictionary(k => k, k => query[k])),
            listed.Failure?.Errors,
            field => field == "continuationToken" ? "status" : field);

        Outcome<IReadOnlyList<UnverifiedReport>> unverified = await listUnverified.ExecuteAsync(actor, UnverifiedReportState.Waiting, request.Aborted);
        List<(string, string)> decisionErrors = query["problem"].ToString() is { Length: > 0 } problemId && query["message"].ToString() is { Length: > 0 } message
            ? [("reason-" + problemId, message)]
            : [];
        string? banner = query["decided"].ToString() switch
        {
            "" => null,
            "dismissed" => "The email was dismissed.",
            var reference => "The email is now incident " + reference + ", waiting for your triage.",
        };
        IncidentLogModel model = new(
            filterState, rows, next, "/api/incidents.csv" + (filters.Length > 0 ? "?" + filters : string.Empty), banner,
            new UnverifiedReportsModel(unverified.Failure is null ? unverified.Value : [], ListUnverifiedReports.MayDecide(actor), decisionErrors));
        return await pages.RenderAsync<IncidentLogPage, IncidentLogModel>(PageContext.For(request), model);
    }
}

/// <summary><c>GET /incidents/{incidentId}</c>: one entry of the log.</summary>
[Endpoint("GET", "incidents/{incidentId}", IncidentPermissions.Reporters)]
public sealed class IncidentPageEndpoint(IncidentPageView view) : IEndpointHandler
{
    public Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        bool saved = request.Request.Query["acknowledged"].ToString().Length > 0 || request.Request.Query["saved"].ToString().Length > 0;
        return view.ShowAsync(request, request.RouteValue("incidentId"), null, null, null, saved);
    }
}

/// <summary>
/// <c>GET /incidents/{incidentId}/print</c>: the incident for a case conference — every section, nothing folded away,
/// no forms, laid out for A4 by the print stylesheet. Audited as a read with the view "print".
/// </summary>
[Endpoint("GET", "incidents/{incidentId}/print", IncidentPermissions.LogKeepers)]
public sealed class IncidentPrintPageEndpoint(IncidentPageView view) : IEndpointHandler
{
    public Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return view.ShowAsync(request, request.RouteValue("incidentId"), null, null, null, printing: true);
    }
}

/// <summary>
/// Shows the incident page: on its own, or again with one form's errors and what was typed (the triage, action,
/// conclusion and referral forms post to their own endpoints).
/// </summary>
public sealed class IncidentPageView(ReadIncident readIncident, IPeopleDirectory directory, PageRenderer pages, TimeProvider timeProvider)
{
    /// <param name="printing">The print view (<see cref="IncidentPrintPageEndpoint"/>), audited as a print.</param>
    public async Task<IResult> ShowAsync(
        EndpointRequest request, string incidentId, string? activeForm, IFormCollection? form, FieldErrors? errors, bool saved = false, bool printing = false)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IncidentCase> read = await readIncident.ExecuteAsync(request.SignedIn, incidentId, printing ? "print" : "page", request.Aborted);
        if (read.Failure is { } failure)
        {
            return await pages.FailureAsync(PageContext.For(request), failure.Kind == FailureKind.NotFound ? Outcome.NotFound("There is no incident with that reference.") : failure);
        }

        FormState state = activeForm is null ? FormState.Empty : FormState.Posted(form, errors, field => IncidentPageModel.FieldId(activeForm, field));
        IReadOnlyDictionary<string, string>? names = read.Value.FullRecord
            ? (await directory.ListPeopleAsync(read.Value.Incident.AgencyId, request.Aborted)).DistinctBy(p => p.PersonId).ToDictionary(p => p.PersonId, p => p.DisplayName, StringComparer.Ordinal)
            : null;
        IncidentPageModel model = new(read.Value, activeForm, state, saved, timeProvider.GetUtcNow(), names, read.Value.Incident.ReportedBy == request.SignedIn.PersonId, printing);
        return await pages.RenderAsync<IncidentPage, IncidentPageModel>(PageContext.For(request), model, state.HasErrors ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }

    /// <summary>After a form on the page was saved: back to the page, at the section it changed.</summary>
    public static IResult Saved(string incidentId, string anchor) => Results.Redirect("/incidents/" + incidentId + "?saved=1#" + anchor);

    /// <summary>A form's failure: its errors on the page, or an error page for anything else.</summary>
    public async Task<IResult> FailedAsync(EndpointRequest request, string incidentId, string activeForm, IFormCollection form, Failure failure)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(failure);
        return failure is { Kind: FailureKind.Invalid, Errors: { } errors }
            ? await this.ShowAsync(request, incidentId, activeForm, form, errors)
            : await pages.FailureAsync(PageContext.For(request), failure.Kind == FailureKind.NotFound ? Outcome.NotFound("There is no incident with that reference.") : failure);
    }
}

/// <summary><c>POST /incidents/{incidentId}/triage</c>: the triage form of an emailed report.</summary>
[Endpoint("POST", "incidents/{incidentId}/triage", IncidentPermissions.LogKeepers)]
public sealed class TriageFormEndpoint(TriageIncident triageIncident, IncidentPageView view) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string incidentId = request.RouteValue("incidentId");
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        FieldErrors errors = new();
        ConcernsDraft draft = IncidentForms.ReadConcerns(form, errors);
        if (errors.Any)
        {
            return await view.ShowAsync(request, incidentId, IncidentPageModel.TriageForm, form, errors);
        }

        Outcome<Incident> triaged = await triageIncident.ExecuteAsync(request.SignedIn, incidentId, draft, request.Aborted);
        if (triaged.Failure is { Kind: FailureKind.Conflict })
        {
            return await view.ShowAsync(request, incidentId, IncidentPageModel.TriageForm, form,
                FieldErrors.Of("concerns.illegalSuspected", "Someone triaged this incident a moment ago; their answers stand"));
        }

        return triaged.Failure is { } failure
            ? await view.FailedAsync(request, incidentId, IncidentPageModel.TriageForm, form, failure)
            : IncidentPageView.Saved(incidentId, "escalations");
    }
}

/// <summary><c>POST /incidents/{incidentId}/actions</c>: records an action taken, with who and when.</summary>
[Endpoint("POST", "incidents/{incidentId}/actions", IncidentPermissions.LogKeepers)]
public sealed class RecordActionFormEndpoint(RecordIncidentAction recordAction, IncidentPageView view) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string incidentId = request.RouteValue("incidentId");
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        Outcome<IncidentAction> recorded = await recordAction.ExecuteAsync(request.SignedIn, incidentId, new ActionDraft(form["description"].ToString(), null), request.Aborted);
        return recorded.Failure is { } failure
            ? await view.FailedAsync(request, incidentId, IncidentPageModel.ActionForm, form, failure)
            : IncidentPageView.Saved(incidentId, "conclusion-section");
    }
}

/// <summary><c>POST /incidents/{incidentId}/addenda</c>: the reporter's "Add further information" form on their own report.</summary>
[Endpoint("POST", "incidents/{incidentId}/addenda", IncidentPermissions.Reporters)]
public sealed class AddToReportFormEndpoint(AddToReport addToReport, IncidentPageView view) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string incidentId = request.RouteValue("incidentId");
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        Outcome<Incident> added = await addToReport.ExecuteAsync(request.SignedIn, incidentId, form["text"].ToString(), request.Aborted);
        return added.Failure is { } failure
            ? await view.FailedAsync(request, incidentId, IncidentPageModel.AddendumForm, form, failure)
            : IncidentPageView.Saved(incidentId, "further-information");
    }
}

/// <summary><c>POST /incidents/{incidentId}/conclusion</c>: the conclusion, and for an allegation against staff its outcome.</summary>
[Endpoint("POST", "incidents/{incidentId}/conclusion", IncidentPermissions.LogKeepers)]
public sealed class RecordConclusionFormEndpoint(RecordConclusion recordConclusion, IncidentPageView view) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string incidentId = request.RouteValue("incidentId");
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        Outcome<Incident> concluded = await recordConclusion.ExecuteAsync(
            request.SignedIn, incidentId, new ConclusionDraft(form["conclusion"].ToString(), form["outcome"].ToString()), request.Aborted);
        return concluded.Failure is { } failure
            ? await view.FailedAsync(request, incidentId, IncidentPageModel.ConclusionForm, form, failure)
            : IncidentPageView.Saved(incidentId, "conclusion-section");
    }
}

/// <summary>
/// <c>GET /incidents/{incidentId}/correct</c> and <c>POST /incidents/{incidentId}/corrections</c>: the correction form,
/// filled with the report as it stands; only the fields changed on it are corrected.
/// </summary>
public sealed class CorrectionPageView(ReadIncident readIncident, PageRenderer pages)
{
    public async Task<IResult> ShowAsync(EndpointRequest request, string incidentId, IFormCollection? posted, FieldErrors? errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IncidentCase> read = await readIncident.ExecuteAsync(request.SignedIn, incidentId, "correction-form", request.Aborted);
        if (read.Failure is { } failure)
        {
            return await this.FailedAsync(request, failure);
        }

        Incident incident = read.Value.Incident;
        if (!read.Value.FullRecord)
        {
            return await pages.FailureAsync(PageContext.For(request), Outcome.Forbidden(IncidentPermissions.ChangeRefusal));
        }

        FormState state = FormState.Posted(posted ?? IncidentForms.Filled(incident.Report), errors, IncidentForms.FieldId);
        return await pages.RenderAsync<CorrectionPage, CorrectionPageModel>(
            PageContext.For(request), new(incident, state, IncidentForms.PeopleSlotsFor(incident.Report)), state.HasErrors ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);
    }

    public Task<IResult> FailedAsync(EndpointRequest request, Failure failure) =>
        pages.FailureAsync(PageContext.For(request), failure.Kind == FailureKind.NotFound ? Outcome.NotFound("There is no incident with that reference.") : failure);
}

[Endpoint("GET", "incidents/{incidentId}/correct", IncidentPermissions.LogKeepers)]
public sealed class CorrectionFormPageEndpoint(CorrectionPageView view) : IEndpointHandler
{
    public Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return view.ShowAsync(request, request.RouteValue("incidentId"), null, null);
    }
}

[Endpoint("POST", "incidents/{incidentId}/corrections", IncidentPermissions.LogKeepers)]
public sealed class CorrectionFormEndpoint(CorrectIncident correctIncident, IIncidentStore incidents, CorrectionPageView view) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string incidentId = request.RouteValue("incidentId");
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        // The form's changes are read against the report it was filled from; the use case checks who may change it.
        if (await incidents.FindAsync(incidentId, request.Aborted) is not { } incident)
        {
            return await view.FailedAsync(request, IncidentPermissions.NotFound());
        }

        FieldErrors errors = new();
        IncidentChangesDraft changes = IncidentForms.ToChanges(form, incident.Report, errors);
        Outcome<Incident> corrected = errors.Any
            ? Outcome.Invalid(errors)
            : await correctIncident.ExecuteAsync(request.SignedIn, incidentId, new CorrectionDraft(form["reason"].ToString(), changes), request.Aborted);
        return corrected.Failure switch
        {
            { Kind: FailureKind.Invalid, Errors: { } invalid } => await view.ShowAsync(request, incidentId, form, invalid),
            { } failure => await view.FailedAsync(request, failure),
            null => IncidentPageView.Saved(incidentId, "corrections"),
        };
    }
}
