namespace PhotonRanch.Fits;

/// <summary>Passes through the data array of a plain (uncompressed) image HDU.</summary>
internal sealed class UncompressedImageSource(FitsBlockReader blocks, FitsHdu hdu) : IImageDataSource
{
    private long _remaining = hdu.DataLength;
    private byte[]? _chunk;

    public ImageLayout Layout { get; } = new(hdu.Bitpix, [.. hdu.Axes]);

    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var count = (int)Math.Min(destination.Length, _remaining);
        if (count == 0)
        {
            return 0;
        }

        await blocks.ReadExactlyAsync(destination[..count], $"the data unit of HDU {hdu.Index}", cancellationToken).ConfigureAwait(false);
        _remaining -= count;
        return count;
    }

    public async ValueTask<ReadOnlyMemory<byte>> ReadChunkAsync(CancellationToken cancellationToken)
    {
        _chunk ??= new byte[64 * 1024];
        var count = await ReadAsync(_chunk, cancellationToken).ConfigureAwait(false);
        return _chunk.AsMemory(0, count);
    }
}
