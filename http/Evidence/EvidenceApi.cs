using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Platform;
using Microsoft.AspNetCore.Http;

namespace EsafetyServerless.Http.Evidence;

/// <summary>What the evidence API handlers share: reading their small JSON bodies (text fields, unknown fields refused).</summary>
static class EvidenceHttp
{
    /// <summary>The evidence records' bodies are a few text fields.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static async Task<JsonFields> ReadAsync(HttpRequest request, params string[] fields) =>
        (await JsonBody.ReadObjectAsync(request, MaxBodyBytes)).RejectUnknown(fields);

    public static IResult Invalid(JsonFields body) => ApiResults.Problem(Outcome.Invalid(body.Errors));
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/evidence/files?title=…&amp;fileName=…</c>, body = the file's bytes
/// (<c>application/octet-stream</c>): streamed to write-once storage and hashed on the way.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/evidence/files", EvidencePermissions.Handlers)]
public sealed class UploadEvidenceFileEndpoint(UploadEvidenceFile uploadEvidenceFile) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        HttpRequest http = request.Request;
        if (!string.Equals(http.ContentType?.Split(';')[0].Trim(), "application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Send the file's bytes", "Send the file as the body with Content-Type: application/octet-stream.");
        }

        EvidenceFileDraft draft = new(http.Query["title"].ToString(), http.Query["fileName"].ToString(), http.ContentLength);
        Outcome<EvidenceItem> uploaded = await uploadEvidenceFile.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), draft, http.Body, request.Aborted);
        return uploaded.Failure switch
        {
            null => ApiResults.Json(uploaded.Value, StatusCodes.Status201Created),
            { Title: UploadEvidenceFile.TooLargeTitle } tooLarge => Problems.Create(StatusCodes.Status413PayloadTooLarge, tooLarge.Title, tooLarge.Detail),
            { Title: UploadEvidenceFile.NotAcceptedTitle } notAccepted => Problems.Create(StatusCodes.Status415UnsupportedMediaType, notAccepted.Title, notAccepted.Detail),
            { } failure => ApiResults.Problem(failure),
        };
    }
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/evidence/items</c> <c>{"title","description"?,"location","securedBy","securedAt","sealNumber"?}</c>:
/// a physical or held item recorded as metadata (always allowed, including for indecent-image incidents).
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/evidence/items", EvidencePermissions.Handlers)]
public sealed class RecordHeldEvidenceEndpoint(RecordHeldEvidence recordHeldEvidence) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = await EvidenceHttp.ReadAsync(request.Request, "title", "description", "location", "securedBy", "securedAt", "sealNumber");
        HeldItemDraft draft = new(body.Text("title"), body.Text("description"), body.Text("location"), body.Text("securedBy"), body.Text("securedAt"), body.Text("sealNumber"));
        if (body.Errors.Any)
        {
            return EvidenceHttp.Invalid(body);
        }

        Outcome<EvidenceItem> recorded = await recordHeldEvidence.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), draft, request.Aborted);
        return ApiResults.From(recorded, item => ApiResults.Json(item, StatusCodes.Status201Created));
    }
}

/// <summary><c>GET /api/incidents/{incidentId}/evidence</c>: the register with each file's hash. Viewing it is a custody entry.</summary>
[Endpoint("GET", "api/incidents/{incidentId}/evidence", EvidencePermissions.Handlers)]
public sealed class ListEvidenceEndpoint(ReadEvidenceRegister readEvidenceRegister) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<EvidenceRegister> read = await readEvidenceRegister.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), request.Aborted);
        return ApiResults.From(read, register => ApiResults.Json(register));
    }
}

