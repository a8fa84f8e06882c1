namespace PhotonRanch.Fits.Tests;

/// <summary>
/// Wraps a stream so that it cannot seek and returns short reads, like a network stream; <c>afterRead</c>, when given,
/// sees the size of every read (e.g. to cancel mid-stream, as a client disconnecting would).
/// </summary>
internal sealed class ForwardOnlyStream(Stream inner, int maxRead = 1000, Action<int>? afterRead = null) : Stream
{
    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Seen(inner.Read(buffer, offset, Math.Min(count, maxRead)));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Seen(await inner.ReadAsync(buffer[..Math.Min(buffer.Length, maxRead)], cancellationToken));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Seen(int read)
    {
        afterRead?.Invoke(read);
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
