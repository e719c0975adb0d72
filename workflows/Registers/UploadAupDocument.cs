using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Registers;

/// <summary>A document as it arrives: its media type, its declared length (null when not given) and its content.</summary>
public sealed record AupDocumentUpload(string MediaType, long? Length, Stream Content);

/// <summary>
/// Stores the document of the AUP's current version (PDF, Word or OpenDocument text, up to 10 MB), for those who keep
/// the AUPs. The document goes with the version: a new version starts without one.
/// </summary>
public sealed class UploadAupDocument(IRegisterStore registers, IAupDocuments documents, AuditRecorder audit, TimeProvider timeProvider) : IUseCase
{
    public const long MaxBytes = 10 * 1024 * 1024;

    /// <summary>The document is not one of the accepted types (the API answers 415).</summary>
    public static readonly Failure NotADocument = Outcome.Refused("Send a document", "Send the AUP as PDF, Word (.docx) or OpenDocument text.");

    /// <summary>The document is empty, too large or of unknown length (the API answers 413).</summary>
    public static readonly Failure TooLarge = Outcome.Refused("Send a document of up to 10 MB", "Send the document with its Content-Length, at most 10 MB.");

    static readonly HashSet<string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.oasis.opendocument.text",
    };

    public async Task<Outcome<RegisterItem>> ExecuteAsync(Actor actor, string agencyId, string itemId, AupDocumentUpload document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(document);
        if (RegisterPermissions.ToKeepAups(actor, agencyId) is { } denied)
        {
            return denied;
        }

        RegisterItem? aup = await registers.FindAsync(agencyId, itemId, cancellationToken);
        if (aup?.Aup is null)
        {
            return RegisterPermissions.AupNotFound();
        }

        if (!Types.Contains(document.MediaType))
        {
            return NotADocument;
        }

        if (document.Length is null or 0 or > MaxBytes)
        {
            return TooLarge;
        }

        string blob = await documents.SaveAsync(agencyId, aup.ItemId, aup.Aup.Version, document.MediaType, document.Content, cancellationToken);
        RegisterItem? saved = await registers.UpdateAsync(agencyId, aup.ItemId,
            a => a with { Aup = a.Aup! with { DocumentBlob = blob }, UpdatedAt = timeProvider.GetUtcNow(), UpdatedBy = actor.PersonId }, cancellationToken);
        if (saved is null)
        {
            return RegisterPermissions.AupNotFound();
        }

        await audit.RecordAsync(actor, agencyId, AuditActions.Change, aup.ItemId, "document version=" + aup.Aup.Version);
        return saved;
    }
}