/// <summary><c>POST /api/incidents/{incidentId}/evidence/verify</c>: re-hashes every stored file and reports any mismatch.</summary>
[Endpoint("POST", "api/incidents/{incidentId}/evidence/verify", EvidencePermissions.Handlers)]
public sealed class VerifyEvidenceEndpoint(VerifyEvidence verifyEvidence) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<EvidenceVerification> verified = await verifyEvidence.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), request.Aborted);
        return ApiResults.From(verified, verification => ApiResults.Json(verification));
    }
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/evidence/secured</c> (no body): the evidence is secured, so the response's "secure
/// the evidence" task is done (409 when it is already, or was never opened; 400 while the register is empty).
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/evidence/secured", EvidencePermissions.Handlers)]
public sealed class MarkEvidenceSecuredEndpoint(MarkEvidenceSecured markEvidenceSecured) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<Workflows.Tasks.WorkTask> secured = await markEvidenceSecured.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), request.Aborted);
        return ApiResults.From(secured, task => ApiResults.Json(Tasks.TaskView.Of(task, task.Completion?.CompletedAt ?? task.OpenedAt)));
    }
}

/// <summary>
/// <c>GET /api/incidents/{incidentId}/evidence/custody</c>: the chain of custody — every upload, view, securing and
/// verification of the incident's evidence (who, role, when, why, from where), read from the hash-chained audit trail.
/// </summary>
[Endpoint("GET", "api/incidents/{incidentId}/evidence/custody", EvidencePermissions.Handlers)]
public sealed class EvidenceCustodyEndpoint(ReadCustodyLog readCustodyLog) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IReadOnlyList<CustodyRecord>> read = await readCustodyLog.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), request.Aborted);
        return ApiResults.From(read, entries => ApiResults.Json(new { items = entries }));
    }
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/evidence/reviews</c> <c>{"firstReviewer","secondReviewer","reviewedAt","machine",
/// "deviceOrSite","whatWasReviewed","why","conclusion"}</c>: the two-person review of a device or site for a non-illegal incident.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/evidence/reviews", EvidencePermissions.Handlers)]
public sealed class RecordDeviceReviewEndpoint(RecordDeviceReview recordDeviceReview) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = await EvidenceHttp.ReadAsync(request.Request, "firstReviewer", "secondReviewer", "reviewedAt", "machine", "deviceOrSite", "whatWasReviewed", "why", "conclusion");
        DeviceReviewDraft draft = new(
            body.Text("firstReviewer"), body.Text("secondReviewer"), body.Text("reviewedAt"), body.Text("machine"),
            body.Text("deviceOrSite"), body.Text("whatWasReviewed"), body.Text("why"), body.Text("conclusion"));
        if (body.Errors.Any)
        {
            return EvidenceHttp.Invalid(body);
        }

        Outcome<DeviceReview> recorded = await recordDeviceReview.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), draft, request.Aborted);
        return ApiResults.From(recorded, review => ApiResults.Json(review, StatusCodes.Status201Created));
    }
}

/// <summary><c>POST /api/incidents/{incidentId}/evidence/hold</c> <c>{"reason"}</c>: the officer or senior manager places a legal hold by hand.</summary>
[Endpoint("POST", "api/incidents/{incidentId}/evidence/hold", EvidencePermissions.HoldPlacers)]
public sealed class PlaceEvidenceHoldEndpoint(PlaceEvidenceHold placeEvidenceHold) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = await EvidenceHttp.ReadAsync(request.Request, "reason");
        string? reason = body.Text("reason");
        if (body.Errors.Any)
        {
            return EvidenceHttp.Invalid(body);
        }

        Outcome<LegalHold> placed = await placeEvidenceHold.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), reason, request.Aborted);
        return ApiResults.From(placed, hold => ApiResults.Json(hold, StatusCodes.Status201Created));
    }
}

