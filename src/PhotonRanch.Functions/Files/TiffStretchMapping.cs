namespace PhotonRanch.Functions.Files;

/// <summary>
/// Maps an image's values to 16-bit TIFF samples as the original's <c>create_tiff</c> did: <c>arcsinh</c> takes
/// asinh of every value, subtracts the minimum and scales the maximum to 65535, truncating to integers (numpy's
/// <c>astype(uint16)</c>); <c>linear</c> keeps the values, rounded and held to 0…65535 so they fit 16 bits. Undefined
/// (NaN) pixels are left out of the minimum and maximum and become 0.
/// </summary>
public sealed class TiffStretchMapping
{
    private readonly TiffStretch _stretch;
    private readonly double _offset;
    private readonly double _scale;

    private TiffStretchMapping(TiffStretch stretch, double offset, double scale)
    {
        _stretch = stretch;
        _offset = offset;
        _scale = scale;
    }

    /// <summary>The mapping for <paramref name="pixels"/> (the whole plane: arcsinh needs its minimum and maximum).</summary>
    public static TiffStretchMapping For(ReadOnlySpan<float> pixels, TiffStretch stretch)
    {
        if (stretch == TiffStretch.Linear)
        {
            return new TiffStretchMapping(stretch, 0, 1);
        }

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
        return new TiffStretchMapping(stretch, double.IsFinite(min) ? min : 0, range > 0 && double.IsFinite(range) ? ushort.MaxValue / range : 0);
    }

    /// <summary>Writes the samples of <paramref name="pixels"/> into <paramref name="samples"/>.</summary>
    public void Map(ReadOnlySpan<float> pixels, Span<ushort> samples)
    {
        for (var i = 0; i < pixels.Length; i++)
        {
            samples[i] = Sample(pixels[i]);
        }
    }

    private ushort Sample(float pixel)
    {
        if (float.IsNaN(pixel))
        {
            return 0;
        }

        var value = _stretch == TiffStretch.Linear
            ? Math.Round((double)pixel, MidpointRounding.AwayFromZero)
            : Math.Floor((Math.Asinh(pixel) - _offset) * _scale);
        return (ushort)Math.Clamp(value, 0, ushort.MaxValue);
    }
}
