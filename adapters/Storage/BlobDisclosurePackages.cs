using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using EsafetyServerless.Workflows.Evidence;
using EsafetyServerless.Workflows.Incidents;
using EsafetyServerless.Workflows.Platform;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// Export packages in the <c>disclosures</c> container, one zip per approved request
/// (<c>{agency}/{incident}/{request}.zip</c>): <c>evidence/{id}/{file}</c> for every file, <c>custody.json</c>,
/// <c>manifest.json</c> (every item with its SHA-256, and the custody log's hash) and <c>manifest.sha256</c> in
/// <c>sha256sum</c> format, so a recipient can check the package with standard tools. Written as a stream: files pass
/// through in blocks and are hashed again on the way, so an altered file shows in the manifest; the blob is committed
/// only when the package is complete.
/// </summary>
public sealed class BlobDisclosurePackages(BlobServiceClient blobs, IEvidenceVault vault) : IDisclosurePackages
{
    public const string Container = "disclosures";

    static readonly JsonSerializerOptions ManifestJson = new(TableJson.Options) { WriteIndented = true };

    public async Task<(DisclosurePackage Package, DisclosureManifest Manifest)> CreateAsync(DisclosurePackageContents contents, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(contents);
        DisclosureRequest request = contents.Request;
        BlobContainerClient container = await this.ContainerAsync(cancellationToken);
        string blobName = $"{request.AgencyId}/{request.IncidentId}/{request.RequestId}.zip";
        BlockBlobClient blob = container.GetBlockBlobClient(blobName);

        List<ManifestItem> items = [];
        DisclosureManifest manifest;
        // The package appears only once complete (blocks staged, then committed with its hashes as metadata): a build
        // that fails or is stopped half-way leaves nothing under the name, and the next attempt writes it afresh.
        await using StagedBlockStream target = new(blob, 4 * 1024 * 1024, inFlight: 2);
        using HashingWriteStream counted = new(target);
        string manifestHash;
        using (ZipArchive zip = new(counted, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (EvidenceItem item in contents.Items.OrderBy(i => i.AddedAt))
            {
                if (item.File is not { } file)
                {
                    items.Add(new ManifestItem(item.EvidenceId, WireNames.Of(item.Kind), item.Title, item.Description, item.AddedBy, item.AddedAt, null, null, null, null, null, item.Held));
                    continue;
                }

                string path = $"evidence/{item.EvidenceId}/{file.FileName}";
                string exported = await CopyAsync(zip, path, await vault.OpenReadAsync(file.BlobName, cancellationToken), cancellationToken);
                items.Add(new ManifestItem(item.EvidenceId, WireNames.Of(item.Kind), item.Title, item.Description, item.AddedBy, item.AddedAt,
                    file.FileName, path, file.Length, file.Sha256, exported, null));
            }

            byte[] custody = JsonSerializer.SerializeToUtf8Bytes(contents.Custody, ManifestJson);
            await WriteAsync(zip, "custody.json", custody, cancellationToken);
            manifest = new DisclosureManifest(
                request.RequestId, request.IncidentId, contents.IncidentReference, request.AgencyId, WireNames.Of(request.RequestingBody), request.RequesterReference,
                request.Requested, contents.Approval.DecidedBy, contents.Approval.DecidedAt, now, items, "custody.json", Convert.ToHexStringLower(SHA256.HashData(custody)));
            byte[] manifestBytes = JsonSerializer.SerializeToUtf8Bytes(manifest, ManifestJson);
            manifestHash = Convert.ToHexStringLower(SHA256.HashData(manifestBytes));
            await WriteAsync(zip, "manifest.json", manifestBytes, cancellationToken);
            await WriteAsync(zip, "manifest.sha256", System.Text.Encoding.ASCII.GetBytes(manifestHash + "  manifest.json\n"), cancellationToken);
        }

        DisclosurePackage package = new(blobName, manifestHash, counted.Finish(), counted.Length, items.Count, now, contents.LinkExpiresAt);
        await target.CommitAsync(
            new BlobHttpHeaders { ContentType = "application/zip" },
            new Dictionary<string, string> { ["manifestsha256"] = manifestHash, ["sha256"] = package.PackageSha256 }, conditions: null, cancellationToken);
        return (package, manifest);
    }

    public async Task<Stream> OpenReadAsync(string blobName, CancellationToken cancellationToken)
    {
        BlobContainerClient container = await this.ContainerAsync(cancellationToken);
        return await container.GetBlobClient(blobName).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = 1024 * 1024 }, cancellationToken);
    }

    public async Task<int> PurgeAsync(string agencyId, string incidentId, CancellationToken cancellationToken)
    {
        BlobContainerClient container = await this.ContainerAsync(cancellationToken);
        int purged = 0;
        await foreach (BlobItem item in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{agencyId}/{incidentId}/", cancellationToken))
        {
            await container.GetBlobClient(item.Name).DeleteIfExistsAsync(DeleteSnapshotsOption.IncludeSnapshots, cancellationToken: cancellationToken);
            await BlobEvidenceVault.DeleteVersionsAsync(container, item.Name, cancellationToken);
            purged++;
        }

        return purged;
    }

    static async Task<string> CopyAsync(ZipArchive zip, string path, Stream source, CancellationToken cancellationToken)
    {
        await using (source)
        {
            using IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            await using Stream entry = zip.CreateEntry(path, CompressionLevel.NoCompression).Open();
            byte[] buffer = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await entry.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            return Convert.ToHexStringLower(hash.GetHashAndReset());
        }
    }

    static async Task WriteAsync(ZipArchive zip, string path, byte[] content, CancellationToken cancellationToken)
    {
        await using Stream entry = zip.CreateEntry(path, CompressionLevel.Optimal).Open();
        await entry.WriteAsync(content, cancellationToken);
    }

    async Task<BlobContainerClient> ContainerAsync(CancellationToken cancellationToken)
    {
        BlobContainerClient container = blobs.GetBlobContainerClient(Container);
        await container.CreateIfNotExistsAsync(PublicAccessType.None, cancellationToken: cancellationToken);
        return container;
    }

    /// <summary>Passes writes through, hashing and counting them (the package's own SHA-256 and size).</summary>
    sealed class HashingWriteStream(Stream inner) : Stream
    {
        readonly IncrementalHash hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long written;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => this.written;

        public override long Position { get => this.written; set => throw new NotSupportedException(); }

        public string Finish() => Convert.ToHexStringLower(this.hash.GetHashAndReset());

        public override void Write(byte[] buffer, int offset, int count) => this.Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            this.hash.AppendData(buffer);
            this.written += buffer.Length;
            inner.Write(buffer);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            this.hash.AppendData(buffer.Span);
            this.written += buffer.Length;
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            this.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

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
