using System.Globalization;
using System.Text.Json;
using EsafetyServerless.Http.Endpoints;
using EsafetyServerless.Http.Incidents;
using EsafetyServerless.Workflows.Intake;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform.Directory;
using Microsoft.AspNetCore.Http;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Http.Evidence;

/// <summary>Who handles evidence: the agency's IT technicians and its e-safety officer, and nobody else.</summary>
static class EvidenceAccess
{
    public static readonly Role[] Handlers = [Role.Technician, Role.EsafetyOfficer];

    public static Task<(Incident? Incident, IResult? Problem)> FindAsync(IIncidentStore store, EndpointRequest request) =>
        FindAsync(store, request, Handlers, "Only the agency's IT technicians and e-safety officer handle its evidence.");

    /// <summary>The route's incident, if the signed-in person has one of <paramref name="roles"/> in its agency (board admins never).</summary>
    public static async Task<(Incident? Incident, IResult? Problem)> FindAsync(IIncidentStore store, EndpointRequest request, IReadOnlyCollection<Role> roles, string refusal)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(roles);
        Incident? incident = await store.FindAsync(request.RouteValue("incidentId"), request.Aborted);
        if (incident is null)
        {
            return (null, Problems.NotFound("There is no incident with that id."));
        }

        return Permits(request.SignedIn, incident, roles) ? (incident, null) : (null, Problems.Forbidden(refusal));
    }

    public static bool Permits(Workflows.Platform.Directory.Actor actor, Incident incident, IReadOnlyCollection<Role> roles)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(roles);
        return actor.Role != Role.BoardAdmin && actor.CanActFor(incident.AgencyId) && roles.Contains(actor.Role);
    }

    /// <summary>Every handling of evidence is a custody entry in the agency's hash-chained audit trail.</summary>
    public static Task RecordCustodyAsync(CustodyRecorder custody, EndpointRequest request, Incident incident, string what, string subject, string? detail)
    {
        ArgumentNullException.ThrowIfNull(custody);
        return custody.RecordAsync(request, incident, what, subject, detail);
    }

    public static bool InvolvesIndecentImages(Incident incident) =>
        incident.Report.Concerns?.IllegalKinds.Contains(IllegalKind.IndecentImagesOfChildren) == true;
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/evidence/files?title=…&amp;fileName=…</c>, body = the file's bytes: streamed to
/// write-once storage and hashed (SHA-256) on the way, never held whole in memory. Refused outright for an incident
/// involving indecent images of children, and for one not yet triaged.
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/evidence/files", Roles.Technician | Roles.EsafetyOfficer)]
public sealed class UploadEvidenceFileEndpoint(IIncidentStore store, IEvidenceRegister register, IEvidenceVault vault, CustodyRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    public const long MaxFileBytes = 100L * 1024 * 1024;

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IResult? denied) = await EvidenceAccess.FindAsync(store, request);
        if (incident is null)
        {
            return denied!;
        }

        if (EvidenceAccess.InvolvesIndecentImages(incident))
        {
            await EvidenceAccess.RecordCustodyAsync(audit, request, incident, "upload-refused", incident.IncidentId, "indecent images of children suspected");
            return Problems.Create(StatusCodes.Status422UnprocessableEntity, "Files cannot be stored for this incident",
                "This incident involves suspected indecent images of children. Never upload, copy, view or store such material. " +
                "Isolate the device, change nothing, and record it as a held item instead (POST /api/incidents/{id}/evidence/items) for the police.");
        }

        if (incident.Report.Concerns is null)
        {
            return Problems.Create(StatusCodes.Status409Conflict, "Triage first",
                "This emailed report has not been triaged. Until the flowchart's questions are answered, files cannot be stored: record held items only.");
        }

        FieldErrors errors = new();
        string title = request.Request.Query["title"].ToString().Trim();
        string fileName = request.Request.Query["fileName"].ToString().Trim();
        if (title.Length is 0 or > 200)
        {
            errors.Add("title", "Enter what the file is (up to 200 characters)");
        }

        // The name travels into the disclosure package's zip: no folders, no "." or "..", no invisible or
        // direction-changing characters that could disguise what a file is.
        if (fileName.Length is 0 or > 200 || fileName is "." or ".." || fileName.Any(c => char.IsControl(c) || c is '/' or '\\' or ':'
            || char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Format or System.Globalization.UnicodeCategory.Surrogate))
        {
            errors.Add("fileName", "Enter the file's name (up to 200 characters, no folders)");
        }

        if (errors.Any)
        {
            return Problems.FieldErrors(errors);
        }

        if (!string.Equals(request.Request.ContentType?.Split(';')[0].Trim(), "application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "Send the file's bytes", "Send the file as the body with Content-Type: application/octet-stream.");
        }

        if (request.Request.ContentLength > MaxFileBytes)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "The file is too large", "Evidence files are limited to 100 MB; record larger items as held items.");
        }

        // Look at the first bytes before storing anything: the type is what the content is, not what it is called.
        byte[] head = new byte[4096];
        int headLength = await request.Request.Body.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, request.Aborted);
        if (!AttachmentTypes.IsAllowed(head.AsSpan(0, headLength)))
        {
            return Problems.Create(StatusCodes.Status415UnsupportedMediaType, "This kind of file is not accepted",
                "Evidence files may be screenshots (PNG, JPEG, GIF), documents (PDF, Office) or text logs.");
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        string evidenceId = "ev-" + IncidentIds.NewId(now)[4..];
        string blobName = $"{incident.AgencyId}/{incident.IncidentId}/{evidenceId}";
        EvidenceFile file;
        try
        {
            await using Stream content = new ConcatenatedStream(head.AsMemory(0, headLength), request.Request.Body);
            file = await vault.StoreAsync(blobName, fileName, content, MaxFileBytes, request.Aborted);
        }
        catch (EvidenceTooLargeException)
        {
            return Problems.Create(StatusCodes.Status413PayloadTooLarge, "The file is too large", "Evidence files are limited to 100 MB; record larger items as held items.");
        }

        EvidenceItem item = new(evidenceId, incident.IncidentId, incident.AgencyId, EvidenceKind.File, title, null, request.SignedIn.Person.PersonId, now, File: file);
        await register.AddAsync(item, request.Aborted);
        await EvidenceAccess.RecordCustodyAsync(audit, request, incident, "upload", evidenceId, "sha256=" + file.Sha256 + " bytes=" + file.Length.ToString(CultureInfo.InvariantCulture));
        return Results.Json(item, ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The bytes already read, then the rest of the request body.</summary>
    sealed class ConcatenatedStream(ReadOnlyMemory<byte> head, Stream rest) : Stream
    {
        int position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (this.position < head.Length)
            {
                int count = Math.Min(buffer.Length, head.Length - this.position);
                head.Slice(this.position, count).CopyTo(buffer);
                this.position += count;
                return count;
            }

            return await rest.ReadAsync(buffer, cancellationToken);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            this.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => this.ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>
/// <c>POST /api/incidents/{incidentId}/evidence/items</c> <c>{"title","description"?,"location","securedBy","securedAt","sealNumber"?}</c>:
/// a physical or held item recorded as metadata (always allowed, including for indecent-image incidents).
/// </summary>
[Endpoint("POST", "api/incidents/{incidentId}/evidence/items", Roles.Technician | Roles.EsafetyOfficer)]
public sealed class RecordHeldEvidenceEndpoint(IIncidentStore store, IEvidenceRegister register, CustodyRecorder audit, TimeProvider timeProvider) : IEndpointHandler
{
    static readonly string[] Fields = ["title", "description", "location", "securedBy", "securedAt", "sealNumber"];

    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IResult? denied) = await EvidenceAccess.FindAsync(store, request);
        if (incident is null)
        {
            return denied!;
        }

        (JsonElement? json, IResult? problem) = await LegacyJsonFields.ReadJsonAsync(request);
        if (json is not { } body)
        {
            return problem!;
        }

        FieldErrors errors = new();
        JsonElement root = body;
        string? title = LegacyJsonFields.Text(root, "title", errors, 200, required: true);
        string? description = LegacyJsonFields.Text(root, "description", errors, 4000, required: false);
        string? location = LegacyJsonFields.Text(root, "location", errors, 500, required: true);
        string? securedBy = LegacyJsonFields.Text(root, "securedBy", errors, 200, required: true);
        string? seal = LegacyJsonFields.Text(root, "sealNumber", errors, 100, required: false);
        DateTimeOffset now = timeProvider.GetUtcNow();
        DateTimeOffset? securedAt = LegacyJsonFields.PastMoment(root, "securedAt", errors, now, required: true);
        LegacyJsonFields.RejectUnknown(root, Fields, errors);

        if (errors.Any)
        {
            return Problems.FieldErrors(errors);
        }

        string evidenceId = "ev-" + IncidentIds.NewId(now)[4..];
        EvidenceItem item = new(evidenceId, incident.IncidentId, incident.AgencyId, EvidenceKind.Held, title!, description, request.SignedIn.Person.PersonId, now,
            Held: new HeldItem(location!, securedBy!, securedAt!.Value, seal));
        await register.AddAsync(item, request.Aborted);
        await EvidenceAccess.RecordCustodyAsync(audit, request, incident, CustodyActions.Secure, evidenceId, "at " + location + "; by " + securedBy);
        if (seal is not null)
        {
            await EvidenceAccess.RecordCustodyAsync(audit, request, incident, CustodyActions.Seal, evidenceId, "seal=" + seal);
        }
        return Results.Json(item, ApiJson.Options, statusCode: StatusCodes.Status201Created);
    }
}

/// <summary><c>GET /api/incidents/{incidentId}/evidence</c>: the register with each file's hash. Viewing it is a custody entry.</summary>
[Endpoint("GET", "api/incidents/{incidentId}/evidence", Roles.Technician | Roles.EsafetyOfficer)]
public sealed class ListEvidenceEndpoint(IIncidentStore store, IEvidenceRegister register, IDeviceReviews reviews, ILegalHolds holds, IRetentionSchedule retention, CustodyRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IResult? denied) = await EvidenceAccess.FindAsync(store, request);
        if (incident is null)
        {
            return denied!;
        }

        IReadOnlyList<EvidenceItem> items = await register.ListAsync(incident.IncidentId, request.Aborted);
        await EvidenceAccess.RecordCustodyAsync(audit, request, incident, "view", incident.IncidentId, "register");
        return Results.Json(new
        {
            items = items.OrderBy(i => i.AddedAt),
            reviews = (await reviews.ListAsync(incident.IncidentId, request.Aborted)).OrderBy(r => r.RecordedAt),
            hold = await holds.FindAsync(incident.IncidentId, request.Aborted),
            retention = await retention.FindAsync(incident.IncidentId, request.Aborted),
        }, ApiJson.Options);
    }
}

