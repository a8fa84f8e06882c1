namespace PhotonRanch.Fits;

/// <summary>
/// What a file's first image declares about its size, read from the headers alone: enough to refuse an image before
/// a pixel, a tile table or an output byte is allocated. Products saturate at <see cref="long.MaxValue"/>, so a hostile
/// header cannot overflow them.
/// </summary>
public sealed class FitsImageDeclaration
{
    internal FitsImageDeclaration(FitsHeader header, int bitpix, IReadOnlyList<long> axes, long fileBytes)
    {
        Header = header;
        Bitpix = bitpix;
        Axes = axes;
        FileBytes = fileBytes;
        SampleType = FitsSampleType.For(bitpix, header.GetDouble("BSCALE") ?? 1.0, header.GetDouble("BZERO") ?? 0.0);
    }

    /// <summary>The image header as a primary header (Z-keywords of a compressed image translated).</summary>
    public FitsHeader Header { get; }

    /// <summary>BITPIX of the image.</summary>
    public int Bitpix { get; }

    /// <summary>NAXIS1..NAXISn of the image.</summary>
    public IReadOnlyList<long> Axes { get; }

    /// <summary>The type a reader hands out the physical values in (see <see cref="FitsImageReader.SampleType"/>).</summary>
    public FitsSampleType SampleType { get; }

    /// <summary>Pixels of the whole image: the product of NAXISn.</summary>
    public long Pixels => SaturatingProduct(Axes);

    /// <summary>Pixels of the first plane: NAXIS1 × NAXIS2.</summary>
    public long PlanePixels => SaturatingProduct(Axes.Take(2));

    /// <summary>Bytes of the image's plain data unit (without fill): <see cref="Pixels"/> × |BITPIX| / 8.</summary>
    public long DataBytes => SaturatingProduct([Pixels, Math.Abs(Bitpix) / 8]);

    /// <summary>
    /// Bytes of the (unwrapped) file up to the end of the image's HDU: what reading the image walks through, tile table
    /// and heap of a compressed image included.
    /// </summary>
    public long FileBytes { get; }

    /// <summary>The product of <paramref name="factors"/>, or <see cref="long.MaxValue"/> when it does not fit.</summary>
    public static long SaturatingProduct(IEnumerable<long> factors)
    {
        ArgumentNullException.ThrowIfNull(factors);
        Int128 product = 1;
        var any = false;
        foreach (var factor in factors)
        {
            any = true;
            product = Int128.Min(product * factor, long.MaxValue);
        }

        return any ? (long)product : 0;
    }
}
