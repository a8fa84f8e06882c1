namespace PhotonRanch.Fits;

/// <summary>
/// One header-data unit: its header and the layout of its data unit as given by the mandatory keywords
/// (FITS Standard 4.0 §4.4.1).
/// </summary>
public sealed class FitsHdu
{
    private FitsHdu(int index, FitsHeader header, FitsHduKind kind, int bitpix, long[] axes, long pcount, long gcount)
    {
        Index = index;
        Header = header;
        Kind = kind;
        Bitpix = bitpix;
        Axes = axes;
        ParameterCount = pcount;
        GroupCount = gcount;
        DataLength = ComputeDataLength(header, kind, bitpix, axes, pcount, gcount);
    }

    /// <summary>Position of the HDU in the file; 0 is the primary HDU.</summary>
    public int Index { get; }

    /// <summary>The header exactly as stored (for a compressed image: the BINTABLE header with its Z-keywords).</summary>
    public FitsHeader Header { get; }

    /// <summary>What the HDU holds.</summary>
    public FitsHduKind Kind { get; }

    /// <summary>BITPIX of the data unit (§4.4.1.1, Table 8).</summary>
    public int Bitpix { get; }

    /// <summary>NAXIS1..NAXISn; empty when NAXIS = 0.</summary>
    public IReadOnlyList<long> Axes { get; }

    /// <summary>PCOUNT (0 for the primary HDU).</summary>
    public long ParameterCount { get; }

    /// <summary>GCOUNT (1 for the primary HDU).</summary>
    public long GroupCount { get; }

    /// <summary>Length of the data unit in bytes without the fill to a whole block (§4.4.1.1 eq. 1, §7.1 eq. 2).</summary>
    public long DataLength { get; }

    /// <summary>Length of the data unit including its fill to a multiple of 2880 bytes (§3.3.2).</summary>
    public long PaddedDataLength => (DataLength + FitsBlockReader.BlockSize - 1) / FitsBlockReader.BlockSize * FitsBlockReader.BlockSize;

    /// <summary>True when the data unit holds image pixels (a primary array or IMAGE extension with NAXIS &gt; 0) or a compressed image.</summary>
    public bool HasImage => Kind == FitsHduKind.CompressedImage || ((Kind is FitsHduKind.Primary or FitsHduKind.Image) && Axes.Count > 0 && DataLength > 0);

    internal static FitsHdu FromHeader(int index, FitsHeader header)
    {
        var first = header.Count > 0 ? header[0] : null;
        FitsHduKind kind;
        if (index == 0)
        {
            // §4.4.1.1: SIMPLE = T must be the first keyword of the primary header.
            if (first is null || first.Keyword != "SIMPLE" || first.Kind != FitsValueKind.Logical)
            {
                throw new FitsFormatException("The first keyword of the primary header must be SIMPLE = T (FITS Standard 4.0 §4.4.1.1).");
            }

            kind = FitsHduKind.Primary;
        }
        else
        {
            // §4.4.1.2: XTENSION must be the first keyword of an extension header.
            if (first is null || first.Keyword != "XTENSION" || first.Kind != FitsValueKind.String)
            {
                throw new FitsFormatException($"HDU {index}: the first keyword of an extension header must be XTENSION (FITS Standard 4.0 §4.4.1.2).");
            }

            kind = ((string)first.Value!).Trim() switch
            {
                "IMAGE" or "IUEIMAGE" => FitsHduKind.Image,
                "TABLE" => FitsHduKind.AsciiTable,
                "BINTABLE" when header.GetBoolean("ZIMAGE") == true => FitsHduKind.CompressedImage,
                "BINTABLE" or "A3DTABLE" => FitsHduKind.BinaryTable,
                _ => FitsHduKind.Other,
            };
        }

        var bitpixValue = RequireInteger(header, "BITPIX", index);
        if (bitpixValue is not (8 or 16 or 32 or 64 or -32 or -64))
        {
            throw new FitsFormatException($"HDU {index}: BITPIX = {bitpixValue} is not one of 8, 16, 32, 64, -32, -64 (FITS Standard 4.0 §4.4.1.1, Table 8).");
        }

        var bitpix = (int)bitpixValue;
        var naxis = RequireInteger(header, "NAXIS", index);
        if (naxis is < 0 or > 999)
        {
            throw new FitsFormatException($"HDU {index}: NAXIS = {naxis} is outside 0–999 (FITS Standard 4.0 §4.4.1.1).");
        }

        var axes = new long[naxis];
        for (var i = 0; i < naxis; i++)
        {
            axes[i] = RequireInteger(header, "NAXIS" + (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), index);
            if (axes[i] < 0)
            {
                throw new FitsFormatException($"HDU {index}: NAXIS{i + 1} = {axes[i]} is negative (FITS Standard 4.0 §4.4.1.1).");
            }
        }

        long pcount = 0, gcount = 1;
        if (index > 0 || header.GetBoolean("GROUPS") == true)
        {
            pcount = RequireInteger(header, "PCOUNT", index);
            gcount = RequireInteger(header, "GCOUNT", index);
            if (pcount < 0 || gcount < 0)
            {
                throw new FitsFormatException($"HDU {index}: PCOUNT = {pcount} and GCOUNT = {gcount} must not be negative (FITS Standard 4.0 §4.4.1.2).");
            }
        }

        if (kind is FitsHduKind.BinaryTable or FitsHduKind.CompressedImage && (bitpix != 8 || naxis != 2))
        {
            throw new FitsFormatException($"HDU {index}: a BINTABLE must have BITPIX = 8 and NAXIS = 2 (FITS Standard 4.0 §7.3.1).");
        }

        return new FitsHdu(index, header, kind, bitpix, axes, pcount, gcount);
    }

    internal static long RequireInteger(FitsHeader header, string keyword, int index) =>
        header.Find(keyword) is { Kind: FitsValueKind.Integer, Value: long value }
            ? value
            : throw new FitsFormatException($"HDU {index}: mandatory keyword {keyword} is missing or not an integer (FITS Standard 4.0 §4.4.1).");

    private static long ComputeDataLength(FitsHeader header, FitsHduKind kind, int bitpix, long[] axes, long pcount, long gcount)
    {
        if (axes.Length == 0)
        {
            return 0;
        }

        // §6: random groups have NAXIS1 = 0 and the product starts at NAXIS2.
        var randomGroups = kind == FitsHduKind.Primary && header.GetBoolean("GROUPS") == true && axes[0] == 0;
        try
        {
            var product = 1L;
            for (var i = randomGroups ? 1 : 0; i < axes.Length; i++)
            {
                product = checked(product * axes[i]);
            }

            return checked(Math.Abs(bitpix) / 8 * gcount * (pcount + product));
        }
        catch (OverflowException e)
        {
            throw new FitsFormatException("The data unit size given by BITPIX, NAXISn, PCOUNT and GCOUNT overflows 64 bits.", e);
        }
    }
}
