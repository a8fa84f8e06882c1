namespace PhotonRanch.Functions.Files;

/// <summary>What <c>POST /download</c> hands out: the stored file, a plain FITS made from it, or a TIFF.</summary>
internal enum DownloadFormat
{
    AsStored,

    /// <summary>A plain single-HDU FITS decompressed from a <c>.fits.fz</c> / <c>.fits.bz2</c>.</summary>
    PlainFits,

    /// <summary>A bzip2-compressed grayscale TIFF of the image.</summary>
    Tiff,
}

/// <summary>How a TIFF holds the image's values.</summary>
internal enum TiffStretch
{
    /// <summary>arcsinh of each value, shifted so the minimum is 0 and scaled so the maximum is 65535 (the original's).</summary>
    Arcsinh,

    /// <summary>Each value as it is, in the data's own type (signed or unsigned integers, floats), nothing clipped.</summary>
    Linear,
}

/// <param name="Stretch">For <see cref="DownloadFormat.Tiff"/>, the value mapping.</param>
internal sealed record DownloadConversion(DownloadFormat Format, TiffStretch Stretch)
{
    public static DownloadConversion None { get; } = new(DownloadFormat.AsStored, TiffStretch.Arcsinh);

    public static DownloadConversion PlainFits { get; } = new(DownloadFormat.PlainFits, TiffStretch.Arcsinh);

    public static DownloadConversion Tiff(TiffStretch stretch) => new(DownloadFormat.Tiff, stretch);
}

internal static class TiffStretchNames
{
    /// <summary><c>arcsinh</c> or <c>linear</c>; null for anything else.</summary>
    public static TiffStretch? Parse(string? name) => name switch
    {
        "arcsinh" => TiffStretch.Arcsinh,
        "linear" => TiffStretch.Linear,
        _ => null,
    };

    /// <summary>The name used in requests and in generated file names.</summary>
    public static string Name(TiffStretch stretch) => stretch == TiffStretch.Linear ? "linear" : "arcsinh";
}
