using PhotonRanch.Functions.Images;

namespace PhotonRanch.Functions.Files;

/// <summary>The FITS sizes a zip can hold: <c>small</c> (reduction 10), <c>large</c> (01) or <c>best</c> (01, else 10).</summary>
internal enum FitsSize
{
    /// <summary>The small FITS, <c>{base}-{type}10.fits.fz</c>.</summary>
    Small,

    /// <summary>The large FITS, <c>{base}-{type}01.fits.fz</c>.</summary>
    Large,

    /// <summary>The large FITS where it exists, else the small one.</summary>
    Best,
}

/// <summary>Which FITS file of an image a zip takes, by the original's rules.</summary>
internal static class FitsFileChoice
{
    /// <summary>Reads <c>small</c>, <c>large</c> or <c>best</c> (any case, as the original); null for anything else.</summary>
    public static FitsSize? ParseSize(string? value) => value?.ToLowerInvariant() switch
    {
        "small" => FitsSize.Small,
        "large" => FitsSize.Large,
        "best" => FitsSize.Best,
        _ => null,
    };

    /// <summary>The file of <paramref name="image"/> a zip of <paramref name="size"/> takes, or null when it has none.</summary>
    public static string? FileName(FitsAvailability image, FitsSize size)
    {
        ArgumentNullException.ThrowIfNull(image);
        var level = size switch
        {
            FitsSize.Small => image.Fits10Exists ? "10" : null,
            FitsSize.Large => image.Fits01Exists ? "01" : null,
            _ => image.Fits01Exists ? "01" : image.Fits10Exists ? "10" : null,
        };
        return level is null ? null : $"{image.BaseFilename}-{image.DataType}{level}.fits.fz";
    }
}
