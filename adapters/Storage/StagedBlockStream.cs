using System.Buffers;
using System.Globalization;
using System.Text;
using Azure.Storage;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace EsafetyServerless.Adapters.Storage;

/// <summary>
/// Writes a block blob that appears only when it is complete: what is written is staged in blocks as they fill (a few
/// in flight at once), and <see cref="CommitAsync"/> commits the block list with the blob's headers and metadata in
/// one request. Until then nothing is visible under the name, so a writer that fails or is killed half-way leaves no
/// half blob (the service discards uncommitted blocks after a week). Memory stays at <c>blockSize × (inFlight + 1)</c>,
/// in buffers from the shared pool (returned on dispose), so uploads one after another do not each allocate it afresh.
/// Each block carries its MD5 (Content-MD5): the service checks the block arrived intact, and Azurite then checks that
/// instead of computing a CRC-64 in JavaScript, which halved its throughput.
/// </summary>
public sealed class StagedBlockStream : Stream
{
    static readonly BlockBlobStageBlockOptions WithMd5 = new() { TransferValidation = new UploadTransferValidationOptions { ChecksumAlgorithm = StorageChecksumAlgorithm.MD5 } };

    readonly BlockBlobClient blob;
    readonly int blockSize;
    readonly int inFlight;
    readonly string writer = Guid.NewGuid().ToString("N");
    readonly List<string> blockIds = [];
    readonly Queue<(Task Staged, byte[] Buffer)> staging = new();
    readonly Stack<byte[]> free = new();
    byte[] current;
    int filled;
    long written;

    public StagedBlockStream(BlockBlobClient blob, int blockSize, int inFlight)
    {
        ArgumentNullException.ThrowIfNull(blob);
        this.blob = blob;
        this.blockSize = blockSize;
        this.inFlight = inFlight;
        this.current = ArrayPool<byte>.Shared.Rent(blockSize);
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => this.written;

    public override long Position { get => this.written; set => throw new NotSupportedException(); }

    /// <summary>
    /// Reads <paramref name="source"/> to its end straight into the blocks (no copy in between), showing every chunk
    /// read to <paramref name="observe"/> (which hashes and counts it, and may throw to stop).
    /// </summary>
    public async Task CopyFromAsync(Stream source, ChunkObserver observe, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(observe);
        int read;
        while ((read = await source.ReadAsync(this.current.AsMemory(this.filled, this.blockSize - this.filled), cancellationToken)) > 0)
        {
            observe(this.current.AsSpan(this.filled, read));
            this.filled += read;
            this.written += read;
            if (this.filled == this.blockSize)
            {
                await this.StageCurrentAsync(cancellationToken);
            }
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            int count = Math.Min(buffer.Length, this.blockSize - this.filled);
            buffer[..count].CopyTo(this.current.AsMemory(this.filled));
            this.filled += count;
            this.written += count;
            buffer = buffer[count..];
            if (this.filled == this.blockSize)
            {
                await this.StageCurrentAsync(cancellationToken);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        this.WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Synchronous writes (a zip's central directory is written on dispose) stage a full block synchronously.</summary>
    public override void Write(byte[] buffer, int offset, int count) => this.Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            int count = Math.Min(buffer.Length, this.blockSize - this.filled);
            buffer[..count].CopyTo(this.current.AsSpan(this.filled));
            this.filled += count;
            this.written += count;
            buffer = buffer[count..];
            if (this.filled == this.blockSize)
            {
                this.DrainSync();
                this.blob.StageBlock(this.NextBlockId(), new MemoryStream(this.current, 0, this.filled, writable: false), WithMd5);
                this.filled = 0;
            }
        }
    }

    /// <summary>Stages what is left and commits the blob; <paramref name="conditions"/> guard the commit (If-None-Match: * for write-once).</summary>
    public async Task CommitAsync(BlobHttpHeaders headers, IDictionary<string, string>? metadata, BlobRequestConditions? conditions, CancellationToken cancellationToken)
    {
        if (this.filled > 0)
        {
            await this.StageCurrentAsync(cancellationToken);
        }

        while (this.staging.Count > 0)
        {
            await this.staging.Dequeue().Staged;
        }

        await this.blob.CommitBlockListAsync(this.blockIds, new CommitBlockListOptions { HttpHeaders = headers, Metadata = metadata, Conditions = conditions }, cancellationToken);
    }

    async Task StageCurrentAsync(CancellationToken cancellationToken)
    {
        while (this.staging.Count >= this.inFlight)
        {
            (Task staged, byte[] done) = this.staging.Dequeue();
            await staged;
            this.free.Push(done);
        }

        this.staging.Enqueue((this.blob.StageBlockAsync(this.NextBlockId(), new MemoryStream(this.current, 0, this.filled, writable: false), WithMd5, cancellationToken), this.current));
        this.current = this.free.Count > 0 ? this.free.Pop() : ArrayPool<byte>.Shared.Rent(this.blockSize);
        this.filled = 0;
    }

    void DrainSync()
    {
        while (this.staging.Count > 0)
        {
            (Task staged, byte[] done) = this.staging.Dequeue();
            staged.GetAwaiter().GetResult();
            this.free.Push(done);
        }
    }

    /// <summary>Ids of one length for the whole blob, unique to this writer, in order.</summary>
    string NextBlockId()
    {
        string id = Convert.ToBase64String(Encoding.ASCII.GetBytes(this.writer + this.blockIds.Count.ToString("D6", CultureInfo.InvariantCulture)));
        this.blockIds.Add(id);
        return id;
    }

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        // Blocks still in flight finish or fail on their own (nothing is committed without CommitAsync); only then
        // are their buffers given back.
        while (this.staging.Count > 0)
        {
            (Task staged, byte[] buffer) = this.staging.Dequeue();
            try
            {
                await staged;
            }
            catch (Exception)
            {
                // An abandoned blob's blocks: uncommitted, never visible.
            }

            this.free.Push(buffer);
        }

        this.ReturnBuffers();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            while (this.staging.Count > 0)
            {
                (Task staged, byte[] buffer) = this.staging.Dequeue();
                try
                {
                    staged.GetAwaiter().GetResult();
                }
                catch (Exception)
                {
                    // As in DisposeAsync.
                }

                this.free.Push(buffer);
            }

            this.ReturnBuffers();
        }

        base.Dispose(disposing);
    }

    void ReturnBuffers()
    {
        if (this.current.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(this.current);
            this.current = [];
        }

        while (this.free.Count > 0)
        {
            ArrayPool<byte>.Shared.Return(this.free.Pop());
        }
    }
}

/// <summary>Sees each chunk as it is read (<see cref="StagedBlockStream.CopyFromAsync"/>).</summary>
public delegate void ChunkObserver(ReadOnlySpan<byte> chunk);
