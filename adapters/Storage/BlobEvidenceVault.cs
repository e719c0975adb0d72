using System.Security.Cryptography;
using Azure;
using Azure.Storage;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
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

    /// <summary>Small blocks, two at a time: memory stays at a few MB whatever the file's size.</summary>
    static readonly StorageTransferOptions Transfer = new() { InitialTransferSize = 4 * 1024 * 1024, MaximumTransferSize = 4 * 1024 * 1024, MaximumConcurrency = 2 };

    public async Task<EvidenceFile> StoreAsync(string blobName, string fileName, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        BlobContainerClient container = await this.ContainerAsync(cancellationToken);
        BlobClient blob = container.GetBlobClient(blobName);
        using HashingStream hashing = new(content, maxBytes);
        try
        {
            await blob.UploadAsync(hashing, new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                TransferOptions = Transfer,
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
            }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            await this.RecordRefusalAsync(blobName, "overwrite", "evidence-vault", cancellationToken);
            throw new EvidenceImmutableException("Evidence is never overwritten: " + blobName, ex);
        }

        string sha256 = hashing.Finish();
        await blob.SetMetadataAsync(new Dictionary<string, string> { ["sha256"] = sha256 }, cancellationToken: cancellationToken);
        return new EvidenceFile(fileName, blobName, sha256, hashing.BytesRead);
    }

    public async Task<string> RehashAsync(string blobName, CancellationToken cancellationToken)
    {
        BlobContainerClient container = await this.ContainerAsync(cancellationToken);
        using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using Stream stream = await container.GetBlobClient(blobName).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = 1024 * 1024 }, cancellationToken);
        byte[] buffer = new byte[81920];
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
        return await container.GetBlobClient(blobName).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = 1024 * 1024 }, cancellationToken);
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

    /// <summary>Hashes (SHA-256) and counts what passes through, and stops a stream longer than the limit.</summary>
    sealed class HashingStream(Stream inner, long maxBytes) : Stream
    {
        readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => this.BytesRead; set => throw new NotSupportedException(); }

        public string Finish() => Convert.ToHexStringLower(this.hash.GetHashAndReset());

        public override int Read(byte[] buffer, int offset, int count) => this.Count(buffer.AsSpan(offset, inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read = await inner.ReadAsync(buffer, cancellationToken);
            return this.Count(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            this.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        int Count(ReadOnlySpan<byte> data)
        {
            this.BytesRead += data.Length;
            if (this.BytesRead > maxBytes)
            {
                throw new EvidenceTooLargeException($"The file is larger than the {maxBytes / (1024 * 1024)} MB limit.");
            }

            this.hash.AppendData(data);
            return data.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                this.hash.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
