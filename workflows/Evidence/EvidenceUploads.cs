using System.Globalization;
using EsafetyServerless.Workflows.Incidents;

namespace EsafetyServerless.Workflows.Evidence;

/// <summary>
/// Keeps track of every evidence file, whatever fails while it is uploaded. The register row is written first
/// ("uploading", naming the blob), then the bytes, then the row completed; the blob appears only once complete, with
/// its SHA-256 committed in the same request. So a stored file is always in the register: if the process dies after
/// the bytes are stored, the row still says "uploading", and the next read of the register finds the blob and
/// completes the row (and its custody entry, once). A row whose upload never completed names a blob that does not
/// exist: it is shown as not finished, and the retention purge still deletes whatever is under its name.
/// </summary>
public sealed class EvidenceUploads(IEvidenceRegister register, IEvidenceVault vault, CustodyRecorder custody, TimeProvider timeProvider)
{
    /// <summary>A row still uploading after this long belongs to a request that has ended, however it ended.</summary>
    public static readonly TimeSpan SettleAfter = TimeSpan.FromMinutes(10);

    /// <summary>The custody operation of a file's upload: one entry, whether the request or a later read records it.</summary>
    public static string UploadOperation(string evidenceId) => "custody-upload:" + evidenceId;

    /// <summary>The incident's register, with every interrupted upload whose file was stored completed.</summary>
    public async Task<IReadOnlyList<EvidenceItem>> ListAsync(Incident incident, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(incident);
        IReadOnlyList<EvidenceItem> items = await register.ListAsync(incident.IncidentId, cancellationToken);
        if (!items.Any(i => i.Uploading is not null))
        {
            return items;
        }

        DateTimeOffset ended = timeProvider.GetUtcNow() - SettleAfter;
        List<EvidenceItem> settled = new(items.Count);
        foreach (EvidenceItem item in items)
        {
            settled.Add(item is { Uploading: { } pending } && item.AddedAt <= ended
                && await vault.FindStoredAsync(pending.BlobName, pending.FileName, cancellationToken) is { } file
                ? await this.CompleteAsync(null, incident, item, file, "; completed after its upload request was interrupted")
                : item);
        }

        return settled;
    }

    /// <summary>Records the stored file on its row and in the chain of custody (once); <paramref name="actor"/> null for the system.</summary>
    public async Task<EvidenceItem> CompleteAsync(Platform.Directory.Actor? actor, Incident incident, EvidenceItem item, EvidenceFile file, string? note = null)
    {
        ArgumentNullException.ThrowIfNull(incident);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(file);
        await custody.RecordOnceAsync(UploadOperation(item.EvidenceId), actor, incident, CustodyActions.Upload, item.EvidenceId,
            "sha256=" + file.Sha256 + " bytes=" + file.Length.ToString(CultureInfo.InvariantCulture) + (actor is null ? " uploadedBy=" + item.AddedBy + note : null));
        EvidenceItem completed = item with { File = file, Uploading = null };
        await register.UpdateAsync(completed, CancellationToken.None);
        return completed;
    }
}
