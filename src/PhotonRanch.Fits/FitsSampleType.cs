namespace PhotonRanch.Fits;

/// <summary>How an image's physical values are represented.</summary>
public enum FitsSampleKind
{
    /// <summary>Unsigned integers.</summary>
    UnsignedInteger,

    /// <summary>Two's complement signed integers.</summary>
    SignedInteger,

    /// <summary>IEEE 754 floating point.</summary>
    FloatingPoint,
}

/// <summary>
/// The numeric type that holds an image's physical values exactly, chosen as astropy chooses its array's dtype:
/// BITPIX 8 is unsigned and 16/32/64 signed; with BSCALE = 1 the §5.2.5 offsets make BITPIX 8 with BZERO = −128 signed
/// and BITPIX 16/32/64 with BZERO = 2^(n−1) unsigned; any other scaling makes integers 32-bit (BITPIX 8, 16) or 64-bit
/// (BITPIX 32, 64) floats; floats keep their width.
/// </summary>
/// <param name="Kind">Unsigned, signed or floating point.</param>
/// <param name="Bits">Bits per value: 8, 16, 32 or 64.</param>
public readonly record struct FitsSampleType(FitsSampleKind Kind, int Bits)
{
    /// <summary>Bytes per value.</summary>
    public int Bytes => Bits / 8;

    /// <summary>The type of the physical values of an image with these BITPIX, BSCALE and BZERO.</summary>
    /// <param name="bitpix">BITPIX of the stored values.</param>
    /// <param name="scale">BSCALE (1 when absent).</param>
    /// <param name="zero">BZERO (0 when absent).</param>
    /// <returns>The type.</returns>
    public static FitsSampleType For(int bitpix, double scale, double zero)
    {
        if (bitpix < 0)
        {
            return new FitsSampleType(FitsSampleKind.FloatingPoint, -bitpix);
        }

        if (scale == 1.0 && zero == 0.0)
        {
            return new FitsSampleType(bitpix == 8 ? FitsSampleKind.UnsignedInteger : FitsSampleKind.SignedInteger, bitpix);
        }

        if (IsSignBitOffset(bitpix, scale, zero))
        {
            return new FitsSampleType(bitpix == 8 ? FitsSampleKind.SignedInteger : FitsSampleKind.UnsignedInteger, bitpix);
        }

        return new FitsSampleType(FitsSampleKind.FloatingPoint, bitpix > 16 ? 64 : 32);
    }

    /// <summary>Whether BSCALE and BZERO only move the sign bit (§5.2.5 Table 11): the stored bits with it flipped are the value.</summary>
    internal static bool IsSignBitOffset(int bitpix, double scale, double zero) =>
        scale == 1.0 && (bitpix == 8 ? zero == -128.0 : bitpix > 8 && zero == Math.Pow(2, bitpix - 1));
}
