using System.Text.RegularExpressions;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Pages;
using EsafetyServerless.Http.Pages.Govuk;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace EsafetyServerless.Http.Evidence;

/// <summary>
/// <c>GET /incidents/{incidentId}/evidence</c>: the incident's evidence page — the legal hold, the register with each
/// file's hash (download with a reason), the device and site reviews, the disclosure requests, the retention date and
/// the chain of custody. Technicians and the officer see it all; the senior manager sees the hold and disclosures to
/// decide on them. Works without JavaScript; every form posts back to the same address.
/// </summary>
[Endpoint("GET", "incidents/{incidentId}/evidence", EvidencePermissions.Viewers)]
public sealed class EvidencePageEndpoint(EvidencePageView view) : IEndpointHandler
{
    public Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return view.ShowAsync(request, request.RouteValue("incidentId"), done: request.Request.Query["done"].ToString());
    }
}

/// <summary>Shows the evidence page: on its own, or again with one form's errors and what was typed.</summary>
public sealed class EvidencePageView(ReadIncidentEvidence readIncidentEvidence, PageRenderer pages)
{
    public async Task<IResult> ShowAsync(
        EndpointRequest request, string incidentId, string? activeForm = null, IFormCollection? form = null, FieldErrors? errors = null, string? done = null,
        int statusCode = StatusCodes.Status200OK, Func<string, string>? fieldId = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IncidentEvidence> read = await readIncidentEvidence.ExecuteAsync(request.SignedIn, incidentId, "evidence page", request.Aborted);
        if (read.Failure is { } failure)
        {
            return await this.FailureAsync(request, failure);
        }

        FormState state = activeForm is null ? FormState.Empty : FormState.Posted(form, errors, fieldId ?? (field => EvidencePageModel.FieldId(activeForm, field)));
        return await pages.RenderAsync<EvidencePage, EvidencePageModel>(
            PageContext.For(request), EvidencePageModel.For(read.Value, request.SignedIn, activeForm, state, done), statusCode);
    }

    /// <summary>
    /// A form's failure: its field errors on the form; a conflict or a refusal (someone acted first, a rule forbids it)
    /// explained at the top of the page, linked to the form's section; anything else an error page.
    /// </summary>
    public Task<IResult> FailedAsync(EndpointRequest request, string incidentId, string activeForm, IFormCollection form, Failure failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        string section = EvidencePageModel.SectionOf(activeForm);
        return failure switch
        {
            { Kind: FailureKind.Invalid, Errors: { } errors } => this.ShowAsync(request, incidentId, activeForm, form, errors, statusCode: StatusCodes.Status400BadRequest),
            { Kind: FailureKind.Conflict or FailureKind.Refused } => this.ShowAsync(
                request, incidentId, activeForm, form, FieldErrors.Of(section, failure.Detail),
                statusCode: failure.Kind == FailureKind.Conflict ? StatusCodes.Status409Conflict : StatusCodes.Status422UnprocessableEntity, fieldId: _ => section),
            _ => this.FailureAsync(request, failure),
        };
    }

    Task<IResult> FailureAsync(EndpointRequest request, Failure failure) =>
        pages.FailureAsync(PageContext.For(request), failure == IncidentPermissions.NotFound() ? Outcome.NotFound("There is no incident with that reference.") : failure);
}