/// <summary><c>POST /api/incidents/{incidentId}/evidence/hold/release</c> <c>{"reason"}</c>: only the agency's senior manager.</summary>
[Endpoint("POST", "api/incidents/{incidentId}/evidence/hold/release", EvidencePermissions.HoldReleasers)]
public sealed class ReleaseEvidenceHoldEndpoint(ReleaseEvidenceHold releaseEvidenceHold) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = await EvidenceHttp.ReadAsync(request.Request, "reason");
        string? reason = body.Text("reason");
        if (body.Errors.Any)
        {
            return EvidenceHttp.Invalid(body);
        }

        Outcome<LegalHold> released = await releaseEvidenceHold.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), reason, request.Aborted);
        return ApiResults.From(released, hold => ApiResults.Json(hold));
    }
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/evidence/disclosures</c> <c>{"requestingBody":"police|lado|other-agency","requesterName",
/// "requesterOrganisation"?,"requesterReference","requested"}</c>: a technician or the officer records a request for disclosure.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/evidence/disclosures", EvidencePermissions.Handlers)]
public sealed class RequestDisclosureEndpoint(RequestDisclosure requestDisclosure) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = await EvidenceHttp.ReadAsync(request.Request, "requestingBody", "requesterName", "requesterOrganisation", "requesterReference", "requested");
        DisclosureRequestDraft draft = new(body.Text("requestingBody"), body.Text("requesterName"), body.Text("requesterOrganisation"), body.Text("requesterReference"), body.Text("requested"));
        if (body.Errors.Any)
        {
            return EvidenceHttp.Invalid(body);
        }

        Outcome<DisclosureRequest> recorded = await requestDisclosure.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), draft, request.Aborted);
        return ApiResults.From(recorded, disclosure => ApiResults.Json(disclosure, StatusCodes.Status201Created));
    }
}

/// <summary><c>GET /api/incidents/{incidentId}/evidence/disclosures</c>: the incident's disclosure requests and where each stands.</summary>
[Endpoint("GET", "api/incidents/{incidentId}/evidence/disclosures", EvidencePermissions.Viewers)]
public sealed class ListDisclosuresEndpoint(ListDisclosures listDisclosures) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IReadOnlyList<DisclosureRequest>> listed = await listDisclosures.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), request.Aborted);
        return ApiResults.From(listed, items => ApiResults.Json(new { items }));
    }
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/evidence/disclosures/{requestId}/decision</c> <c>{"decision":"approve|refuse","reason"}</c>:
/// the senior manager decides. An approval answers 202: the export package is being built, and its one-time download
/// link is at <c>Location</c> (<see cref="ShowDisclosureLinkEndpoint"/>) once it is ready.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/evidence/disclosures/{requestId}/decision", EvidencePermissions.DisclosureDeciders)]
public sealed class DecideDisclosureEndpoint(DecideDisclosure decideDisclosure) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = await EvidenceHttp.ReadAsync(request.Request, "decision", "reason");
        DisclosureDecisionDraft draft = new(body.Text("decision"), body.Text("reason"));
        if (body.Errors.Any)
        {
            return EvidenceHttp.Invalid(body);
        }

        Outcome<DisclosureDecided> decided = await decideDisclosure.ExecuteAsync(
            request.SignedIn, request.RouteValue("incidentId"), request.RouteValue("requestId"), draft, request.Aborted);
        return ApiResults.From(decided, d =>
        {
            if (d.Request.State != DisclosureState.Approved)
            {
                return ApiResults.Json(new { request = d.Request });
            }

            string link = ShowDisclosureLinkEndpoint.PathOf(d.Request);
            request.HttpContext.Response.Headers.Location = link;
            return ApiResults.Json(new { request = d.Request, links = new { downloadLink = link } }, StatusCodes.Status202Accepted);
        });
    }
}

