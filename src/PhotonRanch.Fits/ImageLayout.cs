namespace PhotonRanch.Fits;

/// <summary>BITPIX and axis lengths of an image data array (FITS Standard 4.0 §3.3.2, §4.4.1.1).</summary>
internal sealed record ImageLayout(int Bitpix, long[] Axes)
{
    /// <summary>Bytes per pixel, |BITPIX| / 8.</summary>
    public int BytesPerPixel => Math.Abs(Bitpix) / 8;

    /// <summary>Number of pixels, the product of the axis lengths.</summary>
    public long PixelCount => Axes.Length == 0 ? 0 : Axes.Aggregate(1L, (product, n) => checked(product * n));

    /// <summary>Data unit length without fill.</summary>
    public long DataLength => PixelCount * BytesPerPixel;
}
