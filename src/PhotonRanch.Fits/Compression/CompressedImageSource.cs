namespace PhotonRanch.Fits.Compression;

/// <summary>
/// Streams the pixels of a tile-compressed image (Tiled Image Compression Convention) as the big-endian bytes of a
/// plain FITS data unit, decoding a bounded batch of tiles at a time.
/// <para>
/// Forward-only design: the tile table (one row per tile, convention §3) precedes the heap in the BINTABLE data unit
/// (FITS Standard 4.0 §7.3.5), so it is read first; the heap is then read in tile order. Because the table rows are in
/// tile order with axis 1 fastest, the tiles that share every tile index above the highest axis whose tiles are longer
/// than one pixel form a contiguous run of rows and cover a contiguous run of output bytes: a slab (one tile for
/// row-by-row tiling; a strip of ZTILE2 × NAXIS1 pixels for 2-D tiles). Slabs are decoded in batches of about
/// <see cref="BatchBytes"/> of output, spread over the processor cores, then streamed out in order. Memory is one
/// batch of slabs (never less than one slab), its compressed bytes and the tile table — independent of the image size.
/// </para>
/// <para>
/// When the heap is not in tile order (legal, but never written by CFITSIO), a seekable input is read with seeks;
/// a non-seekable input has its heap buffered in memory, up to <see cref="MaxBufferedHeapBytes"/>.
/// </para>
/// </summary>
internal sealed class CompressedImageSource : IImageDataSource
{
    /// <summary>Largest out-of-order heap buffered from a non-seekable stream.</summary>
    public const long MaxBufferedHeapBytes = 512L * 1024 * 1024;

    /// <summary>Decoded bytes aimed for in one batch of slabs.</summary>
    public const long BatchBytes = 4L * 1024 * 1024;

    private const int MaxBatchSlabs = 256;

    private readonly CompressedImageDescription _description;
    private readonly FitsBlockReader _blocks;
    private readonly long _heapStart;
    private readonly TileEntry[] _tiles;
    private readonly int _slabAxis;
    private readonly long _tilesPerSlab;
    private readonly long _slabCount;
    private readonly int _slabBytes;
    private readonly int _batchCapacity;

    // The slabs of a batch lie back to back, slab i at i × _slabBytes, so full slabs form one contiguous chunk.
    private readonly byte[] _batch;
    private readonly int[] _slabLengths;
    private readonly ArraySegment<byte>[] _tileData;
    private readonly SlabDecoder?[] _decoders;
    private byte[]? _bufferedHeap;
    private byte[] _compressed = [];
    private long _nextSlab;
    private int _batchCount;
    private int _current;
    private int _position;

    private CompressedImageSource(CompressedImageDescription description, FitsBlockReader blocks, long heapStart, TileEntry[] tiles)
    {
        _description = description;
        _blocks = blocks;
        _heapStart = heapStart;
        _tiles = tiles;
        Layout = new ImageLayout(description.Bitpix, description.Axes);

        var axes = description.Axes;
        var shape = description.TileShape;
        _slabAxis = 0;
        for (var i = axes.Length - 1; i > 0; i--)
        {
            if (Math.Min(shape[i], axes[i]) > 1)
            {
                _slabAxis = i;
                break;
            }
        }

        _tilesPerSlab = 1;
        for (var i = 0; i < _slabAxis; i++)
        {
            _tilesPerSlab *= description.TileCounts[i];
        }

        _slabCount = _tilesPerSlab == 0 ? 0 : description.TileCount / _tilesPerSlab;
        var slabPixels = Math.Min(shape[_slabAxis], Math.Max(axes[_slabAxis], 1));
        for (var i = 0; i < _slabAxis; i++)
        {
            slabPixels *= axes[i];
        }

        var slabBytes = slabPixels * description.BytesPerPixel;
        if (slabBytes > Array.MaxLength)
        {
            throw new FitsNotSupportedException($"A strip of tiles of {slabBytes} bytes is larger than this library can hold in memory; tiles this tall are not supported.");
        }

        var batch = (int)Math.Clamp(BatchBytes / Math.Max(slabBytes, 1), 1, Math.Min(MaxBatchSlabs, Math.Max(_slabCount, 1)));
        if ((long)batch * slabBytes > Array.MaxLength)
        {
            batch = 1;
        }

        _slabBytes = (int)slabBytes;
        _batchCapacity = batch;
        _batch = new byte[(long)batch * slabBytes];

        _slabLengths = new int[batch];
        _tileData = new ArraySegment<byte>[batch * _tilesPerSlab];
        _decoders = new SlabDecoder?[Math.Min(Environment.ProcessorCount, batch)];
    }

    public ImageLayout Layout { get; }

