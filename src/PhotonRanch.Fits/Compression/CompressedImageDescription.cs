using System.Globalization;

namespace PhotonRanch.Fits.Compression;

/// <summary>The tile compression algorithms named by ZCMPTYPE (Tiled Image Compression Convention §4).</summary>
internal enum CompressionAlgorithm
{
    Rice,
    Gzip1,
    Gzip2,
    NoCompress,
    HCompress,
    Plio,
}

/// <summary>
/// Everything needed to decompress a tile-compressed image, read from the keywords of its BINTABLE header
/// (Tiled Image Compression Convention §3–§5; defaults as in CFITSIO imcompress.c imcomp_get_compressed_image_par).
/// </summary>
internal sealed class CompressedImageDescription
{
    // Bounds that keep the in-memory tile table reasonable; real files are far below them.
    private const long MaxRowLength = 1 << 20;
    private const long MaxTiles = 1 << 26;

    private CompressedImageDescription()
    {
    }

    /// <summary>ZBITPIX: BITPIX of the uncompressed image.</summary>
    public int Bitpix { get; private init; }

    /// <summary>ZNAXISn.</summary>
    public long[] Axes { get; private init; } = [];

    /// <summary>ZTILEn (default: whole rows, convention §3).</summary>
    public long[] TileShape { get; private init; } = [];

    /// <summary>Number of tiles along each axis.</summary>
    public long[] TileCounts { get; private init; } = [];

    public long TileCount { get; private init; }

    /// <summary>Pixels in a full tile.</summary>
    public long MaxTilePixels { get; private init; }

    public CompressionAlgorithm Algorithm { get; private init; }

    /// <summary>RICE_1 BLOCKSIZE (ZVAL1).</summary>
    public int RiceBlockSize { get; private init; }

    /// <summary>RICE_1 BYTEPIX (ZVAL2).</summary>
    public int RiceBytesPerPixel { get; private init; }

    /// <summary>HCOMPRESS_1 SMOOTH (ZVAL2).</summary>
    public bool HCompressSmooth { get; private init; }

    /// <summary>Quantization of floating-point images; <see cref="QuantizeMethod.Lossless"/> for integer images.</summary>
    public QuantizeMethod Quantize { get; private init; }

    /// <summary>ZDITHER0 (default 1).</summary>
    public long DitherSeed { get; private init; }

    public BinaryTableColumn CompressedData { get; private init; } = null!;

    public BinaryTableColumn? UncompressedData { get; private init; }

    public BinaryTableColumn? GzipCompressedData { get; private init; }

    public BinaryTableColumn? ScaleColumn { get; private init; }

    public BinaryTableColumn? ZeroColumn { get; private init; }

    public BinaryTableColumn? BlankColumn { get; private init; }

    /// <summary>BZERO of the image: PLIO_1 stores unsigned 16-bit pixels (BZERO = 32768) without the offset.</summary>
    public double ImageZero { get; private init; }

    /// <summary>ZSCALE keyword: one scale for all tiles when there is no ZSCALE column.</summary>
    public double Scale { get; private init; } = 1.0;

    /// <summary>ZZERO keyword: one offset for all tiles when there is no ZZERO column.</summary>
    public double Zero { get; private init; }

    /// <summary>ZBLANK (or BLANK) keyword when there is no ZBLANK column.</summary>
    public int? Blank { get; private init; }

    /// <summary>Bytes per row of the tile table (NAXIS1).</summary>
    public long RowLength { get; private init; }

    /// <summary>Rows in the tile table (NAXIS2), one per tile.</summary>
    public long RowCount { get; private init; }

    /// <summary>Offset of the heap from the start of the data unit (THEAP, §7.3.5).</summary>
    public long HeapOffset { get; private init; }

    /// <summary>Bytes from the heap start to the end of the data unit.</summary>
    public long HeapLength { get; private init; }

    /// <summary>Bytes per output pixel.</summary>
    public int BytesPerPixel => Math.Abs(Bitpix) / 8;

