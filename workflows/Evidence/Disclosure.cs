using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>
/// A request from outside the agency (the police, the LADO, another agency) to disclose an incident's evidence.
/// The technician or e-safety officer records it; the agency's senior manager approves or refuses it with reasons; on
/// approval an export package is produced and can be downloaded once, through a signed link that expires.
/// </summary>
/// <param name="Requested">What the requester asked for, in their words.</param>
public sealed record DisclosureRequest(
    string RequestId,
    string IncidentId,
    string AgencyId,
    RequestingBody RequestingBody,
    string RequesterName,
    string? RequesterOrganisation,
    string RequesterReference,
    string Requested,
    string RecordedBy,
    DateTimeOffset RecordedAt,
    DisclosureState State = DisclosureState.Requested,
    DisclosureDecision? Decision = null,
    DisclosurePackage? Package = null,
    DisclosureDownload? Download = null);

public enum RequestingBody
{
    Police,
    Lado,
    OtherAgency,
}

public enum DisclosureState
{
    /// <summary>Waiting for the senior manager.</summary>
    Requested,

    /// <summary>Approved and packaged; the link has not been used.</summary>
    Approved,

    Refused,

    /// <summary>The package was downloaded through its link (once; the link is spent).</summary>
    Downloaded,
}

public sealed record DisclosureDecision(bool Approved, string DecidedBy, DateTimeOffset DecidedAt, string Reason);

/// <param name="BlobName">The package (a zip) in the disclosure container.</param>
/// <param name="ManifestSha256">The SHA-256 of <c>manifest.json</c> in the package (also written beside it).</param>
/// <param name="PackageSha256">The SHA-256 of the whole zip as produced.</param>
public sealed record DisclosurePackage(string BlobName, string ManifestSha256, string PackageSha256, long Length, int Items, DateTimeOffset CreatedAt, DateTimeOffset LinkExpiresAt);

public sealed record DisclosureDownload(DateTimeOffset At, string? From);

/// <summary>A disclosure request as typed in, every value still text.</summary>
public sealed record DisclosureRequestDraft(string? RequestingBody, string? RequesterName, string? RequesterOrganisation, string? RequesterReference, string? Requested);

public static class DisclosureRules
{
    /// <summary>How long a package's download link lasts.</summary>
    public static readonly TimeSpan LinkLifetime = TimeSpan.FromDays(7);

    /// <summary>The purpose signed into download links.</summary>
    public const string LinkPurpose = "disclosure";

    public static DisclosureRequest? Validate(DisclosureRequestDraft draft, Incident incident, string recordedBy, DateTimeOffset now, string requestId, FieldErrors errors)
    {
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(errors);
        RequestingBody body = default;
        if (string.IsNullOrWhiteSpace(draft.RequestingBody))
        {
            errors.Add("requestingBody", "Choose who is asking: " + string.Join(", ", WireNames.All<RequestingBody>()));
        }
        else if (!WireNames.TryParse(draft.RequestingBody.Trim(), out body))
        {
            errors.Add("requestingBody", "requestingBody must be one of: " + string.Join(", ", WireNames.All<RequestingBody>()));
        }

        string? name = EvidenceText.Required(draft.RequesterName, "requesterName", "who asked (name and role)", 200, errors);
        string? organisation = EvidenceText.Optional(draft.RequesterOrganisation, "requesterOrganisation", 200, errors);
        string? reference = EvidenceText.Required(draft.RequesterReference, "requesterReference", "the requester's reference (crime number, LADO reference)", 100, errors);
        string? requested = EvidenceText.Required(draft.Requested, "requested", "what is requested", 4000, errors);
        return errors.Any
            ? null
            : new DisclosureRequest(requestId, incident.IncidentId, incident.AgencyId, body, name!, organisation, reference!, requested!, recordedBy, now);
    }

    /// <summary>The subject a download link is signed for: the incident and the request (ids only).</summary>
    public static string LinkSubject(string incidentId, string requestId) => incidentId + "~" + requestId;

    public static (string IncidentId, string RequestId)? ParseLinkSubject(string? subject) =>
        subject?.Split('~') is [{ Length: > 0 } incidentId, { Length: > 0 } requestId] ? (incidentId, requestId) : null;
}

/// <summary>Port: disclosure requests, partitioned by incident.</summary>
public interface IDisclosureRequests
{
    Task AddAsync(DisclosureRequest request, CancellationToken cancellationToken);

    Task<DisclosureRequest?> FindAsync(string incidentId, string requestId, CancellationToken cancellationToken);

    Task<IReadOnlyList<DisclosureRequest>> ListAsync(string incidentId, CancellationToken cancellationToken);

    /// <summary>
    /// Applies a change under optimistic concurrency, re-running it on the latest version if someone changed the
    /// request meanwhile (so of two concurrent downloads only one sees an unspent link). Null when there is no such request.
    /// </summary>
    Task<DisclosureRequest?> UpdateAsync(string incidentId, string requestId, Func<DisclosureRequest, DisclosureRequest> change, CancellationToken cancellationToken);

    Task DeleteAllAsync(string incidentId, CancellationToken cancellationToken);
}

/// <summary>One item as the package's manifest lists it.</summary>
/// <param name="Path">Where the file is inside the package (files only).</param>
/// <param name="Sha256">The hash taken on receipt (files only).</param>
/// <param name="Sha256AtExport">The hash of the bytes written into the package; equal to <paramref name="Sha256"/> unless the stored file was altered.</param>
public sealed record ManifestItem(
    string EvidenceId, string Kind, string Title, string? Description, string AddedBy, DateTimeOffset AddedAt,
    string? FileName, string? Path, long? Length, string? Sha256, string? Sha256AtExport, HeldItem? Held);

/// <summary>The manifest of an export package (<c>manifest.json</c>); its own SHA-256 is in <c>manifest.sha256</c>.</summary>
public sealed record DisclosureManifest(
    string RequestId, string IncidentId, string IncidentReference, string AgencyId, string RequestingBody, string RequesterReference,
    string Requested, string ApprovedBy, DateTimeOffset ApprovedAt, DateTimeOffset CreatedAt,
    IReadOnlyList<ManifestItem> Items, string CustodyLogPath, string CustodyLogSha256, string HashAlgorithm = "SHA-256");

/// <summary>One custody entry as exported in the package's <c>custody.json</c>.</summary>
public sealed record CustodyRecord(long Sequence, DateTimeOffset At, string What, string Subject, string Who, string Role, string? From, string? Why, string Hash);

/// <summary>What goes into an export package.</summary>
public sealed record DisclosurePackageContents(
    DisclosureRequest Request, string IncidentReference, DisclosureDecision Approval, IReadOnlyList<EvidenceItem> Items, IReadOnlyList<CustodyRecord> Custody, DateTimeOffset LinkExpiresAt);

/// <summary>Port: produces, serves and purges export packages (zips in blob storage).</summary>
public interface IDisclosurePackages
{
    /// <summary>Streams every file into a zip with the manifest, its hash and the custody log; never holds a file whole in memory.</summary>
    Task<(DisclosurePackage Package, DisclosureManifest Manifest)> CreateAsync(DisclosurePackageContents contents, DateTimeOffset now, CancellationToken cancellationToken);

    Task<Stream> OpenReadAsync(string blobName, CancellationToken cancellationToken);

    /// <summary>Deletes every package of an incident (the retention purge).</summary>
    Task<int> PurgeAsync(string agencyId, string incidentId, CancellationToken cancellationToken);
}
