using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Platform;
using EsafetyServerless.Workflows.Platform.Directory;

namespace EsafetyServerless.Workflows.Registers;

/// <summary>The AUP's current document as it is handed out: a file name people recognise, its type and its content.</summary>
public sealed record AupDocumentFile(string FileName, AupDocumentContent Document);

/// <summary>
/// Anyone in the agency reads the AUP's current document — the staff who sign it above all. Reading it is audited.
/// </summary>
public sealed class ReadAupDocument(IRegisterStore registers, IAupDocuments documents, AuditRecorder audit) : IUseCase
{
    public async Task<Outcome<AupDocumentFile>> ExecuteAsync(Actor actor, string agencyId, string itemId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (RegisterPermissions.ToUse(actor, agencyId) is { } denied)
        {
            return denied;
        }

        RegisterItem? item = await registers.FindAsync(agencyId, itemId, cancellationToken);
        if (item?.Aup is not { } aup)
        {
            return RegisterPermissions.AupNotFound();
        }

        if (aup.DocumentBlob is not { } blob || await documents.OpenAsync(blob, cancellationToken) is not { } document)
        {
            return Outcome.NotFound("No document has been uploaded for version " + aup.Version + " of this AUP.");
        }

        await audit.RecordAsync(actor, agencyId, AuditActions.Read, item.ItemId, "document version=" + aup.Version);
        string extension = document.MediaType switch
        {
            "application/pdf" => ".pdf",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => ".docx",
            "application/vnd.oasis.opendocument.text" => ".odt",
            _ => string.Empty,
        };
        string safeTitle = new([.. item.Title.Select(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '.' ? c : '-')]);
        return new AupDocumentFile(safeTitle.Trim() + " version " + aup.Version.Replace('/', '-') + extension, document);
    }
}