/// <summary><c>POST /api/incidents/{incidentId}/evidence/verify</c>: re-hashes every stored file and reports any mismatch.</summary>
[Endpoint("POST", "api/incidents/{incidentId}/evidence/verify", Roles.Technician | Roles.EsafetyOfficer)]
public sealed class VerifyEvidenceEndpoint(IIncidentStore store, IEvidenceRegister register, IEvidenceVault vault, CustodyRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IResult? denied) = await EvidenceAccess.FindAsync(store, request);
        if (incident is null)
        {
            return denied!;
        }

        List<VerifiedItem> results = [];
        foreach (EvidenceItem item in (await register.ListAsync(incident.IncidentId, request.Aborted)).Where(i => i.File is not null))
        {
            string now = await vault.RehashAsync(item.File!.BlobName, request.Aborted);
            results.Add(new VerifiedItem(item.EvidenceId, item.File.Sha256, now, now == item.File.Sha256));
        }

        bool intact = results.All(r => r.Intact);
        await EvidenceAccess.RecordCustodyAsync(audit, request, incident, "verify", incident.IncidentId, intact ? "all intact" : "MISMATCH");
        return Results.Json(new { intact, items = results }, ApiJson.Options);
    }
}

public sealed record VerifiedItem(string EvidenceId, string ExpectedSha256, string ActualSha256, bool Intact);

