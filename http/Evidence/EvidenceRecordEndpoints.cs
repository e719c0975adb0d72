using System.Globalization;
using System.Text.Json;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Incidents;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Links;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;
using EsafetyServerless.Workflows.Audit;

namespace EsafetyServerless.Http.Evidence;

/// <summary>Reads a small JSON body's text fields for the evidence records (unknown fields are errors).</summary>
static class EvidenceJson
{
    public static async Task<(Dictionary<string, string?>? Fields, IResult? Problem)> ReadAsync(EndpointRequest request, IReadOnlyCollection<string> known)
    {
        (JsonElement? json, IResult? problem) = await LegacyJsonFields.ReadJsonAsync(request);
        if (json is not { } body)
        {
            return (null, problem);
        }

        FieldErrors errors = new();
        Dictionary<string, string?> fields = new(StringComparer.Ordinal);
        foreach (string name in known)
        {
            if (body.TryGetProperty(name, out JsonElement value) && value.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
            {
                errors.Add(name, name + " must be text");
                continue;
            }

            fields[name] = body.TryGetProperty(name, out JsonElement text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null;
        }

        LegacyJsonFields.RejectUnknown(body, known, errors);
        return errors.Any ? (null, Problems.FieldErrors(errors)) : (fields, null);
    }

    /// <summary>The route's incident, for anyone who may touch some part of its evidence; each operation then checks its own roles.</summary>
    public static Task<(Incident? Incident, IResult? Problem)> FindAsync(IIncidentStore store, EndpointRequest request, IReadOnlyCollection<Workflows.Platform.Directory.Role> roles) =>
        EvidenceAccess.FindAsync(store, request, roles, "Your role does not allow this for this incident.");
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/evidence/reviews</c> <c>{"firstReviewer","secondReviewer","reviewedAt","machine",
/// "deviceOrSite","whatWasReviewed","why","conclusion"}</c>: the two-person review of a device or site for a non-illegal incident.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/evidence/reviews", Roles.Technician | Roles.EsafetyOfficer)]
public sealed class RecordDeviceReviewEndpoint(IIncidentStore store, EvidenceCase evidence) : IEndpointHandler
{
    static readonly string[] Fields = ["firstReviewer", "secondReviewer", "reviewedAt", "machine", "deviceOrSite", "whatWasReviewed", "why", "conclusion"];

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IResult? denied) = await EvidenceAccess.FindAsync(store, request);
        if (incident is null)
        {
            return denied!;
        }

        (Dictionary<string, string?>? f, IResult? problem) = await EvidenceJson.ReadAsync(request, Fields);
        if (f is null)
        {
            return problem!;
        }

        return (await evidence.RecordReviewAsync(request, incident, new DeviceReviewDraft(
            f["firstReviewer"], f["secondReviewer"], f["reviewedAt"], f["machine"], f["deviceOrSite"], f["whatWasReviewed"], f["why"], f["conclusion"]))).ToApi();
    }
}

/// <summary><c>POST /api/incidents/{incidentId}/evidence/hold</c> <c>{"reason"}</c>: the officer or senior manager places a legal hold by hand.</summary>
[Endpoint("POST", "api/incidents/{incidentId}/evidence/hold", Roles.EsafetyLeads)]
public sealed class PlaceEvidenceHoldEndpoint(IIncidentStore store, EvidenceCase evidence) : IEndpointHandler
{
    static readonly string[] Fields = ["reason"];

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IResult? denied) = await EvidenceJson.FindAsync(store, request, EvidenceCase.HoldPlacers);
        if (incident is null)
        {
            return denied!;
        }

        (Dictionary<string, string?>? f, IResult? problem) = await EvidenceJson.ReadAsync(request, Fields);
        return f is null ? problem! : (await evidence.PlaceHoldAsync(request, incident, f["reason"])).ToApi();
    }
}

/// <summary><c>POST /api/incidents/{incidentId}/evidence/hold/release</c> <c>{"reason"}</c>: only the agency's senior manager.</summary>
[Endpoint("POST", "api/incidents/{incidentId}/evidence/hold/release", Roles.SeniorManager)]
public sealed class ReleaseEvidenceHoldEndpoint(IIncidentStore store, EvidenceCase evidence) : IEndpointHandler
{
    static readonly string[] Fields = ["reason"];

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IResult? denied) = await EvidenceJson.FindAsync(store, request, EvidenceCase.HoldReleasers);
        if (incident is null)
        {
            return denied!;
        }

        (Dictionary<string, string?>? f, IResult? problem) = await EvidenceJson.ReadAsync(request, Fields);
        return f is null ? problem! : (await evidence.ReleaseHoldAsync(request, incident, f["reason"])).ToApi();
    }
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/evidence/disclosures</c> <c>{"requestingBody":"police|lado|other-agency","requesterName",
/// "requesterOrganisation"?,"requesterReference","requested"}</c>: a technician or the officer records a request for disclosure.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/evidence/disclosures", Roles.Technician | Roles.EsafetyOfficer)]
public sealed class RequestDisclosureEndpoint(IIncidentStore store, EvidenceCase evidence) : IEndpointHandler
{
    static readonly string[] Fields = ["requestingBody", "requesterName", "requesterOrganisation", "requesterReference", "requested"];

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IResult? denied) = await EvidenceAccess.FindAsync(store, request);
        if (incident is null)
        {
            return denied!;
        }

        (Dictionary<string, string?>? f, IResult? problem) = await EvidenceJson.ReadAsync(request, Fields);
        return f is null ? problem! : (await evidence.RequestDisclosureAsync(request, incident, new DisclosureRequestDraft(
            f["requestingBody"], f["requesterName"], f["requesterOrganisation"], f["requesterReference"], f["requested"]))).ToApi();
    }
}

