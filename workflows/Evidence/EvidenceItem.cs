using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>
/// One piece of evidence on an incident (ACPO principles, docs/domain.md, "Evidence"): a file stored write-once with the SHA-256
/// taken as it arrived, or a physical or held item recorded as metadata only (a seized device, a log on a server).
/// </summary>
/// <param name="Uploading">Set while a file's bytes are on their way (its row is written before a byte is stored, so
/// no stored file is ever unknown to the register); <paramref name="File"/> is set, and this cleared, once they are stored.</param>
public sealed record EvidenceItem(
    string EvidenceId,
    string IncidentId,
    string AgencyId,
    EvidenceKind Kind,
    string Title,
    string? Description,
    string AddedBy,
    DateTimeOffset AddedAt,
    EvidenceFile? File = null,
    HeldItem? Held = null,
    PendingUpload? Uploading = null);

/// <summary>Where a file being uploaded goes, recorded before its first byte is stored.</summary>
public sealed record PendingUpload(string FileName, string BlobName);

/// <summary>Ids of evidence records: a prefix ("ev-", "rv-", "dr-") and the time-ordered part of the incident id scheme.</summary>
public static class EvidenceIds
{
    public static string NewId(string prefix, DateTimeOffset now) => prefix + IncidentIds.NewId(now)[4..];
}

public enum EvidenceKind
{
    File,
    Held,
}

public sealed record EvidenceFile(string FileName, string BlobName, string Sha256, long Length);

/// <param name="Location">Where the item is kept (an evidence bag in the head's safe, a server's log store...).</param>
public sealed record HeldItem(string Location, string SecuredBy, DateTimeOffset SecuredAt, string? SealNumber);

/// <summary>Port: the evidence register (metadata) of each incident.</summary>
public interface IEvidenceRegister
{
    Task AddAsync(EvidenceItem item, CancellationToken cancellationToken);

    /// <summary>Replaces an item's row (a file's upload completing).</summary>
    Task UpdateAsync(EvidenceItem item, CancellationToken cancellationToken);

    Task<IReadOnlyList<EvidenceItem>> ListAsync(string incidentId, CancellationToken cancellationToken);

    Task<EvidenceItem?> FindAsync(string incidentId, string evidenceId, CancellationToken cancellationToken);

    /// <summary>Removes one item from the register (the retention purge only, once its file is deleted).</summary>
    Task RemoveAsync(string incidentId, string evidenceId, CancellationToken cancellationToken);

    /// <summary>Removes the incident's register (the retention purge only).</summary>
    Task DeleteAllAsync(string incidentId, CancellationToken cancellationToken);
}

/// <summary>
/// Port: write-once storage for evidence files. Files are streamed (never held whole in memory) and hashed on
/// the way in; nothing stored can be overwritten or deleted through this port.
/// </summary>
public interface IEvidenceVault
{
    /// <exception cref="EvidenceTooLargeException">The stream is longer than <paramref name="maxBytes"/>; nothing is kept.</exception>
    Task<EvidenceFile> StoreAsync(string blobName, string fileName, Stream content, long maxBytes, CancellationToken cancellationToken);

    /// <summary>
    /// The file stored under the name, with the SHA-256 recorded when it was stored (committed with its bytes), or
    /// null when nothing is stored there (an upload that never completed).
    /// </summary>
    Task<EvidenceFile?> FindStoredAsync(string blobName, string fileName, CancellationToken cancellationToken);

    /// <summary>Re-reads a stored file and returns its SHA-256 now.</summary>
    Task<string> RehashAsync(string blobName, CancellationToken cancellationToken);

    /// <summary>Opens a stored file for reading (a download by a technician or officer, an export package).</summary>
    Task<Stream> OpenReadAsync(string blobName, CancellationToken cancellationToken);

    /// <exception cref="EvidenceImmutableException">Always: evidence is never deleted through the vault.</exception>
    Task DeleteAsync(string blobName, string requestedBy, CancellationToken cancellationToken);

    /// <summary>
    /// The one legitimate deletion: a retention purge that an e-safety officer confirmed for an incident with no legal
    /// hold. Separate from <see cref="DeleteAsync"/> so that no other path can reach it; every purged blob is recorded.
    /// In Azure the container's immutability policy allows it only once the blob's retention period has passed.
    /// </summary>
    Task PurgeForRetentionAsync(string blobName, RetentionPurgeAuthority authority, CancellationToken cancellationToken);
}

/// <summary>Who confirmed a retention purge, why, and that the incident had no legal hold when they did.</summary>
public sealed record RetentionPurgeAuthority(string IncidentId, string ConfirmedBy, string Reason, DateTimeOffset ConfirmedAt);

public sealed class EvidenceImmutableException : Exception
{
    public EvidenceImmutableException()
    {
    }

    public EvidenceImmutableException(string message)
        : base(message)
    {
    }

    public EvidenceImmutableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

public sealed class EvidenceTooLargeException : Exception
{
    public EvidenceTooLargeException()
    {
    }

    public EvidenceTooLargeException(string message)
        : base(message)
    {
    }

    public EvidenceTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
