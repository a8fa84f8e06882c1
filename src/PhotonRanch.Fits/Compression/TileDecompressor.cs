using System.Buffers.Binary;
using System.IO.Compression;

namespace PhotonRanch.Fits.Compression;

/// <summary>Where the bytes of one tile are stored (Tiled Image Compression Convention §3, §5.2).</summary>
internal enum TileStorage : byte
{
    /// <summary>COMPRESSED_DATA, compressed with ZCMPTYPE.</summary>
    Compressed,

    /// <summary>UNCOMPRESSED_DATA: raw pixels in the column's element type (NOCOMPRESS, or float tiles that could not be quantized before 2011).</summary>
    Uncompressed,

    /// <summary>GZIP_COMPRESSED_DATA: gzipped IEEE floats of a tile that could not be quantized.</summary>
    Gzipped,
}

/// <summary>Location and scaling of one tile, from its row of the tile table.</summary>
internal readonly record struct TileEntry(long Offset, long Length, TileStorage Storage, int ElementSize, double Scale, double Zero, int? Blank);

/// <summary>
/// Decompresses single tiles into big-endian pixels of the image's BITPIX (the bytes a plain FITS data unit holds).
/// Pure and synchronous; one instance owns scratch buffers sized for the largest tile and is not thread-safe.
/// Semantics follow CFITSIO imcompress.c imcomp_decompress_tile so the output matches funpack bit for bit.
/// </summary>
internal sealed class TileDecompressor
{
    private readonly CompressedImageDescription _description;
    private readonly int[] _integers;
    private readonly byte[] _bytes;
    private readonly byte[] _shuffle;
    private readonly HDecoder? _hdecoder;
    private short[] _words = [];

    public TileDecompressor(CompressedImageDescription description)
    {
        _description = description;
        var maxPixels = (int)description.MaxTilePixels;
        _integers = new int[maxPixels];
        _bytes = new byte[(maxPixels * 8) + 1];
        _shuffle = description.Algorithm == CompressionAlgorithm.Gzip2 ? new byte[maxPixels * 8] : [];
        _hdecoder = description.Algorithm == CompressionAlgorithm.HCompress ? new HDecoder(maxPixels) : null;
    }

    /// <summary>Decodes one tile.</summary>
    /// <param name="tile">The tile's table entry.</param>
    /// <param name="tileRow">1-based row of the tile in the table (selects the dither sequence start).</param>
    /// <param name="data">The tile's bytes from the heap.</param>
    /// <param name="tileShape">Pixels of this tile along each axis (edge tiles may be smaller than ZTILEn).</param>
    /// <param name="destination">Output: pixels × |BITPIX|/8 bytes, big-endian.</param>
    public void Decode(in TileEntry tile, long tileRow, ArraySegment<byte> data, ReadOnlySpan<long> tileShape, Span<byte> destination)
    {
        var pixels = (int)destination.Length / _description.BytesPerPixel;
        switch (tile.Storage)
        {
            case TileStorage.Uncompressed:
                if (tile.Length != (long)pixels * tile.ElementSize)
                {
                    throw TileError(tileRow, $"UNCOMPRESSED_DATA holds {tile.Length} bytes but the tile has {pixels} pixels of {tile.ElementSize} bytes");
                }

                WriteRaw(data, tile.ElementSize, pixels, tileRow, destination);
                return;
            case TileStorage.Gzipped:
                var length = Gunzip(data, tileRow);
                if (_description.Bitpix > 0 || (length != pixels * 4 && length != pixels * 8))
                {
                    throw TileError(tileRow, $"GZIP_COMPRESSED_DATA unpacks to {length} bytes, which are not {pixels} IEEE floats");
                }

                Quantizer.CopyFloats(_bytes.AsSpan(0, length), length / pixels, pixels, _description.BytesPerPixel, destination);
                return;
        }

        switch (_description.Algorithm)
        {
            case CompressionAlgorithm.Rice:
                RiceDecoder.Decode(data, _integers.AsSpan(0, pixels), _description.RiceBlockSize, _description.RiceBytesPerPixel);
                WriteIntegers(_integers.AsSpan(0, pixels), tile, tileRow, destination);
                return;
            case CompressionAlgorithm.Plio:
                DecodePlio(data, tileRow, _integers.AsSpan(0, pixels));
                WriteIntegers(_integers.AsSpan(0, pixels), tile, tileRow, destination);
                return;
            case CompressionAlgorithm.HCompress:
                _hdecoder!.Decode(data, tileShape, _description.HCompressSmooth, _integers.AsSpan(0, pixels), tileRow);
                WriteIntegers(_integers.AsSpan(0, pixels), tile, tileRow, destination);
                return;
            case CompressionAlgorithm.Gzip1:
            case CompressionAlgorithm.Gzip2:
                var unpacked = Gunzip(data, tileRow);
                var elementSize = ElementSizeOf(unpacked, pixels, tileRow);
                var raw = new ArraySegment<byte>(_bytes, 0, unpacked);
                if (_description.Algorithm == CompressionAlgorithm.Gzip2 && elementSize > 1)
                {
                    Unshuffle(_bytes.AsSpan(0, unpacked), _shuffle.AsSpan(0, unpacked), elementSize, pixels);
                    raw = new ArraySegment<byte>(_shuffle, 0, unpacked);
                }

                WriteDecoded(raw, elementSize, pixels, tile, tileRow, destination);
                return;
            default:
                WriteDecoded(data, ElementSizeOf(data.Count, pixels, tileRow), pixels, tile, tileRow, destination);
                return;
        }
    }