/// <summary>
/// <c>POST /incidents/{incidentId}/evidence</c>: the evidence page's forms (field <c>action</c>: review, hold-place,
/// hold-release, disclosure-request, disclosure-decision), through the same use cases as the API. An approval goes on
/// to the package's page (<see cref="DisclosurePackagePageEndpoint"/>); everything else returns to the page.
/// </summary>
[Endpoint("POST", "incidents/{incidentId}/evidence", EvidencePermissions.Viewers)]
public sealed class EvidencePageFormEndpoint(
    RecordDeviceReview recordDeviceReview, RecordHeldEvidence recordHeldEvidence, MarkEvidenceSecured markEvidenceSecured,
    PlaceEvidenceHold placeEvidenceHold, ReleaseEvidenceHold releaseEvidenceHold,
    RequestDisclosure requestDisclosure, DecideDisclosure decideDisclosure, EvidencePageView view, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string incidentId = request.RouteValue("incidentId");
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        string? F(string name) => form[name].ToString() is { Length: > 0 } value ? value : null;
        string kind = form["action"].ToString();
        Failure? failure;
        switch (kind)
        {
            case EvidencePageModel.ReviewForm:
                FieldErrors reviewDate = new();
                string reviewedAt = DateInputs.Moment(form, "reviewedAt", "reviewedAt", "When it was reviewed must be a real date, and the time like 15:00", reviewDate);
                failure = reviewDate.Any ? Outcome.Invalid(reviewDate) : (await recordDeviceReview.ExecuteAsync(request.SignedIn, incidentId, new DeviceReviewDraft(
                    F("firstReviewer"), F("secondReviewer"), reviewedAt, F("machine"), F("deviceOrSite"), F("whatWasReviewed"), F("why"), F("conclusion")), request.Aborted)).Failure;
                break;
            case EvidencePageModel.HeldItemForm:
                FieldErrors securedDate = new();
                string securedAt = DateInputs.Moment(form, "held-securedAt", "securedAt", "When it was secured must be a real date, and the time like 14:05", securedDate);
                failure = securedDate.Any ? Outcome.Invalid(securedDate) : (await recordHeldEvidence.ExecuteAsync(request.SignedIn, incidentId, new HeldItemDraft(
                    F("title"), F("description"), F("location"), F("securedBy"), securedAt, F("sealNumber")), request.Aborted)).Failure;
                break;
            case EvidencePageModel.SecuredForm:
                failure = (await markEvidenceSecured.ExecuteAsync(request.SignedIn, incidentId, request.Aborted)).Failure;
                break;
            case EvidencePageModel.HoldPlaceForm:
                failure = (await placeEvidenceHold.ExecuteAsync(request.SignedIn, incidentId, F("reason"), request.Aborted)).Failure;
                break;
            case EvidencePageModel.HoldReleaseForm:
                failure = (await releaseEvidenceHold.ExecuteAsync(request.SignedIn, incidentId, F("reason"), request.Aborted)).Failure;
                break;
            case EvidencePageModel.DisclosureRequestForm:
                failure = (await requestDisclosure.ExecuteAsync(request.SignedIn, incidentId, new DisclosureRequestDraft(
                    F("requestingBody"), F("requesterName"), F("requesterOrganisation"), F("requesterReference"), F("requested")), request.Aborted)).Failure;
                break;
            case EvidencePageModel.DisclosureDecisionForm:
                string requestId = form["requestId"].ToString();
                Outcome<DisclosureDecided> decided = await decideDisclosure.ExecuteAsync(
                    request.SignedIn, incidentId, requestId, new DisclosureDecisionDraft(F("decision"), F("reason")), request.Aborted);
                if (decided.Failure is { } decisionFailure)
                {
                    return await view.FailedAsync(request, incidentId, EvidencePageModel.DecisionForm(requestId), form, decisionFailure);
                }

                return decided.Value.Request.State == DisclosureState.Approved
                    ? Results.Redirect(DisclosurePackagePageEndpoint.PathOf(decided.Value.Request), permanent: false, preserveMethod: false)
                    : Saved(incidentId, EvidencePageModel.DisclosureRefused);
            default:
                return await pages.FailureAsync(PageContext.For(request), Outcome.Invalid("action", "Use the forms on the evidence page"));
        }

        return failure is null ? Saved(incidentId, kind) : await view.FailedAsync(request, incidentId, kind, form, failure);
    }

    /// <summary>Back to the page, with the confirmation of what was done (by its key, never its words).</summary>
    static IResult Saved(string incidentId, string done) =>
        Results.Redirect("/incidents/" + incidentId + "/evidence?done=" + Uri.EscapeDataString(done), permanent: false, preserveMethod: false);
}

/// <summary>
/// <c>POST /incidents/{incidentId}/evidence/files</c>: the evidence page's upload form (multipart: <c>title</c>, then
/// <c>file</c>). The file part is streamed straight into the same use case as the API — hashed on the way, never held
/// whole — so the form takes files as large as the API does.
/// </summary>
[Endpoint("POST", "incidents/{incidentId}/evidence/files", EvidencePermissions.Handlers)]
public sealed class EvidenceUploadFormEndpoint(UploadEvidenceFile uploadEvidenceFile, EvidencePageView view) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string incidentId = request.RouteValue("incidentId");
        MultipartForm<Outcome<EvidenceItem>> posted = await MultipartBody.ReadAsync(request.Request, "file", async (fileName, _, content, fields) =>
            await uploadEvidenceFile.ExecuteAsync(request.SignedIn, incidentId, new EvidenceFileDraft(fields.GetValueOrDefault("title"), fileName, null), content, request.Aborted));
        FormCollection typed = new(new Dictionary<string, StringValues>(StringComparer.Ordinal) { ["title"] = posted.Fields.GetValueOrDefault("title") ?? string.Empty });
        Failure? failure = posted.File switch
        {
            null => Outcome.Invalid(FieldErrors.Of("file", "Choose the file to upload")),
            { Failure: { Title: UploadEvidenceFile.TooLargeTitle or UploadEvidenceFile.NotAcceptedTitle } refused } => Outcome.Invalid(FieldErrors.Of("file", refused.Detail)),
            { Failure: var other } => other,
        };
        return failure is null
            ? Results.Redirect("/incidents/" + incidentId + "/evidence?done=" + EvidencePageModel.UploadForm + "#register", permanent: false, preserveMethod: false)
            : await view.FailedAsync(request, incidentId, EvidencePageModel.UploadForm, typed, failure);
    }
}

