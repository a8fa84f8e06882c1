using System.Buffers.Binary;

namespace PhotonRanch.Fits;

/// <summary>
/// Reads the first image of a FITS file (plain, tile-compressed, or bzip2/gzip wrapped) row by row as physical values:
/// BSCALE/BZERO applied (FITS Standard 4.0 §5.3), integer BLANK pixels and float nulls as NaN.
/// Rows run along NAXIS1; planes of a cube follow one another.
/// </summary>
public sealed class FitsImageReader : IAsyncDisposable
{
    private readonly FitsReader _reader;
    private readonly IImageDataSource _source;
    private readonly byte[] _row;
    private readonly double _scale;
    private readonly double _zero;
    private readonly long? _blank;
    private long _rowsLeft;
    private double[]? _doubleRow;

    private FitsImageReader(FitsReader reader, FitsHeader header, IImageDataSource source)
    {
        _reader = reader;
        _source = source;
        Header = header;
        var axes = source.Layout.Axes;
        Bitpix = source.Layout.Bitpix;
        Axes = axes;
        if ((axes.Length > 0 && axes[0] * source.Layout.BytesPerPixel > Array.MaxLength) || (axes.Length > 1 && axes[1] > int.MaxValue))
        {
            throw new FitsNotSupportedException($"Rows of {axes[0]} pixels or planes of {(axes.Length > 1 ? axes[1] : 1)} rows are larger than this reader supports.");
        }

        Width = axes.Length == 0 ? 0 : (int)axes[0];
        Height = axes.Length < 2 ? 1 : (int)axes[1];
        RowCount = Width == 0 ? 0 : source.Layout.PixelCount / Width;
        _rowsLeft = RowCount;
        _row = new byte[(long)Width * source.Layout.BytesPerPixel];
        _scale = header.GetDouble("BSCALE") ?? 1.0;
        _zero = header.GetDouble("BZERO") ?? 0.0;
        _blank = Bitpix > 0 ? header.GetInt64("BLANK") : null;
        SampleType = FitsSampleType.For(Bitpix, _scale, _zero);
    }

    /// <summary>The image header as a primary header (Z-keywords of a compressed image translated, as funpack writes them).</summary>
    public FitsHeader Header { get; }

    /// <summary>BITPIX of the stored values.</summary>
    public int Bitpix { get; }

    /// <summary>The type that holds the physical values exactly, as astropy would give them; see <see cref="ReadSamplesAsync"/>.</summary>
    public FitsSampleType SampleType { get; }

    /// <summary>NAXIS1..NAXISn.</summary>
    public IReadOnlyList<long> Axes { get; }

    /// <summary>NAXIS1, the pixels per row.</summary>
    public int Width { get; }

    /// <summary>NAXIS2, the rows per plane (1 for a one-dimensional image).</summary>
    public int Height { get; }

    /// <summary>Total rows in the image: the product of NAXIS2..NAXISn.</summary>
    public long RowCount { get; }