/// <summary>
/// <c>GET /api/incidents/{incidentId}/evidence/disclosures/{requestId}/link</c>: the senior manager gets the approved
/// package's one-time download link to send to the requester — 200 with it once the package is ready, 202 with
/// <c>Retry-After</c> while it is being built; 410 once it has been used or has expired.
/// </summary>
[Endpoint("GET", "api/incidents/{incidentId}/evidence/disclosures/{requestId}/link", EvidencePermissions.DisclosureDeciders)]
public sealed class ShowDisclosureLinkEndpoint(ShowDisclosureLink showDisclosureLink) : IEndpointHandler
{
    public static string PathOf(DisclosureRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return "/api/incidents/" + request.IncidentId + "/evidence/disclosures/" + request.RequestId + "/link";
    }

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<DisclosurePackageState> shown = await showDisclosureLink.ExecuteAsync(
            request.SignedIn, request.RouteValue("incidentId"), request.RouteValue("requestId"), request.Aborted);
        return ApiResults.From(shown, state =>
        {
            if (state.Link is not { } link)
            {
                request.HttpContext.Response.Headers.RetryAfter = "2";
                return ApiResults.Json(new { request = state.Request, preparing = true }, StatusCodes.Status202Accepted);
            }

            request.HttpContext.Response.Headers.CacheControl = "no-store";
            return ApiResults.Json(new { request = state.Request, downloadUrl = link.Url, downloadPath = link.Path, expiresAt = link.ExpiresAt, manifestSha256 = link.ManifestSha256 });
        });
    }
}

/// <summary>
/// <c>GET /api/incidents/{incidentId}/evidence/{evidenceId}/content?reason=…</c>: a technician or the officer downloads a
/// stored file, giving a reason; the download is a custody entry. Always an attachment, never shown in the browser.
/// </summary>
[Endpoint("GET", "api/incidents/{incidentId}/evidence/{evidenceId}/content", EvidencePermissions.Handlers)]
public sealed class DownloadEvidenceFileEndpoint(DownloadEvidenceFile downloadEvidenceFile) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<EvidenceFileContent> opened = await downloadEvidenceFile.ExecuteAsync(
            request.SignedIn, request.RouteValue("incidentId"), request.RouteValue("evidenceId"), request.Request.Query["reason"].ToString(), request.Aborted);
        return ApiResults.From(opened, file => ApiResults.Attachment(request.HttpContext, file.Content, "application/octet-stream", file.File.FileName));
    }
}

/// <summary>
/// <c>GET /api/disclosure-packages?token=…</c>: the external requester downloads the export package. No sign-in: the
/// signed link is the authority, and it works once — a changed link is 403, an old one 410, a second use 410.
/// </summary>
[Endpoint("GET", "api/disclosure-packages", Anonymous = true)]
public sealed class DownloadDisclosurePackageEndpoint(DownloadDisclosurePackage downloadDisclosurePackage) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<DisclosurePackageDownload> download = await downloadDisclosurePackage.ExecuteAsync(request.Request.Query["token"].ToString(), request.From, request.Aborted);
        return ApiResults.From(download, package => ApiResults.Attachment(request.HttpContext, package.Content, "application/zip", package.FileName));
    }
}

/// <summary><c>GET /api/retention/due</c>: the officer's agency's incidents whose retention review is due, with any legal hold.</summary>
[Endpoint("GET", "api/retention/due", EvidencePermissions.RetentionReviewers)]
public sealed class ListRetentionDueEndpoint(ListRetentionDue listRetentionDue) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Outcome<IReadOnlyList<RetentionDue>> due = await listRetentionDue.ExecuteAsync(request.SignedIn, view: null, request.Aborted);
        return ApiResults.From(due, items => ApiResults.Json(new { items }));
    }
}

/// <summary><c>POST /api/incidents/{incidentId}/retention/purge</c> <c>{"reason","confirmReference"}</c>: the officer confirms the purge.</summary>
[Endpoint("POST", "api/incidents/{incidentId}/retention/purge", EvidencePermissions.RetentionReviewers)]
public sealed class PurgeIncidentEndpoint(PurgeIncident purgeIncident) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonFields body = await EvidenceHttp.ReadAsync(request.Request, "reason", "confirmReference");
        PurgeDraft draft = new(body.Text("reason"), body.Text("confirmReference"));
        if (body.Errors.Any)
        {
            return EvidenceHttp.Invalid(body);
        }

        Outcome<IncidentPurged> purged = await purgeIncident.ExecuteAsync(request.SignedIn, request.RouteValue("incidentId"), draft, request.Aborted);
        return ApiResults.From(purged, result => ApiResults.Json(result));
    }
}
