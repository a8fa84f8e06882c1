namespace PhotonRanch.Fits.Compression;

/// <summary>How floating-point pixels were turned into integers before compression (ZQUANTIZ, Tiled Image Compression Convention §5).</summary>
internal enum QuantizeMethod
{
    /// <summary>The floats were not quantized (ZQUANTIZ = 'NONE', or no ZSCALE/ZZERO columns): tiles hold IEEE floats.</summary>
    Lossless,

    /// <summary>Linear scaling without dithering (ZQUANTIZ = 'NO_DITHER', or absent in files written before 2009).</summary>
    NoDither,

    /// <summary>Subtractive dithering with the standard random sequence (ZQUANTIZ = 'SUBTRACTIVE_DITHER_1').</summary>
    SubtractiveDither1,

    /// <summary>As <see cref="SubtractiveDither1"/> but exact zeros are kept as the reserved value −2147483646 (ZQUANTIZ = 'SUBTRACTIVE_DITHER_2').</summary>
    SubtractiveDither2,
}
