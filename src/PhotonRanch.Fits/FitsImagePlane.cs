namespace PhotonRanch.Fits;

/// <summary>One image plane in memory, as physical values, with the header it came from.</summary>
public sealed class FitsImagePlane
{
    /// <summary>Creates a plane.</summary>
    /// <param name="header">The image header (primary-style).</param>
    /// <param name="width">NAXIS1.</param>
    /// <param name="height">NAXIS2.</param>
    /// <param name="pixels">Width × height values, row after row (row 0 is the first FITS row).</param>
    public FitsImagePlane(FitsHeader header, int width, int height, float[] pixels)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(pixels);
        if ((long)width * height != pixels.Length)
        {
            throw new ArgumentException($"{pixels.Length} pixels do not make a {width} × {height} plane.", nameof(pixels));
        }

        Header = header;
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    /// <summary>The image header.</summary>
    public FitsHeader Header { get; }

    /// <summary>Pixels per row (NAXIS1).</summary>
    public int Width { get; }

    /// <summary>Rows (NAXIS2).</summary>
    public int Height { get; }

    /// <summary>The pixels, row-major from the first FITS row; undefined pixels are NaN.</summary>
    public float[] Pixels { get; }

    /// <summary>The FILTER keyword, trimmed, or <see langword="null"/>.</summary>
    public string? Filter => Header.GetString("FILTER")?.Trim();
}