/// <summary>
/// <c>GET /api/incidents/{incidentId}/evidence/custody</c>: the chain of custody — every upload, view, securing and
/// verification of the incident's evidence (who, role, when, why, from where), read from the hash-chained audit trail.
/// </summary>
[Endpoint("GET", "api/incidents/{incidentId}/evidence/custody", Roles.Technician | Roles.EsafetyOfficer)]
public sealed class EvidenceCustodyEndpoint(IIncidentStore store, ICustodyIndex index, IAuditTrail trail, CustodyRecorder audit) : IEndpointHandler
{
    public async Task<IResult> HandleAsync(EndpointRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        (Incident? incident, IResult? denied) = await EvidenceAccess.FindAsync(store, request);
        if (incident is null)
        {
            return denied!;
        }

        IReadOnlyList<CustodyRecord> entries = await CustodyLog.ReadAsync(trail, index, incident, request.Aborted);
        await EvidenceAccess.RecordCustodyAsync(audit, request, incident, "view", incident.IncidentId, "custody log");
        return Results.Json(new { items = entries }, ApiJson.Options);
    }
}

/// <summary>
/// The chain of custody of an incident's evidence: the incident's entries of the agency's hash-chained audit trail,
/// found through the custody index (point reads, not a scan of the agency's trail). An entry whose stored fields no
/// longer produce its hash is shown as altered.
/// </summary>
public static class CustodyLog
{
    public static async Task<IReadOnlyList<CustodyRecord>> ReadAsync(IAuditTrail trail, ICustodyIndex index, Incident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(trail);
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(incident);
        IReadOnlyList<long> sequences = await index.ListAsync(incident.IncidentId, cancellationToken);
        return (await trail.ReadAsync(incident.AgencyId, sequences, cancellationToken))
            .Where(e => e.Event.Action.StartsWith(CustodyActions.Prefix, StringComparison.Ordinal))
            .Select(e => new CustodyRecord(
                e.Sequence, e.At, e.Event.Action[CustodyActions.Prefix.Length..], e.Event.Subject, e.Event.ActorPersonId, e.Event.ActorRole, e.Event.From, e.Event.Detail,
                AuditChain.ComputeHash(e.PreviousHash, e.Sequence, e.At, e.Event) == e.Hash ? e.Hash : "ALTERED"))
            .ToList();
    }
}

/// <summary>Writes custody entries: to the agency's hash-chained audit trail, then to the incident's custody index.</summary>
public sealed class CustodyRecorder(AuditRecorder audit, ICustodyIndex index)
{
    public async Task RecordAsync(EndpointRequest request, Incident incident, string what, string subject, string? detail)
    {
        ArgumentNullException.ThrowIfNull(incident);
        AuditEntry entry = await audit.RecordAsync(request.SignedIn, incident.AgencyId, CustodyActions.Prefix + what, subject, detail);
        await index.AddAsync(incident.IncidentId, entry.Sequence, CancellationToken.None);
    }

    /// <summary>A custody entry by the holder of a signed link (no signed-in person).</summary>
    public async Task RecordExternalAsync(EndpointRequest request, Incident incident, string actor, string role, string what, string subject, string? detail)
    {
        ArgumentNullException.ThrowIfNull(incident);
        AuditEntry entry = await audit.RecordForLinkHolderAsync(new LinkHolder(actor, role, request.From), incident.AgencyId, CustodyActions.Prefix + what, subject, detail);
        await index.AddAsync(incident.IncidentId, entry.Sequence, CancellationToken.None);
    }
}
