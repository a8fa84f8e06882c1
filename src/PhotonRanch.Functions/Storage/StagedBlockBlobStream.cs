using System.Buffers;
using System.Text;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;

namespace PhotonRanch.Functions.Storage;

/// <summary>
/// A write-only stream into a block blob that stages every <see cref="BlockBytes"/> as a block and commits the block
/// list only when <see cref="CommitAsync"/> is called. Until then — and for good when the writer fails, is cancelled
/// or the process dies — readers see no blob, or the one that was there before; Blob Storage discards uncommitted
/// blocks after a week. (<c>OpenWriteAsync</c> creates an empty blob at once and commits whatever was written when
/// its stream is disposed, even after a failure.)
/// </summary>
internal sealed class StagedBlockBlobStream(BlockBlobClient blob) : Stream
{
    // Bytes held in memory: one block.
    public const int BlockBytes = 4 * 1024 * 1024;

    private readonly string _writeId = Guid.NewGuid().ToString("N");
    private readonly List<string> _blockIds = [];
    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(BlockBytes);
    private int _buffered;
    private long _length;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => _buffer is not null;

    public override long Length => _length;

    public override long Position
    {
        get => _length;
        set => throw new NotSupportedException();
    }

    /// <summary>Stages what is left and commits every block as the blob's content.</summary>
    public async Task CommitAsync(BlobHttpHeaders headers, IDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        if (_buffered > 0)
        {
            await StageAsync(cancellationToken);
        }

        await blob.CommitBlockListAsync(_blockIds, new CommitBlockListOptions { HttpHeaders = headers, Metadata = metadata }, cancellationToken);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var taken = Take(buffer.Span);
            buffer = buffer[taken..];
            if (_buffered == BlockBytes)
            {
                await StageAsync(cancellationToken);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    /// <remarks>For writers that only write synchronously; a full block is staged synchronously.</remarks>
    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            buffer = buffer[Take(buffer)..];
            if (_buffered == BlockBytes)
            {
                using var block = new MemoryStream(_buffer!, 0, _buffered, writable: false);
                blob.StageBlock(NextBlockId(), block);
                _buffered = 0;
            }
        }
    }

    /// <summary>Nothing to flush: a partial block waits for more data or for <see cref="CommitAsync"/>.</summary>
    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (_buffer is { } buffer)
        {
            _buffer = null;
            ArrayPool<byte>.Shared.Return(buffer);
        }

        base.Dispose(disposing);
    }

    private int Take(ReadOnlySpan<byte> data)
    {
        ObjectDisposedException.ThrowIf(_buffer is null, this);
        var taken = Math.Min(data.Length, BlockBytes - _buffered);
        data[..taken].CopyTo(_buffer.AsSpan(_buffered));
        _buffered += taken;
        _length += taken;
        return taken;
    }

    private async Task StageAsync(CancellationToken cancellationToken)
    {
        using (var block = new MemoryStream(_buffer!, 0, _buffered, writable: false))
        {
            await blob.StageBlockAsync(NextBlockId(), block, cancellationToken: cancellationToken);
        }

        _buffered = 0;
    }

    // Ids unique to this write, so two writers of one blob at once never mix their blocks.
    private string NextBlockId()
    {
        var id = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{_writeId}{_blockIds.Count:D8}"));
        _blockIds.Add(id);
        return id;
    }
}