    public static CompressedImageDescription FromHdu(FitsHdu hdu)
    {
        var header = hdu.Header;
        var index = hdu.Index;
        var type = (header.GetString("ZCMPTYPE") ?? throw new FitsFormatException($"HDU {index}: the compressed image has no ZCMPTYPE keyword (Tiled Image Compression Convention §3).")).Trim();
        var algorithm = type switch
        {
            // CFITSIO writes RICE_ONE for SUBTRACTIVE_DITHER_2 images so that older readers refuse them.
            "RICE_1" or "RICE_ONE" => CompressionAlgorithm.Rice,
            "GZIP_1" => CompressionAlgorithm.Gzip1,
            "GZIP_2" => CompressionAlgorithm.Gzip2,
            "NOCOMPRESS" => CompressionAlgorithm.NoCompress,
            "HCOMPRESS_1" => CompressionAlgorithm.HCompress,
            "PLIO_1" => CompressionAlgorithm.Plio,
            "BZIP2_1" => throw new FitsNotSupportedException($"HDU {index}: tile compression BZIP2_1 is not supported (it was never enabled in public CFITSIO releases)."),
            _ => throw new FitsFormatException($"HDU {index}: unknown tile compression algorithm ZCMPTYPE = '{type}' (Tiled Image Compression Convention §4)."),
        };

        var bitpix = (int)Require(header, "ZBITPIX", index);
        if (bitpix is not (8 or 16 or 32 or 64 or -32 or -64))
        {
            throw new FitsFormatException($"HDU {index}: ZBITPIX = {bitpix} is not a valid BITPIX (FITS Standard 4.0 Table 8).");
        }

        var naxis = Require(header, "ZNAXIS", index);
        if (naxis is < 1 or > 999)
        {
            throw new FitsFormatException($"HDU {index}: ZNAXIS = {naxis} must be between 1 and 999.");
        }

        var axes = new long[naxis];
        var tiles = new long[naxis];
        var counts = new long[naxis];
        long tileCount = 1, maxTile = 1;
        for (var i = 0; i < naxis; i++)
        {
            var n = (i + 1).ToString(CultureInfo.InvariantCulture);
            axes[i] = Require(header, "ZNAXIS" + n, index);
            tiles[i] = header.GetInt64("ZTILE" + n) ?? (i == 0 ? axes[0] : 1);
            if (axes[i] < 0 || tiles[i] <= 0)
            {
                throw new FitsFormatException($"HDU {index}: ZNAXIS{n} = {axes[i]} and ZTILE{n} = {tiles[i]} must be positive.");
            }

            counts[i] = axes[i] == 0 ? 0 : ((axes[i] - 1) / tiles[i]) + 1;
            tileCount = checked(tileCount * counts[i]);
            maxTile = checked(maxTile * Math.Min(tiles[i], Math.Max(axes[i], 1)));
        }

        if (maxTile > int.MaxValue / 8)
        {
            throw new FitsNotSupportedException($"HDU {index}: tiles of {maxTile} pixels are larger than this library supports.");
        }

        var rowLength = hdu.Axes[0];
        var rowCount = hdu.Axes[1];
        if (rowLength > MaxRowLength || rowCount > MaxTiles)
        {
            throw new FitsNotSupportedException($"HDU {index}: a tile table of {rowCount} rows of {rowLength} bytes is larger than this library supports ({MaxTiles} tiles, {MaxRowLength}-byte rows).");
        }

        if (rowCount != tileCount)
        {
            throw new FitsFormatException($"HDU {index}: the tile table has {rowCount} rows but ZNAXISn/ZTILEn give {tileCount} tiles (Tiled Image Compression Convention §3).");
        }

        var columns = BinaryTableColumn.ParseColumns(header, rowLength, index);
        BinaryTableColumn? Column(string name) => columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

        var compressed = Column("COMPRESSED_DATA") ?? throw new FitsFormatException($"HDU {index}: the compressed image has no COMPRESSED_DATA column (Tiled Image Compression Convention §3).");
        var uncompressed = Column("UNCOMPRESSED_DATA");
        var gzipped = Column("GZIP_COMPRESSED_DATA");
        foreach (var descriptor in new[] { compressed, uncompressed, gzipped })
        {
            if (descriptor is { IsDescriptor: false })
            {
                throw new FitsFormatException($"HDU {index}: column {descriptor.Name} must be a variable-length array (P or Q format).");
            }
        }

        var scaleColumn = Column("ZSCALE");
        var zeroColumn = Column("ZZERO");
        var blankColumn = Column("ZBLANK");

        var quantize = QuantizeMethod.Lossless;
        if (bitpix < 0 && (scaleColumn is not null || zeroColumn is not null))
        {
            quantize = header.GetString("ZQUANTIZ")?.Trim() switch
            {
                "NONE" => QuantizeMethod.Lossless,
                "SUBTRACTIVE_DITHER_1" => QuantizeMethod.SubtractiveDither1,
                "SUBTRACTIVE_DITHER_2" => QuantizeMethod.SubtractiveDither2,
                _ => QuantizeMethod.NoDither,
            };
        }

        // ZVALn are looked up by their ZNAMEn (convention §4), falling back to the positions CFITSIO writes.
        var parameters = ReadParameters(header);
        var blockSize = (int)(parameters.GetValueOrDefault("BLOCKSIZE") ?? header.GetInt64("ZVAL1") ?? 32);
        var bytePix = (int)(parameters.GetValueOrDefault("BYTEPIX") ?? (parameters.ContainsKey("NOISEBIT") ? 4 : header.GetInt64("ZVAL2") ?? 4));
        if (algorithm == CompressionAlgorithm.Rice && blockSize < 16 && bytePix > 8)
        {
            (blockSize, bytePix) = (bytePix, blockSize);
        }

        var thea = header.GetInt64("THEAP") ?? checked(rowLength * rowCount);
        var dataLength = hdu.DataLength;
        if (thea < rowLength * rowCount || thea > dataLength)
        {
            throw new FitsFormatException($"HDU {index}: THEAP = {thea} lies outside the data unit (FITS Standard 4.0 §7.3.5).");
        }

        return new CompressedImageDescription
        {
            Bitpix = bitpix,
            Axes = axes,
            TileShape = tiles,
            TileCounts = counts,
            TileCount = tileCount,
            MaxTilePixels = maxTile,
            Algorithm = algorithm,
            RiceBlockSize = blockSize,
            RiceBytesPerPixel = bytePix,
            HCompressSmooth = (parameters.GetValueOrDefault("SMOOTH") ?? 0) != 0,
            Quantize = quantize,
            DitherSeed = header.GetInt64("ZDITHER0") ?? 1,
            CompressedData = compressed,
            UncompressedData = uncompressed,
            GzipCompressedData = gzipped,
            ScaleColumn = scaleColumn,
            ZeroColumn = zeroColumn,
            BlankColumn = blankColumn,
            Scale = scaleColumn is null ? header.GetDouble("ZSCALE") ?? 1.0 : 1.0,
            Zero = zeroColumn is null ? header.GetDouble("ZZERO") ?? 0.0 : 0.0,
            Blank = blankColumn is null ? ToInt32(header.GetInt64("ZBLANK") ?? header.GetInt64("BLANK")) : null,
            ImageZero = header.GetDouble("BZERO") ?? 0.0,
            RowLength = rowLength,
            RowCount = rowCount,
            HeapOffset = thea,
            HeapLength = dataLength - thea,
        };
    }

    private static int? ToInt32(long? value) => value is null ? null : unchecked((int)value.Value);

    private static Dictionary<string, long?> ReadParameters(FitsHeader header)
    {
        var result = new Dictionary<string, long?>(StringComparer.Ordinal);
        for (var n = 1; n < 100; n++)
        {
            var suffix = n.ToString(CultureInfo.InvariantCulture);
            var name = header.GetString("ZNAME" + suffix);
            if (name is null)
            {
                break;
            }

            result[name.Trim().ToUpperInvariant()] = header.GetInt64("ZVAL" + suffix) ?? (long?)header.GetDouble("ZVAL" + suffix);
        }

        return result;
    }

    private static long Require(FitsHeader header, string keyword, int index) =>
        header.GetInt64(keyword) ?? throw new FitsFormatException($"HDU {index}: required keyword {keyword} is missing or not an integer (Tiled Image Compression Convention §3).");
}
