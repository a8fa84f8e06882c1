namespace PhotonRanch.Fits;

/// <summary>
/// Produces the data array of one image as the big-endian bytes a plain FITS data unit holds
/// (FITS Standard 4.0 §5: integers two's complement, reals IEEE 754, most significant byte first).
/// </summary>
internal interface IImageDataSource
{
    /// <summary>BITPIX and axes of the produced image.</summary>
    ImageLayout Layout { get; }

    /// <summary>Fills <paramref name="destination"/> with the next bytes; returns fewer only at the end of the array, 0 after it.</summary>
    ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken);

    /// <summary>
    /// Returns the next bytes without copying them into a caller buffer (empty at the end). The memory belongs to the
    /// source and is only valid until the next call.
    /// </summary>
    ValueTask<ReadOnlyMemory<byte>> ReadChunkAsync(CancellationToken cancellationToken);
}
