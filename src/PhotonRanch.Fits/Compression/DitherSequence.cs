namespace PhotonRanch.Fits.Compression;

/// <summary>
/// The 10 000-entry sequence of uniform random numbers shared by all implementations of subtractive dithering
/// (Tiled Image Compression Convention §5.1 / CFITSIO imcompress.c fits_init_randoms): the Park–Miller
/// "minimal standard" generator (a = 16807, m = 2^31 − 1, seed 1), each value stored as a 32-bit float.
/// </summary>
internal static class DitherSequence
{
    /// <summary>Number of values in the sequence.</summary>
    public const int Length = 10_000;

    /// <summary>The values, in order; <c>Values[0]</c> is the first random number.</summary>
    public static readonly float[] Values = Generate();

    private static float[] Generate()
    {
        const double a = 16807.0;
        const double m = 2147483647.0;
        var values = new float[Length];
        var seed = 1.0;
        for (var i = 0; i < Length; i++)
        {
            var temp = a * seed;
            seed = temp - (m * (int)(temp / m));
            values[i] = (float)(seed / m);
        }

        // The convention gives this check value for the 10 000th seed.
        if ((int)seed != 1043618065)
        {
            throw new InvalidOperationException("The dither random sequence does not match the Tiled Image Compression Convention.");
        }

        return values;
    }
}