    public static async Task<CompressedImageSource> OpenAsync(FitsReader reader, FitsHdu hdu, CancellationToken cancellationToken)
    {
        var description = CompressedImageDescription.FromHdu(hdu);
        var blocks = reader.Blocks;
        var tiles = await ReadTileTableAsync(description, blocks, cancellationToken).ConfigureAwait(false);
        var heapStart = reader.DataStart + description.HeapOffset;
        var source = new CompressedImageSource(description, blocks, heapStart, tiles);

        if (!IsInTileOrder(tiles) && !blocks.CanSeek)
        {
            if (description.HeapLength > MaxBufferedHeapBytes)
            {
                throw new FitsNotSupportedException($"The heap of the compressed image is not in tile order and the input cannot seek; buffering its {description.HeapLength} bytes would exceed the {MaxBufferedHeapBytes}-byte limit.");
            }

            await blocks.MoveToAsync(heapStart, "the gap before the heap", cancellationToken).ConfigureAwait(false);
            source._bufferedHeap = new byte[description.HeapLength];
            await blocks.ReadExactlyAsync(source._bufferedHeap, "the heap of the compressed image", cancellationToken).ConfigureAwait(false);
        }

        return source;
    }

    public async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var written = 0;
        while (written < destination.Length)
        {
            if (_current < _batchCount && _position == _slabLengths[_current])
            {
                _current++;
                _position = 0;
                continue;
            }

            if (_current == _batchCount)
            {
                if (_nextSlab == _slabCount)
                {
                    break;
                }

                await LoadBatchAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            var count = Math.Min(destination.Length - written, _slabLengths[_current] - _position);
            _batch.AsMemory((_current * _slabBytes) + _position, count).CopyTo(destination[written..]);
            _position += count;
            written += count;
        }

        return written;
    }

