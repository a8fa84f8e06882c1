namespace PhotonRanch.Functions.Files;

/// <summary>
/// Maps an image's values to 16-bit TIFF samples as the original's <c>create_tiff</c> did for <c>arcsinh</c>: asinh of
/// every value, minus the minimum, scaled so the maximum is 65535, truncated to integers (numpy's
/// <c>astype(uint16)</c>). Undefined (NaN) pixels are left out of the minimum and maximum and become 0.
/// </summary>
internal sealed class ArcsinhStretch(double offset, double scale)
{
    /// <summary>The stretch for <paramref name="range"/>, the extremes of the whole plane.</summary>
    public static ArcsinhStretch For(ArcsinhRange range)
    {
        ArgumentNullException.ThrowIfNull(range);
        var spread = range.Max - range.Min;
        return new ArcsinhStretch(double.IsFinite(range.Min) ? range.Min : 0, spread > 0 && double.IsFinite(spread) ? ushort.MaxValue / spread : 0);
    }

    public void Map(ReadOnlySpan<float> pixels, Span<ushort> samples)
    {
        for (var i = 0; i < pixels.Length; i++)
        {
            samples[i] = float.IsNaN(pixels[i])
                ? (ushort)0
                : (ushort)Math.Clamp(Math.Floor((Math.Asinh(pixels[i]) - offset) * scale), 0, ushort.MaxValue);
        }
    }
}

/// <summary>
/// The minimum and maximum of asinh over the pixels seen so far (NaN left out): gathered row by row, so a stretch
/// needs no whole plane in memory.
/// </summary>
internal sealed class ArcsinhRange
{
    /// <summary>The smallest asinh value seen; +∞ before any.</summary>
    public double Min { get; private set; } = double.PositiveInfinity;

    /// <summary>The largest asinh value seen; -∞ before any.</summary>
    public double Max { get; private set; } = double.NegativeInfinity;

    public void Add(ReadOnlySpan<float> pixels)
    {
        var min = Min;
        var max = Max;
        foreach (var pixel in pixels)
        {
            if (!float.IsNaN(pixel))
            {
                var stretched = Math.Asinh(pixel);
                min = Math.Min(min, stretched);
                max = Math.Max(max, stretched);
            }
        }

        Min = min;
        Max = max;
    }
}
