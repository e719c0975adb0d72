using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using EsafetyServerless.Workflows.Audit;
using EsafetyServerless.Workflows.Evidence;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// Evidence files in the <c>evidence</c> container. In Azure the container has version-level immutability and legal
/// holds (Bicep); Azurite has neither, so this adapter itself only ever creates blobs (If-None-Match: *), never
/// overwrites or deletes one, and records every attempt to do so in the agency's audit trail.
/// </summary>
public sealed class BlobEvidenceVault(BlobServiceClient blobs, IAuditTrail audit) : IEvidenceVault
{
    public const string Container = "evidence";

    /// <summary>
    /// 4 MB blocks, three in flight while the next fills: memory stays at 16 MB whatever the file's size, and the
    /// request's bytes are read straight into the block being filled, hashed there, and sent from it.
    /// </summary>
    const int BlockSize = 4 * 1024 * 1024;

    const int BlocksInFlight = 3;

    /// <summary>
    /// Streams the file into blocks, hashing it (SHA-256) on the way, and commits the blob with its hash as metadata in
    /// one request, only if nothing is stored under the name (If-None-Match: *): the blob never exists without its
    /// hash, and an upload that fails half-way leaves nothing.
    /// </summary>
    public async Task<EvidenceFile> StoreAsync(string blobName, string fileName, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        BlobContainerClient container = await this.ContainerAsync(cancellationToken);
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long length = 0;
        await using StagedBlockStream blocks = new(container.GetBlockBlobClient(blobName), BlockSize, BlocksInFlight);
        await blocks.CopyFromAsync(content, chunk =>
        {
            length += chunk.Length;
            if (length > maxBytes)
            {
                throw new EvidenceTooLargeException($"The file is larger than the {maxBytes / (1024 * 1024)} MB limit.");
            }

            hash.AppendData(chunk);
        }, cancellationToken);
        string sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
        try
        {
            await blocks.CommitAsync(
                new BlobHttpHeaders { ContentType = "application/octet-stream" }, new Dictionary<string, string> { [HashMetadata] = sha256 },
                new BlobRequestConditions { IfNoneMatch = ETag.All }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            await this.RecordRefusalAsync(blobName, "overwrite", "evidence-vault", cancellationToken);
            throw new EvidenceImmutableException("Evidence is never overwritten: " + blobName, ex);
        }

        return new EvidenceFile(fileName, blobName, sha256, length);
    }

    const string HashMetadata = "sha256";

    public async Task<EvidenceFile?> FindStoredAsync(string blobName, string fileName, CancellationToken cancellationToken)
    {
        BlobContainerClient container = await this.ContainerAsync(cancellationToken);
        try
        {
            BlobProperties properties = await container.GetBlobClient(blobName).GetPropertiesAsync(cancellationToken: cancellationToken);
            // Files stored before the hash was committed with the bytes may lack it: it is taken again.
            string sha256 = properties.Metadata.TryGetValue(HashMetadata, out string? recorded) ? recorded : await this.RehashAsync(blobName, cancellationToken);
            return new EvidenceFile(fileName, blobName, sha256, properties.ContentLength);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>One streamed GET, hashed as it arrives (the SDK resumes it from where it broke off, pinned to the blob's ETag).</summary>
    public async Task<string> RehashAsync(string blobName, CancellationToken cancellationToken)
    {
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using Stream stream = await this.OpenReadAsync(blobName, cancellationToken);
        byte[] buffer = new byte[256 * 1024];
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            hash.AppendData(buffer, 0, read);
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    public async Task<Stream> OpenReadAsync(string blobName, CancellationToken cancellationToken)
    {
        BlobContainerClient container = await this.ContainerAsync(cancellationToken);
        BlobDownloadStreamingResult download = await container.GetBlobClient(blobName).DownloadStreamingAsync(cancellationToken: cancellationToken);
        return download.Content;
    }

    /// <summary>
    /// The retention purge: the only code path that deletes an evidence blob. The caller has checked that an e-safety
    /// officer confirmed it and that no legal hold stands; the deletion is recorded before it happens. In Azure the
    /// container's immutability policy refuses it until the blob's retention period has passed.
    /// </summary>
    public async Task PurgeForRetentionAsync(string blobName, RetentionPurgeAuthority authority, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(authority);
        string agencyId = blobName.Split('/')[0];
        await audit.AppendAsync(
            new AuditEvent(agencyId, authority.ConfirmedBy, "EsafetyOfficer", "retention-purge", blobName, null, "incident=" + authority.IncidentId + " reason=" + authority.Reason),
            cancellationToken);
        BlobContainerClient container = await this.ContainerAsync(cancellationToken);
        await container.GetBlobClient(blobName).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
        await DeleteVersionsAsync(container, blobName, cancellationToken);
    }

    /// <summary>With blob versioning on (Azure), deleting a blob keeps its versions: delete each one too.</summary>
    internal static async Task DeleteVersionsAsync(BlobContainerClient container, string blobName, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (BlobItem version in container.GetBlobsAsync(BlobTraits.None, BlobStates.Version, blobName, cancellationToken))
            {
                if (version.Name == blobName && version.VersionId is { } id)
                {
                    await container.GetBlobClient(blobName).WithVersion(id).DeleteIfExistsAsync(cancellationToken: cancellationToken);
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 400 or 501)
        {
            // Storage without versioning (Azurite) does not list versions: there are none to delete.
        }
    }

    public async Task DeleteAsync(string blobName, string requestedBy, CancellationToken cancellationToken)
    {
        await this.RecordRefusalAsync(blobName, "delete", requestedBy, cancellationToken);
        throw new EvidenceImmutableException("Evidence is never deleted through the vault: " + blobName);
    }

    async Task RecordRefusalAsync(string blobName, string attempt, string by, CancellationToken cancellationToken)
    {
        string agencyId = blobName.Split('/')[0];
        await audit.AppendAsync(new AuditEvent(agencyId, by, "system", "refused-" + attempt, blobName, null, "evidence is write-once"), cancellationToken);
    }

    async Task<BlobContainerClient> ContainerAsync(CancellationToken cancellationToken)
    {
        BlobContainerClient container = blobs.GetBlobContainerClient(Container);
        await container.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        return container;
    }
}
