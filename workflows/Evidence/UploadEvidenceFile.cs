using System.Globalization;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Evidence;

/// <param name="Title">What the file is ("Screenshot of the post").</param>
/// <param name="FileName">The file's name as it will appear in a disclosure package.</param>
/// <param name="DeclaredLength">The length the sender declared, if any: over the limit, the file is refused before a byte is stored.</param>
public sealed record EvidenceFileDraft(string? Title, string? FileName, long? DeclaredLength);

/// <summary>
/// A technician or the e-safety officer stores a file as evidence (docs/domain.md, "Evidence"): streamed to write-once
/// storage and hashed (SHA-256) on the way, never held whole in memory. Refused outright for an incident involving
/// indecent images of children (that refusal is itself a custody entry), and for one not yet triaged; the type is
/// what the first bytes are, not what the file is called. The register row comes first, so no stored file is ever
/// unknown to the register (<see cref="EvidenceUploads"/>).
/// </summary>
public sealed class UploadEvidenceFile(
    IIncidentStore incidents, IEvidenceRegister register, IEvidenceVault vault, EvidenceUploads uploads, CustodyRecorder custody, TimeProvider timeProvider) : IUseCase
{
    public const long MaxFileBytes = 100L * 1024 * 1024;

    /// <summary>The title of the failure for a file over <see cref="MaxFileBytes"/> (an edge may answer it with its own status).</summary>
    public const string TooLargeTitle = "The file is too large";

    /// <summary>The title of the failure for content that is not an accepted type (<see cref="AttachmentTypes"/>).</summary>
    public const string NotAcceptedTitle = "This kind of file is not accepted";

    const int HeadLength = 4096;

    static Failure TooLarge => Outcome.Refused(TooLargeTitle, "Evidence files are limited to 100 MB; record larger items as held items.");

    /// <param name="content">The file's bytes, read once from the start; this use case does not dispose it.</param>
    public async Task<Outcome<EvidenceItem>> ExecuteAsync(Actor actor, string incidentId, EvidenceFileDraft draft, Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(draft);
        ArgumentNullException.ThrowIfNull(content);
        Outcome<Incident> found = await EvidencePermissions.FindToHandleAsync(incidents, actor, incidentId, cancellationToken);
        if (found.Failure is { } refused)
        {
            return refused;
        }

        Incident incident = found.Value;

        if (incident.Report.Concerns?.IllegalKinds.Contains(IllegalKind.IndecentImagesOfChildren) == true)
        {
            await custody.RecordAsync(actor, incident, CustodyActions.UploadRefused, incident.IncidentId, "indecent images of children suspected");
            return Outcome.Refused("Files cannot be stored for this incident",
                "This incident involves suspected indecent images of children. Never upload, copy, view or store such material. " +
                "Isolate the device, change nothing, and record it as a held item instead (POST /api/incidents/{id}/evidence/items) for the police.");
        }

        if (incident.Status == IncidentStatus.AwaitingTriage || incident.Report.Concerns is null)
        {
            return Outcome.Conflict("Triage first",
                "This report has not been triaged. Until the flowchart's questions are answered, files cannot be stored: record held items only.");
        }

        FieldErrors errors = new();
        string title = draft.Title?.Trim() ?? string.Empty;
        string fileName = draft.FileName?.Trim() ?? string.Empty;
        if (title.Length is 0 or > 200)
        {
            errors.Add("title", "Enter what the file is (up to 200 characters)");
        }

        if (!IsSafeFileName(fileName))
        {
            errors.Add("fileName", "Enter the file's name (up to 200 characters, no folders)");
        }

        if (errors.Any)
        {
            return Outcome.Invalid(errors);
        }

        if (draft.DeclaredLength > MaxFileBytes)
        {
            return TooLarge;
        }

        // Look at the first bytes before storing anything: the type is what the content is, not what it is called.
        byte[] head = new byte[HeadLength];
        int headLength = await content.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, cancellationToken);
        if (!AttachmentTypes.IsAllowed(head.AsSpan(0, headLength)))
        {
            return Outcome.Refused(NotAcceptedTitle, "Evidence files may be screenshots (PNG, JPEG, GIF), documents (PDF, Office) or text logs.");
        }

        DateTimeOffset now = timeProvider.GetUtcNow();
        string evidenceId = EvidenceIds.NewId("ev-", now);
        PendingUpload pending = new(fileName, $"{incident.AgencyId}/{incident.IncidentId}/{evidenceId}");
        EvidenceItem item = new(evidenceId, incident.IncidentId, incident.AgencyId, EvidenceKind.File, title, null, actor.PersonId, now, Uploading: pending);
        await register.AddAsync(item, cancellationToken);
        EvidenceFile file;
        try
        {
            await using Stream whole = new ConcatenatedStream(head.AsMemory(0, headLength), content);
            file = await vault.StoreAsync(pending.BlobName, fileName, whole, MaxFileBytes, cancellationToken);
        }
        catch (Exception ex)
        {
            await this.AbandonAsync(incident, item, pending);
            if (ex is EvidenceTooLargeException)
            {
                return TooLarge;
            }

            throw;
        }

        return await uploads.CompleteAsync(actor, incident, item, file);
    }

    /// <summary>
    /// Nothing is stored unless the whole file arrived (the blob is committed last), so a failed upload's row goes too.
    /// If storage cannot say (it is down), the row stays: the register shows the upload as not finished, and completes
    /// it should the blob turn out to be there.
    /// </summary>
    async Task AbandonAsync(Incident incident, EvidenceItem item, PendingUpload pending)
    {
        try
        {
            if (await vault.FindStoredAsync(pending.BlobName, pending.FileName, CancellationToken.None) is null)
            {
                await register.RemoveAsync(incident.IncidentId, item.EvidenceId, CancellationToken.None);
            }
        }
        catch (Exception)
        {
            // Best effort: the upload's own failure is the one to report.
        }
    }

    /// <summary>
    /// The name travels into the disclosure package's zip: no folders, no "." or "..", no invisible or
    /// direction-changing characters that could disguise what a file is.
    /// </summary>
    static bool IsSafeFileName(string fileName) =>
        fileName.Length is > 0 and <= 200 && fileName is not ("." or "..")
        && !fileName.Any(c => char.IsControl(c) || c is '/' or '\\' or ':' || char.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.Surrogate);

    /// <summary>The bytes already read, then the rest of the content.</summary>
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
