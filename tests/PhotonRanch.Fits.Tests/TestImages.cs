namespace PhotonRanch.Fits.Tests;

/// <summary>Deterministic synthetic images (sky noise, a few bright sources, edge values), written with our writer.</summary>
internal static class TestImages
{
    public static readonly string[] Names =
    [
        "int16-300x200", "int16-4099x3", "int16-1x1", "uint16-257x129", "int32-200x150", "uint32-100x80", "uint8-123x77",
        "int16-cube-40x30x5", "float32-300x200", "float32-nan-300x200", "float32-4099x3", "float32-1x1",
        "float32-zeros-nan-211x97", "float32-constant-rows-128x64", "float64-nan-150x100",
    ];

    /// <summary>Non-negative "mask" images (runs of zeros and small labels), the kind PLIO_1 is designed for.</summary>
    public static readonly string[] MaskNames = ["mask8-150x100", "mask16-150x100", "umask16-150x100"];

    public static async Task WriteAsync(string name, string path)
    {
        var extra = StandardCards();
        await using var stream = File.Create(path);
        var (kind, axes) = Parse(name);
        var count = (int)axes.Aggregate(1L, (p, n) => p * n);
        var random = new Random((int)(StableHash(name) & 0x7FFF) ^ count);
        switch (kind)
        {
            case "int16":
                await FitsWriter.WriteImageAsync(stream, Noise(random, count, 1000, 30).Select((v, i) => i == 5 ? short.MinValue : i == 6 ? short.MaxValue : (short)Math.Clamp(v, short.MinValue, short.MaxValue)).ToArray(), axes, extra, default);
                break;
            case "uint16":
                await FitsWriter.WriteImageAsync(stream, Noise(random, count, 40000, 3000).Select((v, i) => i == 3 ? ushort.MaxValue : i == 4 ? (ushort)0 : (ushort)Math.Clamp(v, 0, ushort.MaxValue)).ToArray(), axes, extra, default);
                break;
            case "int32":
                await FitsWriter.WriteImageAsync(stream, Noise(random, count, 100000, 5000).Select((v, i) => i == 7 ? int.MinValue : i == 8 ? int.MaxValue : (int)v).ToArray(), axes, extra, default);
                break;
            case "uint32":
                await FitsWriter.WriteImageAsync(stream, Noise(random, count, 3e9, 1e6).Select((v, i) => i == 3 ? uint.MaxValue : i == 4 ? 0u : (uint)Math.Clamp(v, 0, uint.MaxValue)).ToArray(), axes, extra, default);
                break;
            case "mask8":
            case "mask16":
            case "umask16":
                var labels = Enumerable.Range(0, count).Select(i => (i / 37) % 3 == 0 ? 0 : ((i / 500) % 7) + 1 + (i % 11 == 0 ? random.Next(4) : 0)).ToArray();
                var task = kind switch
                {
                    "mask8" => FitsWriter.WriteImageAsync(stream, labels.Select(v => (byte)v).ToArray(), axes, extra, default),
                    "mask16" => FitsWriter.WriteImageAsync(stream, labels.Select(v => (short)(v * 300)).ToArray(), axes, extra, default),
                    _ => FitsWriter.WriteImageAsync(stream, labels.Select(v => (ushort)(v == 0 ? 0 : 40000 + v)).ToArray(), axes, extra, default),
                };
                await task;
                break;
            case "uint8":
                await FitsWriter.WriteImageAsync(stream, Noise(random, count, 120, 20).Select(v => (byte)Math.Clamp(v, 0, 255)).ToArray(), axes, extra, default);
                break;
            case "float32":
                var floats = Noise(random, count, 100, 5).Select(v => (float)v).ToArray();
                if (name.Contains("-nan", StringComparison.Ordinal))
                {
                    for (var i = 3; i < count; i += 37)
                    {
                        floats[i] = float.NaN;
                    }
                }

                if (name.Contains("zeros", StringComparison.Ordinal))
                {
                    for (var i = 1; i < count; i += 29)
                    {
                        floats[i] = 0f;
                    }
                }

                if (name.Contains("constant-rows", StringComparison.Ordinal))
                {
                    // Rows of identical pixels have no noise, so CFITSIO cannot quantize them and stores the tile
                    // losslessly in GZIP_COMPRESSED_DATA (Tiled Image Compression Convention §5.2).
                    Array.Fill(floats, 42.5f, 0, (int)axes[0] * 10);
                }

                await FitsWriter.WriteImageAsync(stream, floats, axes, extra, default);
                break;
            case "float64":
                var doubles = Noise(random, count, 1e4, 20).ToArray();
                for (var i = 11; i < count; i += 53)
                {
                    doubles[i] = double.NaN;
                }

                await FitsWriter.WriteImageAsync(stream, doubles, axes, extra, default);
                break;
            default:
                throw new ArgumentException(name);
        }
    }

    public static bool IsFloat(string name) => name.StartsWith("float", StringComparison.Ordinal);

    /// <summary>
    /// 32-bit FNV-1a over the UTF-8 bytes of <paramref name="text"/>: the same value in every process, unlike
    /// <see cref="string.GetHashCode()"/>, which .NET randomizes per process.
    /// </summary>
    internal static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }

    private static (string Kind, long[] Axes) Parse(string name)
    {
        var parts = name.Split('-');
        var axes = parts[^1].Split('x').Select(long.Parse).ToArray();
        return (parts[0], axes);
    }

    private static IEnumerable<double> Noise(Random random, int count, double mean, double sigma)
    {
        for (var i = 0; i < count; i++)
        {
            // Box–Muller normal noise plus an occasional bright "star".
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            var value = mean + (sigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
            if (random.Next(500) == 0)
            {
                value += sigma * 200;
            }

            yield return value;
        }
    }

    private static List<FitsCard> StandardCards() =>
    [
        FitsCard.Create("OBJECT", "M31", "target"),
        FitsCard.Create("FILTER", "rp", "filter name"),
        FitsCard.Create("EXPTIME", 30.5, "exposure time [s]"),
        FitsCard.Create("GAIN", 2L),
        FitsCard.Create("SMARTCAM", true),
        FitsCard.Create("CPLXVAL", new FitsComplex(1.5, -2.25)),
        FitsCard.Create("LONGSTR", "This string is deliberately longer than sixty-eight characters so that it needs the CONTINUE convention of FITS 4.0 section 4.2.1.2.", "long one"),
        FitsCard.Create("ESO DET CHIP TEMP", -120.25, "HIERARCH card"),
        FitsCard.Create("UNDEFVAL", null, "no value"),
        FitsCard.CreateCommentary("COMMENT", "A comment card."),
        FitsCard.CreateCommentary("HISTORY", "Written by PhotonRanch.Fits tests."),
    ];
}