    private void DecodePlio(ReadOnlySpan<byte> data, long tileRow, Span<int> values)
    {
        // COMPRESSED_DATA of PLIO_1 holds 16-bit words (TFORM 1PI), big-endian.
        var count = data.Length / 2;
        if (_words.Length < count)
        {
            _words = new short[count];
        }

        var words = _words.AsSpan(0, count);
        for (var i = 0; i < count; i++)
        {
            words[i] = BinaryPrimitives.ReadInt16BigEndian(data[(i * 2)..]);
        }

        PlioDecoder.Decode(words, values, tileRow);

        // CFITSIO imcomp_decompress_tile: PLIO only holds non-negative values, so unsigned 16-bit images
        // (BZERO = 32768) are stored without the offset and shifted back here.
        if (_description.ImageZero == 32768.0)
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] -= 32768;
            }
        }
    }

    internal static FitsFormatException TileError(long tileRow, string problem) =>
        new($"Compressed image tile {tileRow}: {problem} (Tiled Image Compression Convention).");

    private static int ElementSizeOf(int bytes, int pixels, long tileRow)
    {
        // CFITSIO imcomp_decompress_tile infers the pixel type of GZIP tiles from the unpacked size.
        foreach (var size in (ReadOnlySpan<int>)[1, 2, 4, 8])
        {
            if (bytes == (long)pixels * size)
            {
                return size;
            }
        }

        throw TileError(tileRow, $"tile data unpacks to {bytes} bytes, which is not a whole number of 1, 2, 4 or 8-byte values for {pixels} pixels");
    }

    /// <summary>GZIP_2 stores byte 0 of every value, then byte 1 of every value, and so on (convention §4.3).</summary>
    private static void Unshuffle(ReadOnlySpan<byte> shuffled, Span<byte> output, int elementSize, int pixels)
    {
        for (var b = 0; b < elementSize; b++)
        {
            var plane = shuffled.Slice(b * pixels, pixels);
            for (var i = 0; i < pixels; i++)
            {
                output[(i * elementSize) + b] = plane[i];
            }
        }
    }

    private int Gunzip(ArraySegment<byte> data, long tileRow)
    {
        try
        {
            using var input = new MemoryStream(data.Array!, data.Offset, data.Count, writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            var total = 0;
            while (true)
            {
                var read = gzip.Read(_bytes, total, _bytes.Length - total);
                if (read == 0)
                {
                    return total;
                }

                total += read;
                if (total == _bytes.Length)
                {
                    throw TileError(tileRow, "gzip data unpacks to more bytes than the tile can hold");
                }
            }
        }
        catch (InvalidDataException e)
        {
            throw new FitsFormatException($"Compressed image tile {tileRow}: corrupt gzip data: {e.Message}", e);
        }
    }

    /// <summary>Raw big-endian values (GZIP, NOCOMPRESS) to the output type, unquantizing float images.</summary>
    private void WriteDecoded(ReadOnlySpan<byte> raw, int elementSize, int pixels, in TileEntry tile, long tileRow, Span<byte> destination)
    {
        var description = _description;
        if (description.Bitpix < 0 && description.Quantize == QuantizeMethod.Lossless)
        {
            if (elementSize is not (4 or 8))
            {
                throw TileError(tileRow, $"a losslessly compressed float tile holds {elementSize}-byte values");
            }

            Quantizer.CopyFloats(raw, elementSize, pixels, description.BytesPerPixel, destination);
            return;
        }

        if (description.Bitpix > 0 && elementSize == description.BytesPerPixel)
        {
            raw[..destination.Length].CopyTo(destination);
            return;
        }

        var values = _integers.AsSpan(0, pixels);
        for (var i = 0; i < pixels; i++)
        {
            values[i] = elementSize switch
            {
                1 => raw[i],
                2 => BinaryPrimitives.ReadInt16BigEndian(raw[(i * 2)..]),
                4 => BinaryPrimitives.ReadInt32BigEndian(raw[(i * 4)..]),
                _ => throw TileError(tileRow, "8-byte integer tile values are only supported for BITPIX 64 images stored without conversion"),
            };
        }

        WriteIntegers(values, tile, tileRow, destination);
    }

    /// <summary>UNCOMPRESSED_DATA values in the column element type to the output type (CFITSIO fits_read_col with null checking).</summary>
    private void WriteRaw(ReadOnlySpan<byte> raw, int elementSize, int pixels, long tileRow, Span<byte> destination)
    {
        if (_description.Bitpix < 0)
        {
            if (elementSize is not (4 or 8))
            {
                throw TileError(tileRow, $"UNCOMPRESSED_DATA of a float image holds {elementSize}-byte values");
            }

            Quantizer.CopyFloats(raw, elementSize, pixels, _description.BytesPerPixel, destination);
            return;
        }

        if (elementSize == _description.BytesPerPixel)
        {
            raw[..destination.Length].CopyTo(destination);
            return;
        }

        for (var i = 0; i < pixels; i++)
        {
            long value = elementSize switch
            {
                1 => raw[i],
                2 => BinaryPrimitives.ReadInt16BigEndian(raw[(i * 2)..]),
                4 => BinaryPrimitives.ReadInt32BigEndian(raw[(i * 4)..]),
                _ => BinaryPrimitives.ReadInt64BigEndian(raw[(i * 8)..]),
            };
            WriteInteger(destination, i, value);
        }
    }

    private void WriteIntegers(ReadOnlySpan<int> values, in TileEntry tile, long tileRow, Span<byte> destination)
    {
        var description = _description;
        if (description.Bitpix < 0)
        {
            var method = description.Quantize == QuantizeMethod.Lossless ? QuantizeMethod.NoDither : description.Quantize;
            Quantizer.Unquantize(values, tile.Scale, tile.Zero, method, tileRow + description.DitherSeed - 1, tile.Blank, description.BytesPerPixel, destination);
            return;
        }

        // Out-of-range values (possible only with lossy HCOMPRESS) are clipped as CFITSIO fffi4i1/fffi4i2 do.
        switch (description.Bitpix)
        {
            case 8:
                for (var i = 0; i < values.Length; i++)
                {
                    destination[i] = (byte)Math.Clamp(values[i], byte.MinValue, byte.MaxValue);
                }

                break;
            case 16:
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteInt16BigEndian(destination[(i * 2)..], (short)Math.Clamp(values[i], short.MinValue, short.MaxValue));
                }

                break;
            case 32:
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteInt32BigEndian(destination[(i * 4)..], values[i]);
                }

                break;
            default:
                for (var i = 0; i < values.Length; i++)
                {
                    BinaryPrimitives.WriteInt64BigEndian(destination[(i * 8)..], values[i]);
                }

                break;
        }
    }

    private void WriteInteger(Span<byte> destination, int index, long value)
    {
        switch (_description.Bitpix)
        {
            case 8:
                destination[index] = (byte)value;
                break;
            case 16:
                BinaryPrimitives.WriteInt16BigEndian(destination[(index * 2)..], (short)value);
                break;
            case 32:
                BinaryPrimitives.WriteInt32BigEndian(destination[(index * 4)..], (int)value);
                break;
            default:
                BinaryPrimitives.WriteInt64BigEndian(destination[(index * 8)..], value);
                break;
        }
    }
}