/// <summary>
/// <c>GET /incidents/{incidentId}/evidence/disclosures/{requestId}</c>: for the senior manager, an approved disclosure's
/// package — "being prepared" until the durable workflow has built it, then its one-time link to send to the requester.
/// </summary>
[Endpoint("GET", "incidents/{incidentId}/evidence/disclosures/{requestId}", EvidencePermissions.DisclosureDeciders)]
public sealed class DisclosurePackagePageEndpoint(ShowDisclosureLink showDisclosureLink, PageRenderer pages) : IEndpointHandler
{
    public static string PathOf(DisclosureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return "/incidents/" + request.IncidentId + "/evidence/disclosures/" + request.RequestId;
    }

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<DisclosurePackageState> shown = await showDisclosureLink.ExecuteAsync(
            request.SignedIn, request.RouteValue("incidentId"), request.RouteValue("requestId"), request.Aborted);
        if (shown.Failure is { } failure)
        {
            return await pages.FailureAsync(PageContext.For(request), failure);
        }

        request.HttpContext.Response.Headers.CacheControl = "no-store";
        DisclosurePackageState state = shown.Value;
        return await pages.RenderAsync<DisclosureApprovedPage, DisclosureApprovedModel>(PageContext.For(request), new(
            state.Request.IncidentId, state.IncidentReference, PathOf(state.Request), state.Link?.Url, state.Link?.ExpiresAt));
    }
}

/// <summary>
/// <c>GET /retention</c>: the e-safety officer's list of incidents whose retention review is due (the daily job opens a
/// task for each). Each can be purged once the officer has reviewed it — confirmed by typing its reference — unless a
/// legal hold stands.
/// </summary>
[Endpoint("GET", "retention", EvidencePermissions.RetentionReviewers)]
public sealed class RetentionPageEndpoint(RetentionPageView view) : IEndpointHandler
{
    public Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return view.ShowAsync(request, purged: RetentionPageView.PurgedReference(request.Request.Query["purged"].ToString()));
    }
}

/// <summary>Shows the retention page: on its own, or again with one purge form's errors.</summary>
public sealed partial class RetentionPageView(ListRetentionDue listRetentionDue, PageRenderer pages)
{
    public async Task<IResult> ShowAsync(
        EndpointRequest request, string? activeIncidentId = null, IFormCollection? form = null, FieldErrors? errors = null, string? purged = null, int statusCode = StatusCodes.Status200OK)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IReadOnlyList<RetentionDue>> due = await listRetentionDue.ExecuteAsync(request.SignedIn, "page", request.Aborted);
        if (due.Failure is { } failure)
        {
            return await pages.FailureAsync(PageContext.For(request), failure);
        }

        FormState state = activeIncidentId is null ? FormState.Empty : FormState.Posted(form, errors, field => RetentionPageModel.FieldId(activeIncidentId, field));
        return await pages.RenderAsync<RetentionPage, RetentionPageModel>(PageContext.For(request), new(due.Value, activeIncidentId, state, purged), statusCode);
    }

    /// <summary>The reference of the incident just purged, from the redirect; only something shaped like a reference is shown.</summary>
    public static string? PurgedReference(string? value) => value is { Length: > 0 and <= 32 } && ReferenceShape().IsMatch(value) ? value : null;

    [GeneratedRegex("^[A-Z0-9-]{1,12}-[0-9]{4}-[0-9]{4,8}$", RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceShape();
}

/// <summary><c>POST /retention/{incidentId}/purge</c>: the retention page's purge form, through the same use case as the API.</summary>
[Endpoint("POST", "retention/{incidentId}/purge", EvidencePermissions.RetentionReviewers)]
public sealed class RetentionPurgeFormEndpoint(PurgeIncident purgeIncident, RetentionPageView view, PageRenderer pages) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        string incidentId = request.RouteValue("incidentId");
        IFormCollection form = await FormBody.ReadAsync(request.Request);
        Outcome<IncidentPurged> purged = await purgeIncident.ExecuteAsync(
            request.SignedIn, incidentId, new PurgeDraft(form["reason"].ToString(), form["confirmReference"].ToString()), request.Aborted);
        return purged.Failure switch
        {
            null => Results.Redirect("/retention?purged=" + Uri.EscapeDataString(purged.Value.Reference), permanent: false, preserveMethod: false),
            { Kind: FailureKind.Invalid, Errors: { } errors } => await view.ShowAsync(request, incidentId, form, errors, statusCode: StatusCodes.Status400BadRequest),
            { Kind: FailureKind.Conflict } conflict => await view.ShowAsync(request, incidentId, form, FieldErrors.Of(RetentionPageModel.IncidentField, conflict.Detail), statusCode: StatusCodes.Status409Conflict),
            { } failure when failure == IncidentPermissions.NotFound() =>
                await pages.FailureAsync(PageContext.For(request), Outcome.NotFound("There is no incident with that reference: it may have been purged already.")),
            { } failure => await pages.FailureAsync(PageContext.For(request), failure),
        };
    }
}
