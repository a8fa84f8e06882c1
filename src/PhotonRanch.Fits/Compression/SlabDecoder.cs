namespace PhotonRanch.Fits.Compression;

/// <summary>
/// Decodes all tiles of one slab (see <see cref="CompressedImageSource"/>) into the slab's output bytes.
/// One instance per worker thread: it owns a <see cref="TileDecompressor"/> and scratch buffers.
/// </summary>
internal sealed class SlabDecoder
{
    private readonly CompressedImageDescription _description;
    private readonly TileDecompressor _decompressor;
    private readonly int _slabAxis;
    private readonly long[] _strides;
    private readonly long[] _tileShape;
    private readonly long[] _tileOrigin;
    private readonly long[] _local;
    private readonly byte[] _tilePixels;

    public SlabDecoder(CompressedImageDescription description, int slabAxis, bool tilesFillSlab)
    {
        _description = description;
        _decompressor = new TileDecompressor(description);
        _slabAxis = slabAxis;
        var axes = description.Axes;
        _tileShape = new long[axes.Length];
        _tileOrigin = new long[axes.Length];
        _local = new long[slabAxis + 1];
        _strides = new long[slabAxis + 1];
        _strides[0] = 1;
        for (var i = 1; i <= slabAxis; i++)
        {
            _strides[i] = _strides[i - 1] * axes[i - 1];
        }

        _tilePixels = tilesFillSlab ? [] : new byte[description.MaxTilePixels * description.BytesPerPixel];
    }

    /// <summary>Decodes the tiles of table rows <paramref name="firstRow"/>.. into <paramref name="slab"/>; returns the slab length in bytes.</summary>
    /// <param name="tiles">The whole tile table.</param>
    /// <param name="firstRow">0-based first table row of the slab.</param>
    /// <param name="tileCount">Tiles in the slab.</param>
    /// <param name="data">Compressed bytes of each tile of the slab, in row order.</param>
    /// <param name="slab">Output buffer.</param>
    public int Decode(TileEntry[] tiles, long firstRow, long tileCount, ReadOnlySpan<ArraySegment<byte>> data, Span<byte> slab)
    {
        var description = _description;
        var axes = description.Axes;
        var shape = description.TileShape;
        var counts = description.TileCounts;
        var bytesPerPixel = description.BytesPerPixel;
        var slabLength = 0;
        for (long t = 0; t < tileCount; t++)
        {
            var row = firstRow + t;

            // Tile index along each axis, axis 1 fastest (convention §3), and the tile size clipped at the image edge.
            var rest = row;
            long pixels = 1;
            for (var i = 0; i < axes.Length; i++)
            {
                var index = rest % counts[i];
                rest /= counts[i];
                _tileOrigin[i] = index * shape[i];
                _tileShape[i] = Math.Min(shape[i], axes[i] - _tileOrigin[i]);
                pixels *= _tileShape[i];
            }

            var tileBytes = (int)(pixels * bytesPerPixel);
            if (tileCount == 1)
            {
                _decompressor.Decode(tiles[row], row + 1, data[(int)t], _tileShape, slab[..tileBytes]);
                return tileBytes;
            }

            _decompressor.Decode(tiles[row], row + 1, data[(int)t], _tileShape, _tilePixels.AsSpan(0, tileBytes));
            slabLength = PlaceTile(tileBytes, slab);
        }

        return slabLength;
    }

    /// <summary>Copies a decoded tile into the slab, one run of NAXIS1-direction pixels at a time; returns the slab length.</summary>
    private int PlaceTile(int tileBytes, Span<byte> slab)
    {
        var bytesPerPixel = _description.BytesPerPixel;
        var k = _slabAxis;
        var lineBytes = (int)(_tileShape[0] * bytesPerPixel);
        var local = _local;
        Array.Clear(local);
        for (var source = 0; source < tileBytes; source += lineBytes)
        {
            // Axes below the slab axis span the whole image; along the slab axis the slab starts at the tile origin.
            var target = _tileOrigin[0];
            for (var i = 1; i <= k; i++)
            {
                target += (i == k ? local[i] : _tileOrigin[i] + local[i]) * _strides[i];
            }

            _tilePixels.AsSpan(source, lineBytes).CopyTo(slab[(int)(target * bytesPerPixel)..]);
            for (var i = 1; i <= k; i++)
            {
                if (++local[i] < _tileShape[i])
                {
                    break;
                }

                local[i] = 0;
            }
        }

        return (int)(_strides[k] * _tileShape[k] * bytesPerPixel);
    }
}