    /// <summary>Opens a FITS stream at its first image HDU.</summary>
    /// <param name="input">The input stream; may be non-seekable.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="input"/> open.</param>
    /// <param name="cancellationToken">Cancels reading the headers.</param>
    /// <returns>A reader positioned at the first row.</returns>
    /// <exception cref="FitsFormatException">The input is not valid FITS or holds no image.</exception>
    public static async Task<FitsImageReader> OpenAsync(Stream input, bool leaveOpen, CancellationToken cancellationToken)
    {
        var reader = await FitsReader.OpenAsync(input, leaveOpen, cancellationToken).ConfigureAwait(false);
        try
        {
            var (header, source) = await ImageHduOpener.OpenAsync(reader, cancellationToken).ConfigureAwait(false);
            return new FitsImageReader(reader, header, source);
        }
        catch
        {
            await reader.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Reads only the header of the first image (for a ".fits.fz": HDU 1 with its Z-keywords translated to the image
    /// keywords funpack would write) without decompressing any pixel.
    /// </summary>
    /// <param name="input">The input stream; left open.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The image header as a primary header.</returns>
    /// <exception cref="FitsFormatException">The input is not valid FITS or holds no image.</exception>
    public static async Task<FitsHeader> ReadImageHeaderAsync(Stream input, CancellationToken cancellationToken)
    {
        await using var reader = await FitsReader.OpenAsync(input, leaveOpen: true, cancellationToken).ConfigureAwait(false);
        var (header, _) = await ImageHduOpener.ReadImageHeaderAsync(reader, cancellationToken).ConfigureAwait(false);
        return header;
    }

    /// <summary>
    /// Reads what the first image declares about its size (see <see cref="FitsImageDeclaration"/>) from the headers
    /// alone, without reading its tile table or any pixel.
    /// </summary>
    /// <param name="input">The input stream; left open.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The declaration.</returns>
    /// <exception cref="FitsFormatException">The input is not valid FITS or holds no image.</exception>
    public static async Task<FitsImageDeclaration> ReadImageDeclarationAsync(Stream input, CancellationToken cancellationToken)
    {
        await using var reader = await FitsReader.OpenAsync(input, leaveOpen: true, cancellationToken).ConfigureAwait(false);
        var (header, hdu) = await ImageHduOpener.ReadImageHeaderAsync(reader, cancellationToken).ConfigureAwait(false);
        var bitpix = (int)FitsHdu.RequireInteger(header, "BITPIX", hdu.Index);
        var naxis = FitsHdu.RequireInteger(header, "NAXIS", hdu.Index);
        if (naxis is < 0 or > 999)
        {
            throw new FitsFormatException($"HDU {hdu.Index}: the image's NAXIS = {naxis} is outside 0–999 (FITS Standard 4.0 §4.4.1.1).");
        }

        var axes = new long[naxis];
        for (var i = 0; i < axes.Length; i++)
        {
            axes[i] = FitsHdu.RequireInteger(header, "NAXIS" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), hdu.Index);
            if (axes[i] < 0)
            {
                throw new FitsFormatException($"HDU {hdu.Index}: the image's NAXIS{i + 1} = {axes[i]} is negative (FITS Standard 4.0 §4.4.1.1).");
            }
        }

        return new FitsImageDeclaration(header, bitpix, axes, reader.DataStart + hdu.PaddedDataLength);
    }

    /// <summary>Reads the first plane (NAXIS1 × NAXIS2 pixels) of the first image as 32-bit floats.</summary>
    /// <param name="input">The input stream; left open.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The plane and its header.</returns>
    public static async Task<FitsImagePlane> ReadFirstPlaneAsync(Stream input, CancellationToken cancellationToken)
    {
        await using var reader = await OpenAsync(input, leaveOpen: true, cancellationToken).ConfigureAwait(false);
        if ((long)reader.Width * reader.Height > Array.MaxLength)
        {
            throw new FitsNotSupportedException($"A plane of {reader.Width} × {reader.Height} pixels is larger than one .NET array can hold.");
        }

        var pixels = new float[(long)reader.Width * reader.Height];
        for (var y = 0; y < reader.Height; y++)
        {
            if (!await reader.ReadRowAsync(pixels.AsMemory(y * reader.Width, reader.Width), cancellationToken).ConfigureAwait(false))
            {
                throw new FitsFormatException($"The image ended after {y} of {reader.Height} rows.");
            }
        }

        return new FitsImagePlane(reader.Header, reader.Width, reader.Height, pixels);
    }

    /// <summary>Reads the next row as doubles.</summary>
    /// <param name="destination">At least <see cref="Width"/> elements.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns><see langword="false"/> when all rows have been read.</returns>
    public async ValueTask<bool> ReadRowAsync(Memory<double> destination, CancellationToken cancellationToken)
    {
        if (!await FillRowAsync(destination.Length, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        Convert(destination.Span[..Width]);
        return true;
    }

    /// <summary>Reads the next row as 32-bit floats (a float image with BSCALE = 1 and BZERO = 0 is returned exactly).</summary>
    /// <param name="destination">At least <see cref="Width"/> elements.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns><see langword="false"/> when all rows have been read.</returns>
    public async ValueTask<bool> ReadRowAsync(Memory<float> destination, CancellationToken cancellationToken)
    {
        if (!await FillRowAsync(destination.Length, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var span = destination.Span[..Width];
        if (Bitpix == -32 && _scale == 1.0 && _zero == 0.0)
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = BinaryPrimitives.ReadSingleBigEndian(_row.AsSpan(i * 4));
            }

            return true;
        }

        var row = _doubleRow ??= new double[Width];
        Convert(row);
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (float)row[i];
        }

        return true;
    }

    /// <summary>
    /// Reads the next row as <see cref="SampleType"/> values, little-endian: unscaled integers and floats as stored,
    /// sign-bit offsets (unsigned 16-bit through BZERO = 32768 and the like) as the unsigned or signed value, other
    /// scaled integers as floats with BLANK pixels NaN. Integers keep a BLANK pixel's stored value, as astropy does.
    /// </summary>
    /// <param name="destination">At least <see cref="Width"/> × <see cref="FitsSampleType.Bytes"/> bytes.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns><see langword="false"/> when all rows have been read.</returns>
    public async ValueTask<bool> ReadSamplesAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        var length = Width * SampleType.Bytes;
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, length);
        if (!await FillRowAsync(Width, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        var span = destination.Span[..length];
        if (SampleType.Kind == FitsSampleKind.FloatingPoint && (Bitpix > 0 || _scale != 1.0 || _zero != 0.0))
        {
            var row = _doubleRow ??= new double[Width];
            Convert(row);
            for (var i = 0; i < row.Length; i++)
            {
                if (SampleType.Bits == 32)
                {
                    BinaryPrimitives.WriteSingleLittleEndian(span[(i * 4)..], (float)row[i]);
                }
                else
                {
                    BinaryPrimitives.WriteDoubleLittleEndian(span[(i * 8)..], row[i]);
                }
            }

            return true;
        }

        // Stored bits as they are (reversed to little-endian), with the sign bit flipped for a §5.2.5 offset.
        var bytes = SampleType.Bytes;
        var flip = FitsSampleType.IsSignBitOffset(Bitpix, _scale, _zero) ? (byte)0x80 : (byte)0;
        for (var i = 0; i < Width; i++)
        {
            var stored = _row.AsSpan(i * bytes, bytes);
            var sample = span.Slice(i * bytes, bytes);
            for (var b = 0; b < bytes; b++)
            {
                sample[b] = stored[bytes - 1 - b];
            }

            sample[bytes - 1] ^= flip;
        }

        return true;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _reader.DisposeAsync();

    private async ValueTask<bool> FillRowAsync(int destinationLength, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destinationLength, Width);
        if (_rowsLeft == 0)
        {
            return false;
        }

        var read = await _source.ReadAsync(_row, cancellationToken).ConfigureAwait(false);
        if (read != _row.Length)
        {
            throw new FitsFormatException($"The image data ended in the middle of row {RowCount - _rowsLeft + 1}.");
        }

        _rowsLeft--;
        return true;
    }

    private void Convert(Span<double> destination)
    {
        var row = _row.AsSpan();
        for (var i = 0; i < destination.Length; i++)
        {
            double value;
            long raw;
            switch (Bitpix)
            {
                case 8:
                    raw = row[i];
                    break;
                case 16:
                    raw = BinaryPrimitives.ReadInt16BigEndian(row[(i * 2)..]);
                    break;
                case 32:
                    raw = BinaryPrimitives.ReadInt32BigEndian(row[(i * 4)..]);
                    break;
                case 64:
                    raw = BinaryPrimitives.ReadInt64BigEndian(row[(i * 8)..]);
                    break;
                case -32:
                    destination[i] = (BinaryPrimitives.ReadSingleBigEndian(row[(i * 4)..]) * _scale) + _zero;
                    continue;
                default:
                    destination[i] = (BinaryPrimitives.ReadDoubleBigEndian(row[(i * 8)..]) * _scale) + _zero;
                    continue;
            }

            // §5.2.2 / §4.4.2.5: integer pixels equal to BLANK are undefined.
            value = _blank == raw ? double.NaN : (raw * _scale) + _zero;
            destination[i] = value;
        }
    }
}