    public async ValueTask<ReadOnlyMemory<byte>> ReadChunkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_current < _batchCount && _position == _slabLengths[_current])
            {
                _current++;
                _position = 0;
                continue;
            }

            if (_current == _batchCount)
            {
                if (_nextSlab == _slabCount)
                {
                    return ReadOnlyMemory<byte>.Empty;
                }

                await LoadBatchAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            // Extend the chunk over the following slabs while the slabs are full (only edge slabs are shorter).
            var start = (_current * _slabBytes) + _position;
            var end = (_current * _slabBytes) + _slabLengths[_current];
            while (_slabLengths[_current] == _slabBytes && _current + 1 < _batchCount)
            {
                _current++;
                end = (_current * _slabBytes) + _slabLengths[_current];
            }

            _position = _slabLengths[_current];
            return _batch.AsMemory(start, end - start);
        }
    }

    private static async Task<TileEntry[]> ReadTileTableAsync(CompressedImageDescription description, FitsBlockReader blocks, CancellationToken cancellationToken)
    {
        var rowLength = (int)description.RowLength;
        var tiles = new TileEntry[description.RowCount];
        var rowsPerChunk = Math.Max(1, 65536 / Math.Max(rowLength, 1));
        var chunk = new byte[rowsPerChunk * rowLength];
        for (long row = 0; row < description.RowCount; row += rowsPerChunk)
        {
            var rows = (int)Math.Min(rowsPerChunk, description.RowCount - row);
            var bytes = chunk.AsMemory(0, rows * rowLength);
            await blocks.ReadExactlyAsync(bytes, "the tile table of the compressed image", cancellationToken).ConfigureAwait(false);
            for (var r = 0; r < rows; r++)
            {
                tiles[row + r] = ParseRow(description, chunk.AsSpan(r * rowLength, rowLength), row + r + 1);
            }
        }

        return tiles;
    }

    private static TileEntry ParseRow(CompressedImageDescription description, ReadOnlySpan<byte> row, long rowNumber)
    {
        var (count, offset) = description.CompressedData.ReadDescriptor(row);
        var storage = TileStorage.Compressed;
        var elementSize = description.CompressedData.ArrayElementSize;

        // Tiled Image Compression Convention §5.2 / CFITSIO: an empty COMPRESSED_DATA entry means the tile is stored
        // in UNCOMPRESSED_DATA or, since 2011, GZIP_COMPRESSED_DATA.
        if (count == 0)
        {
            var fallback = description.UncompressedData ?? description.GzipCompressedData
                ?? throw TileDecompressor.TileError(rowNumber, "COMPRESSED_DATA is empty and there is no UNCOMPRESSED_DATA or GZIP_COMPRESSED_DATA column");
            (count, offset) = fallback.ReadDescriptor(row);
            storage = ReferenceEquals(fallback, description.UncompressedData) ? TileStorage.Uncompressed : TileStorage.Gzipped;
            elementSize = fallback.ArrayElementSize;
            if (count == 0 && offset == 0)
            {
                throw TileDecompressor.TileError(rowNumber, $"both COMPRESSED_DATA and {fallback.Name} are empty");
            }
        }

        if (count < 0 || offset < 0)
        {
            throw TileDecompressor.TileError(rowNumber, $"negative array descriptor ({count}, {offset})");
        }

        if (count > description.HeapLength)
        {
            throw TileDecompressor.TileError(rowNumber, $"tile data of {count} elements overruns the {description.HeapLength}-byte heap");
        }

        var length = count * elementSize;
        if (offset > description.HeapLength || length > description.HeapLength - offset)
        {
            throw TileDecompressor.TileError(rowNumber, $"tile data at heap offset {offset} with {length} bytes overruns the {description.HeapLength}-byte heap");
        }

        var scale = description.ScaleColumn?.ReadDouble(row) ?? description.Scale;
        var zero = description.ZeroColumn?.ReadDouble(row) ?? description.Zero;
        var blank = description.BlankColumn is { } blankColumn ? (int)blankColumn.ReadInt64(row) : description.Blank;
        return new TileEntry(offset, length, storage, elementSize, scale, zero, blank);
    }

    private static bool IsInTileOrder(TileEntry[] tiles)
    {
        long end = 0;
        foreach (var tile in tiles)
        {
            if (tile.Offset < end)
            {
                return false;
            }

            end = tile.Offset + tile.Length;
        }

        return true;
    }

    private async Task LoadBatchAsync(CancellationToken cancellationToken)
    {
        var slabs = (int)Math.Min(_batchCapacity, _slabCount - _nextSlab);
        var firstRow = _nextSlab * _tilesPerSlab;
        var rows = (int)(slabs * _tilesPerSlab);
        await ReadTileDataAsync(firstRow, rows, cancellationToken).ConfigureAwait(false);

        var firstSlab = _nextSlab;
        var workers = Math.Min(_decoders.Length, slabs);
        if (workers <= 1)
        {
            DecodeSlabs(0, 1, firstSlab, slabs);
        }
        else
        {
            // Static interleaving: worker w decodes slabs w, w + workers, ... with its own decoder.
            var tasks = new Task[workers];
            for (var w = 0; w < workers; w++)
            {
                var worker = w;
                tasks[w] = Task.Run(() => DecodeSlabs(worker, workers, firstSlab, slabs), cancellationToken);
            }

            await Task.WhenAll(tasks).ConfigureAwait(false);
        }

        _nextSlab += slabs;
        _batchCount = slabs;
        _current = 0;
        _position = 0;
    }

    private void DecodeSlabs(int worker, int step, long firstSlab, int slabs)
    {
        var decoder = _decoders[worker] ??= new SlabDecoder(_description, _slabAxis, _tilesPerSlab == 1);
        var tilesPerSlab = (int)_tilesPerSlab;
        for (var i = worker; i < slabs; i += step)
        {
            var firstRow = (firstSlab + i) * _tilesPerSlab;
            _slabLengths[i] = decoder.Decode(_tiles, firstRow, _tilesPerSlab, _tileData.AsSpan(i * tilesPerSlab, tilesPerSlab), _batch.AsSpan(i * _slabBytes, _slabBytes));
        }
    }

    /// <summary>Gathers the compressed bytes of table rows <paramref name="firstRow"/>.. from the heap, in row order.</summary>
    private async Task ReadTileDataAsync(long firstRow, int rows, CancellationToken cancellationToken)
    {
        if (_bufferedHeap is not null)
        {
            for (var r = 0; r < rows; r++)
            {
                var tile = _tiles[firstRow + r];
                _tileData[r] = new ArraySegment<byte>(_bufferedHeap, (int)tile.Offset, (int)tile.Length);
            }

            return;
        }

        long total = 0;
        for (var r = 0; r < rows; r++)
        {
            total += _tiles[firstRow + r].Length;
        }

        if (total > Array.MaxLength)
        {
            throw new FitsNotSupportedException($"Compressed tiles of {total} bytes for one batch are larger than this library supports.");
        }

        if (_compressed.Length < total)
        {
            _compressed = new byte[Math.Max(total, Math.Min(Array.MaxLength, _compressed.Length * 2L))];
        }

        var position = 0;
        for (var r = 0; r < rows; r++)
        {
            var tile = _tiles[firstRow + r];
            var length = (int)tile.Length;
            await _blocks.MoveToAsync(_heapStart + tile.Offset, "the heap of the compressed image", cancellationToken).ConfigureAwait(false);
            await _blocks.ReadExactlyAsync(_compressed.AsMemory(position, length), "compressed tile data", cancellationToken).ConfigureAwait(false);
            _tileData[r] = new ArraySegment<byte>(_compressed, position, length);
            position += length;
        }
    }
}
