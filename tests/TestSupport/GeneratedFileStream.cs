namespace EsafetyServerless.TestSupport;

/// <summary>
/// A text file produced as it is read: deterministic letters, never in memory whole, not seekable. With
/// <c>breaksOff</c>, reading past its end fails as a client that disconnects mid-upload does.
/// </summary>
public sealed class GeneratedFileStream(long length, bool breaksOff = false) : Stream
{
    long produced;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => this.produced; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (breaksOff && this.produced >= length)
        {
            throw new IOException("The client disconnected.");
        }

        int n = (int)Math.Min(count, length - this.produced);
        for (int i = 0; i < n; i++)
        {
            buffer[offset + i] = (byte)('a' + ((this.produced + i) * 31 % 26));
        }

        this.produced += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