/// <summary><c>GET /api/incidents/{incidentId}/evidence/disclosures</c>: the incident's disclosure requests and where each stands.</summary>
[Endpoint("GET", "api/incidents/{incidentId}/evidence/disclosures", Roles.EsafetyLeads | Roles.Technician)]
public sealed class ListDisclosuresEndpoint(IIncidentStore store, IDisclosureRequests disclosures, CustodyRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IResult? denied) = await EvidenceJson.FindAsync(store, request, EvidenceCase.DisclosureReaders);
        if (incident is null)
        {
            return denied!;
        }

        IReadOnlyList<DisclosureRequest> found = await disclosures.ListAsync(incident.IncidentId, request.Aborted);
        await EvidenceAccess.RecordCustodyAsync(audit, request, incident, CustodyActions.View, incident.IncidentId, "disclosure requests");
        return Results.Json(new { items = found.OrderBy(d => d.RecordedAt) }, ApiJson.Options);
    }
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/evidence/disclosures/{requestId}/decision</c> <c>{"decision":"approve|refuse","reason"}</c>:
/// the senior manager decides; an approval answers with the one-time download link of the export package.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/evidence/disclosures/{requestId}/decision", Roles.SeniorManager)]
public sealed class DecideDisclosureEndpoint(IIncidentStore store, EvidenceCase evidence) : IEndpointHandler
{
    static readonly string[] Fields = ["decision", "reason"];

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IResult? denied) = await EvidenceJson.FindAsync(store, request, EvidenceCase.DisclosureDeciders);
        if (incident is null)
        {
            return denied!;
        }

        (Dictionary<string, string?>? f, IResult? problem) = await EvidenceJson.ReadAsync(request, Fields);
        return f is null ? problem! : (await evidence.DecideDisclosureAsync(request, incident, request.RouteValue("requestId"), f["decision"]?.Trim(), f["reason"])).ToApi();
    }
}

/// <summary>
/// <c>GET /api/incidents/{incidentId}/evidence/{evidenceId}/content?reason=…</c>: a technician or the officer downloads a
/// stored file, giving a reason; the download is a custody entry. Always an attachment, never shown in the browser.
/// </summary>
[Endpoint("GET", "api/incidents/{incidentId}/evidence/{evidenceId}/content", Roles.Technician | Roles.EsafetyOfficer)]
public sealed class DownloadEvidenceFileEndpoint(IIncidentStore store, EvidenceCase evidence) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IResult? denied) = await EvidenceAccess.FindAsync(store, request);
        if (incident is null)
        {
            return denied!;
        }

        (CaseOutcome outcome, EvidenceFile? file, Stream? content) = await evidence.OpenFileAsync(request, incident, request.RouteValue("evidenceId"), request.Request.Query["reason"].ToString());
        if (content is null)
        {
            return outcome.ToApi();
        }

        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Results.Stream(content, "application/octet-stream", file!.FileName);
    }
}

