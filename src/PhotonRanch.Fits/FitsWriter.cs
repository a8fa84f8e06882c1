using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace PhotonRanch.Fits;

/// <summary>Writes plain FITS: headers padded to 2880-byte blocks and image data units (FITS Standard 4.0 §3.3, §4.4, §5).</summary>
public static class FitsWriter
{
    private const int ChunkBytes = 64 * 1024;

    /// <summary>
    /// Writes the header records, the END record and blank fill to a whole number of 2880-byte blocks (§4.4.1).
    /// </summary>
    /// <param name="output">Destination stream.</param>
    /// <param name="header">The header to write; it must not contain END.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task WriteHeaderAsync(Stream output, FitsHeader header, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(header);
        await output.WriteAsync(EncodeHeader(header), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The header as bytes: records, END and blank fill to a multiple of 2880 bytes (§4.4.1).</summary>
    /// <param name="header">The header to encode.</param>
    /// <returns>The encoded header.</returns>
    public static byte[] EncodeHeader(FitsHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var records = header.ToRecords();
        var padded = Pad(records.Length);
        return Encoding.ASCII.GetBytes(records.PadRight((int)padded));
    }

    /// <summary>Writes a primary HDU holding a 16-bit signed integer image.</summary>
    /// <param name="output">Destination stream.</param>
    /// <param name="pixels">Pixels in FITS order (NAXIS1 varies fastest).</param>
    /// <param name="axes">NAXIS1..NAXISn.</param>
    /// <param name="extraCards">Cards to add after the mandatory keywords, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task WriteImageAsync(Stream output, ReadOnlyMemory<short> pixels, IReadOnlyList<long> axes, IEnumerable<FitsCard>? extraCards, CancellationToken cancellationToken) =>
        WriteAsync(output, pixels, axes, 16, null, extraCards, static (s, d) => BinaryPrimitives.WriteInt16BigEndian(d, s), cancellationToken);

    /// <summary>Writes a primary HDU holding an unsigned 16-bit image (BITPIX 16 with BZERO = 32768, §5.2.5 Table 11).</summary>
    /// <param name="output">Destination stream.</param>
    /// <param name="pixels">Pixels in FITS order.</param>
    /// <param name="axes">NAXIS1..NAXISn.</param>
    /// <param name="extraCards">Cards to add after the mandatory keywords, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task WriteImageAsync(Stream output, ReadOnlyMemory<ushort> pixels, IReadOnlyList<long> axes, IEnumerable<FitsCard>? extraCards, CancellationToken cancellationToken) =>
        WriteAsync(output, pixels, axes, 16, 32768L, extraCards, static (s, d) => BinaryPrimitives.WriteInt16BigEndian(d, (short)(s - 32768)), cancellationToken);

    /// <summary>Writes a primary HDU holding a 32-bit signed integer image.</summary>
    /// <param name="output">Destination stream.</param>
    /// <param name="pixels">Pixels in FITS order.</param>
    /// <param name="axes">NAXIS1..NAXISn.</param>
    /// <param name="extraCards">Cards to add after the mandatory keywords, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task WriteImageAsync(Stream output, ReadOnlyMemory<int> pixels, IReadOnlyList<long> axes, IEnumerable<FitsCard>? extraCards, CancellationToken cancellationToken) =>
        WriteAsync(output, pixels, axes, 32, null, extraCards, static (s, d) => BinaryPrimitives.WriteInt32BigEndian(d, s), cancellationToken);

    /// <summary>Writes a primary HDU holding an unsigned 32-bit image (BITPIX 32 with BZERO = 2147483648, §5.2.5 Table 11).</summary>
    /// <param name="output">Destination stream.</param>
    /// <param name="pixels">Pixels in FITS order.</param>
    /// <param name="axes">NAXIS1..NAXISn.</param>
    /// <param name="extraCards">Cards to add after the mandatory keywords, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task WriteImageAsync(Stream output, ReadOnlyMemory<uint> pixels, IReadOnlyList<long> axes, IEnumerable<FitsCard>? extraCards, CancellationToken cancellationToken) =>
        WriteAsync(output, pixels, axes, 32, 2147483648L, extraCards, static (s, d) => BinaryPrimitives.WriteInt32BigEndian(d, (int)(s ^ 0x80000000u)), cancellationToken);

    /// <summary>Writes a primary HDU holding a 64-bit signed integer image.</summary>
    /// <param name="output">Destination stream.</param>
    /// <param name="pixels">Pixels in FITS order.</param>
    /// <param name="axes">NAXIS1..NAXISn.</param>
    /// <param name="extraCards">Cards to add after the mandatory keywords, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task WriteImageAsync(Stream output, ReadOnlyMemory<long> pixels, IReadOnlyList<long> axes, IEnumerable<FitsCard>? extraCards, CancellationToken cancellationToken) =>
        WriteAsync(output, pixels, axes, 64, null, extraCards, static (s, d) => BinaryPrimitives.WriteInt64BigEndian(d, s), cancellationToken);

    /// <summary>Writes a primary HDU holding an 8-bit unsigned image.</summary>
    /// <param name="output">Destination stream.</param>
    /// <param name="pixels">Pixels in FITS order.</param>
    /// <param name="axes">NAXIS1..NAXISn.</param>
    /// <param name="extraCards">Cards to add after the mandatory keywords, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task WriteImageAsync(Stream output, ReadOnlyMemory<byte> pixels, IReadOnlyList<long> axes, IEnumerable<FitsCard>? extraCards, CancellationToken cancellationToken) =>
        WriteAsync(output, pixels, axes, 8, null, extraCards, static (s, d) => d[0] = s, cancellationToken);

    /// <summary>Writes a primary HDU holding a 32-bit IEEE float image (NaN allowed, §5.3).</summary>
    /// <param name="output">Destination stream.</param>
    /// <param name="pixels">Pixels in FITS order.</param>
    /// <param name="axes">NAXIS1..NAXISn.</param>
    /// <param name="extraCards">Cards to add after the mandatory keywords, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task WriteImageAsync(Stream output, ReadOnlyMemory<float> pixels, IReadOnlyList<long> axes, IEnumerable<FitsCard>? extraCards, CancellationToken cancellationToken) =>
        WriteAsync(output, pixels, axes, -32, null, extraCards, static (s, d) => BinaryPrimitives.WriteSingleBigEndian(d, s), cancellationToken);

    /// <summary>Writes a primary HDU holding a 64-bit IEEE float image (NaN allowed, §5.3).</summary>
    /// <param name="output">Destination stream.</param>
    /// <param name="pixels">Pixels in FITS order.</param>
    /// <param name="axes">NAXIS1..NAXISn.</param>
    /// <param name="extraCards">Cards to add after the mandatory keywords, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static Task WriteImageAsync(Stream output, ReadOnlyMemory<double> pixels, IReadOnlyList<long> axes, IEnumerable<FitsCard>? extraCards, CancellationToken cancellationToken) =>
        WriteAsync(output, pixels, axes, -64, null, extraCards, static (s, d) => BinaryPrimitives.WriteDoubleBigEndian(d, s), cancellationToken);

    /// <summary>The mandatory primary-header cards for an image (§4.4.1.1) plus BZERO/BSCALE for unsigned data.</summary>
    /// <param name="bitpix">BITPIX.</param>
    /// <param name="axes">NAXIS1..NAXISn.</param>
    /// <param name="unsignedOffset">BZERO for unsigned integers (§5.2.5), or <see langword="null"/>.</param>
    /// <returns>A new header.</returns>
    public static FitsHeader CreateImageHeader(int bitpix, IReadOnlyList<long> axes, long? unsignedOffset = null)
    {
        ArgumentNullException.ThrowIfNull(axes);
        var header = new FitsHeader
        {
            FitsCard.Create("SIMPLE", true, "file does conform to FITS standard"),
            FitsCard.Create("BITPIX", bitpix, "number of bits per data pixel"),
            FitsCard.Create("NAXIS", axes.Count, "number of data axes"),
        };
        for (var i = 0; i < axes.Count; i++)
        {
            header.Add(FitsCard.Create("NAXIS" + (i + 1).ToString(CultureInfo.InvariantCulture), axes[i], "length of data axis " + (i + 1).ToString(CultureInfo.InvariantCulture)));
        }

        if (unsignedOffset is { } offset)
        {
            header.Add(FitsCard.Create("BZERO", offset, "offset data range to that of unsigned integers"));
            header.Add(FitsCard.Create("BSCALE", 1L, "default scaling factor"));
        }

        return header;
    }

    /// <summary>Copies an image data source to the output and adds the zero fill of the data unit (§3.3.2).</summary>
    internal static async Task WriteDataAsync(IImageDataSource source, Stream output, FitsChecksum? checksum, CancellationToken cancellationToken)
    {
        long total = 0;
        while (true)
        {
            var chunk = await source.ReadChunkAsync(cancellationToken).ConfigureAwait(false);
            if (chunk.IsEmpty)
            {
                break;
            }

            checksum?.Add(chunk.Span);
            await output.WriteAsync(chunk, cancellationToken).ConfigureAwait(false);
            total += chunk.Length;
        }

        if (total != source.Layout.DataLength)
        {
            throw new FitsFormatException($"The image produced {total} bytes but BITPIX and NAXISn call for {source.Layout.DataLength}.");
        }

        await WriteDataFillAsync(output, total, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteDataFillAsync(Stream output, long dataLength, CancellationToken cancellationToken)
    {
        var fill = (int)(Pad(dataLength) - dataLength);
        if (fill > 0)
        {
            await output.WriteAsync(new byte[fill], cancellationToken).ConfigureAwait(false);
        }
    }

    private static long Pad(long length) => (length + FitsBlockReader.BlockSize - 1) / FitsBlockReader.BlockSize * FitsBlockReader.BlockSize;

    private static async Task WriteAsync<T>(Stream output, ReadOnlyMemory<T> pixels, IReadOnlyList<long> axes, int bitpix, long? unsignedOffset, IEnumerable<FitsCard>? extraCards, SpanAction<T> encode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(axes);
        var expected = axes.Count == 0 ? 0 : axes.Aggregate(1L, (p, n) => checked(p * n));
        if (expected != pixels.Length)
        {
            throw new ArgumentException($"The axes describe {expected} pixels but {pixels.Length} were given.", nameof(pixels));
        }

        var header = CreateImageHeader(bitpix, axes, unsignedOffset);
        foreach (var card in extraCards ?? [])
        {
            header.Add(card);
        }

        await WriteHeaderAsync(output, header, cancellationToken).ConfigureAwait(false);
        var size = Math.Abs(bitpix) / 8;
        var buffer = new byte[ChunkBytes];
        var perChunk = ChunkBytes / size;
        for (var start = 0; start < pixels.Length; start += perChunk)
        {
            var count = Math.Min(perChunk, pixels.Length - start);
            Encode(pixels.Span.Slice(start, count), buffer, size, encode);
            await output.WriteAsync(buffer.AsMemory(0, count * size), cancellationToken).ConfigureAwait(false);
        }

        await WriteDataFillAsync(output, (long)pixels.Length * size, cancellationToken).ConfigureAwait(false);
    }

    private static void Encode<T>(ReadOnlySpan<T> pixels, Span<byte> buffer, int size, SpanAction<T> encode)
    {
        for (var i = 0; i < pixels.Length; i++)
        {
            encode(pixels[i], buffer.Slice(i * size, size));
        }
    }

    private delegate void SpanAction<in T>(T value, Span<byte> destination);
}
