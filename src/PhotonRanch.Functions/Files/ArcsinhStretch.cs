namespace PhotonRanch.Functions.Files;

/// <summary>
/// Maps an image's values to 16-bit TIFF samples as the original's <c>create_tiff</c> did for <c>arcsinh</c>: asinh of
/// every value, minus the minimum, scaled so the maximum is 65535, truncated to integers (numpy's
/// <c>astype(uint16)</c>). Undefined (NaN) pixels are left out of the minimum and maximum and become 0.
/// </summary>
public sealed class ArcsinhStretch
{
    private readonly double _offset;
    private readonly double _scale;

    private ArcsinhStretch(double offset, double scale)
    {
        _offset = offset;
        _scale = scale;
    }

    /// <summary>The stretch for <paramref name="pixels"/> (the whole plane: it needs its minimum and maximum).</summary>
    public static ArcsinhStretch For(ReadOnlySpan<float> pixels)
    {
        var min = double.PositiveInfinity;
        var max = double.NegativeInfinity;
        foreach (var pixel in pixels)
        {
            if (!float.IsNaN(pixel))
            {
                var stretched = Math.Asinh(pixel);
                min = Math.Min(min, stretched);
                max = Math.Max(max, stretched);
            }
        }

        var range = max - min;
        return new ArcsinhStretch(double.IsFinite(min) ? min : 0, range > 0 && double.IsFinite(range) ? ushort.MaxValue / range : 0);
    }

    /// <summary>Writes the samples of <paramref name="pixels"/> into <paramref name="samples"/>.</summary>
    public void Map(ReadOnlySpan<float> pixels, Span<ushort> samples)
    {
        for (var i = 0; i < pixels.Length; i++)
        {
            samples[i] = float.IsNaN(pixels[i])
                ? (ushort)0
                : (ushort)Math.Clamp(Math.Floor((Math.Asinh(pixels[i]) - _offset) * _scale), 0, ushort.MaxValue);
        }
    }
}