/// <summary>
/// <c>GET /api/disclosure-packages?token=…</c>: the external requester downloads the export package. No sign-in: the
/// signed link is the authority, and it works once — a changed link is 403, an old one 410, a second use 410. Every
/// attempt is a custody entry, with the address it came from.
/// </summary>
[Endpoint("GET", "api/disclosure-packages", Anonymous = true)]
public sealed class DownloadDisclosurePackageEndpoint(
    SignedLinks links, IIncidentStore store, IDisclosureRequests disclosures, IDisclosurePackages packages, CustodyRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public const string Actor = "disclosure-link";
    public const string ActorRole = "ExternalRequester";

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        DateTimeOffset now = timeProvider.GetUtcNow();
        LinkCheck check = links.Verify(DisclosureRules.LinkPurpose, request.Request.Query["token"].ToString(), now);
        if (check.Result == LinkCheckResult.Tampered || DisclosureRules.ParseLinkSubject(check.SubjectId) is not { } subject)
        {
            return Problems.Create(StatusCodes.Status403Forbidden, "This link is not valid", "The link has been changed or is incomplete. Ask the agency for the link again.");
        }

        (string incidentId, string requestId) = subject;
        Incident? incident = await store.FindAsync(incidentId, request.Aborted);
        DisclosureRequest? disclosure = incident is null ? null : await disclosures.FindAsync(incidentId, requestId, request.Aborted);
        if (incident is null || disclosure is null)
        {
            return Problems.Create(StatusCodes.Status410Gone, "This package no longer exists", "The records it came from have been removed.");
        }

        string who = $"request={requestId} from={WireNames.Of(disclosure.RequestingBody)} reference={disclosure.RequesterReference}";
        if (check.Result == LinkCheckResult.Expired)
        {
            await audit.RecordExternalAsync(request, incident, Actor, ActorRole, CustodyActions.TransferRefused, incidentId, who + " link expired");
            return Problems.Create(StatusCodes.Status410Gone, "This link has expired",
                "The link expired on " + check.ExpiresAt!.Value.ToString("d MMMM yyyy HH:mm", CultureInfo.GetCultureInfo("en-GB")) + " (UTC). Ask the agency to approve a new disclosure.");
        }

        bool firstUse = false;
        string? from = request.From;
        DisclosureRequest? spent = await disclosures.UpdateAsync(incidentId, requestId, current =>
        {
            firstUse = current.State == DisclosureState.Approved && current.Package is not null && current.Download is null;
            return firstUse ? current with { State = DisclosureState.Downloaded, Download = new DisclosureDownload(now, from) } : current;
        }, request.Aborted);
        if (!firstUse || spent?.Package is not { } package)
        {
            await audit.RecordExternalAsync(request, incident, Actor, ActorRole, CustodyActions.TransferRefused, incidentId, who + " link already used");
            return Problems.Create(StatusCodes.Status410Gone, "This link has already been used",
                "The package can be downloaded once, and it has been. If you did not download it, tell the agency at once.");
        }

        Stream content;
        try
        {
            content = await packages.OpenReadAsync(package.BlobName, request.Aborted);
        }
        catch (Exception)
        {
            // Nothing was handed over: the link is given back, so the requester can try again.
            await disclosures.UpdateAsync(incidentId, requestId, current => current.State == DisclosureState.Downloaded && current.Download == spent.Download
                ? current with { State = DisclosureState.Approved, Download = null }
                : current, CancellationToken.None);
            throw;
        }

        await audit.RecordExternalAsync(request, incident, Actor, ActorRole, CustodyActions.Transfer, incidentId,
            who + " manifestSha256=" + package.ManifestSha256);
        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        request.HttpContext.Response.Headers.CacheControl = "no-store";
        return Results.Stream(content, "application/zip", $"disclosure-{incident.Reference}-{requestId}.zip");
    }
}

/// <summary><c>GET /api/retention/due</c>: the officer's agency's incidents whose retention review is due, with any legal hold.</summary>
[Endpoint("GET", "api/retention/due", Roles.EsafetyOfficer)]
public sealed class ListRetentionDueEndpoint(IRetentionSchedule retention, ILegalHolds holds, AuditRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        IReadOnlyList<RetentionDueView> due = await RetentionDueView.ListAsync(retention, holds, request.SignedIn.AgencyId, timeProvider.GetUtcNow(), request.Aborted);
        await audit.RecordAsync(request.SignedIn, request.SignedIn.AgencyId, Workflows.Audit.AuditActions.List, "retention-due");
        return Results.Json(new { items = due }, ApiJson.Options);
    }
}

public sealed record RetentionDueView(string IncidentId, string Reference, string RecordType, DateTimeOffset ReviewDueAt, string Basis, bool OnLegalHold)
{
    public static async Task<IReadOnlyList<RetentionDueView>> ListAsync(IRetentionSchedule retention, ILegalHolds holds, string agencyId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(retention);
        ArgumentNullException.ThrowIfNull(holds);
        List<RetentionDueView> views = [];
        foreach (RetentionEntry entry in (await retention.ListDueAsync(now, cancellationToken)).Where(e => e.AgencyId == agencyId).OrderBy(e => e.ReviewDueAt))
        {
            bool held = await holds.FindAsync(entry.IncidentId, cancellationToken) is { IsActive: true };
            views.Add(new(entry.IncidentId, entry.Reference, WireNames.Of(entry.RecordType), entry.ReviewDueAt, entry.Basis, held));
        }

        return views;
    }
}

/// <summary><c>POST /api/incidents/{incidentId}/retention/purge</c> <c>{"reason","confirmReference"}</c>: the officer confirms the purge.</summary>
[Endpoint("POST", "api/incidents/{incidentId}/retention/purge", Roles.EsafetyOfficer)]
public sealed class PurgeIncidentEndpoint(IIncidentStore store, EvidenceCase evidence) : IEndpointHandler
{
    static readonly string[] Fields = ["reason", "confirmReference"];

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IResult? denied) = await EvidenceJson.FindAsync(store, request, EvidenceCase.Purgers);
        if (incident is null)
        {
            return denied!;
        }

        (Dictionary<string, string?>? f, IResult? problem) = await EvidenceJson.ReadAsync(request, Fields);
        return f is null ? problem! : (await evidence.PurgeAsync(request, incident, f["reason"], f["confirmReference"])).ToApi();
    }
}
