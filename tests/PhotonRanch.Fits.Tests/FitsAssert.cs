using System.Text;

namespace PhotonRanch.Fits.Tests;

/// <summary>Comparisons of plain single-HDU FITS files, parsed independently of the library's data path.</summary>
internal static class FitsAssert
{
    private static readonly HashSet<string> IgnoredKeywords = ["CHECKSUM", "DATASUM"];

    public static void SameData(string expectedPath, string actualPath)
    {
        var (expectedHeader, expectedData) = Split(File.ReadAllBytes(expectedPath));
        var (actualHeader, actualData) = Split(File.ReadAllBytes(actualPath));
        Assert.Equal(DataLength(expectedHeader), DataLength(actualHeader));
        var length = DataLength(expectedHeader);
        Assert.True(expectedData.Length >= length && actualData.Length >= length, "data unit shorter than NAXISn/BITPIX say");
        for (var i = 0; i < length; i++)
        {
            if (expectedData[i] != actualData[i])
            {
                Assert.Fail($"data differ first at byte {i} (pixel {i / Math.Abs(BitPix(expectedHeader) / 8)}): expected {expectedData[i]:X2}, actual {actualData[i]:X2}");
            }
        }

        Assert.Equal(0, actualData.Length % 2880);
        Assert.True(actualData.AsSpan((int)length).IndexOfAnyExcept((byte)0) < 0, "data fill must be zero bytes");
    }

    public static bool DataEqual(string firstPath, string secondPath)
    {
        var (firstHeader, firstData) = Split(File.ReadAllBytes(firstPath));
        var (_, secondData) = Split(File.ReadAllBytes(secondPath));
        var length = (int)DataLength(firstHeader);
        return firstData.AsSpan(0, length).SequenceEqual(secondData.AsSpan(0, Math.Min(length, secondData.Length)));
    }

    /// <summary>
    /// Defined pixels must equal the reference bit for bit; pixels written as the null NaN pattern must be NaN in the
    /// original image, and every NaN of the original must be null.
    /// </summary>
    public static void SameDataExceptNulls(string referencePath, string actualPath, string originalPath)
    {
        var (referenceHeader, referenceData) = Split(File.ReadAllBytes(referencePath));
        var (_, actualData) = Split(File.ReadAllBytes(actualPath));
        var (_, originalData) = Split(File.ReadAllBytes(originalPath));
        var size = Math.Abs(BitPix(referenceHeader)) / 8;
        var pixels = DataLength(referenceHeader) / size;
        var nulls = 0;
        for (var p = 0; p < pixels; p++)
        {
            var actual = actualData.AsSpan((int)(p * size), size);
            var original = originalData.AsSpan((int)(p * size), size);
            var originalIsNaN = size == 4
                ? float.IsNaN(System.Buffers.Binary.BinaryPrimitives.ReadSingleBigEndian(original))
                : double.IsNaN(System.Buffers.Binary.BinaryPrimitives.ReadDoubleBigEndian(original));
            if (actual.IndexOfAnyExcept((byte)0xFF) < 0)
            {
                Assert.True(originalIsNaN, $"pixel {p} is null but the original is not NaN");
                nulls++;
                continue;
            }

            Assert.False(originalIsNaN, $"pixel {p} is NaN in the original but not null");
            Assert.True(actual.SequenceEqual(referenceData.AsSpan((int)(p * size), size)), $"pixel {p} differs from the reference");
        }

        Assert.True(nulls > 0, "the image was expected to contain null pixels");
    }

    /// <summary>
    /// Same cards, values and comments, ignoring CHECKSUM/DATASUM (their comments carry funpack's timestamp);
    /// when <paramref name="sameDataSum"/> is set the DATASUM values must be equal too.
    /// </summary>
    public static void EquivalentHeaders(string expectedPath, string actualPath, bool sameDataSum = true)
    {
        var expectedFile = File.ReadAllBytes(expectedPath);
        var actualFile = File.ReadAllBytes(actualPath);
        Assert.Equal(Cards(expectedFile), Cards(actualFile));
        if (sameDataSum)
        {
            var expectedSum = Split(expectedFile).Header.GetString("DATASUM");
            Assert.NotNull(expectedSum);
            Assert.Equal(expectedSum.Trim(), Split(actualFile).Header.GetString("DATASUM")?.Trim());
        }
    }

    private static List<string> Cards(byte[] file)
    {
        var (header, _) = Split(file);
        return header
            .Where(c => !(c.IsCommentary && c.Keyword.Length == 0 && string.IsNullOrWhiteSpace(c.Comment)) && !IgnoredKeywords.Contains(c.Keyword))
            .Select(c => $"{c.Keyword}|{c.Kind}|{Format(c.Value)}|{c.Comment}")
            .ToList();
    }

    private static string Format(object? value) => value switch
    {
        double d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        null => "<null>",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
    };

    /// <summary>The data unit of a plain single-HDU FITS file, fill included.</summary>
    public static byte[] ReadData(string path) => Split(File.ReadAllBytes(path)).Data;

    private static (FitsHeader Header, byte[] Data) Split(byte[] file)
    {
        for (var offset = 0; offset + 80 <= file.Length; offset += 80)
        {
            if (Encoding.ASCII.GetString(file, offset, 80).TrimEnd() == "END")
            {
                var dataStart = ((offset / 2880) + 1) * 2880;
                var text = Encoding.ASCII.GetString(file, 0, offset + 80);
                var header = FitsHeader.ParseText(text);
                return (header, file[dataStart..]);
            }
        }

        throw new InvalidOperationException("no END card");
    }

    private static int BitPix(FitsHeader header) => (int)header.GetInt64("BITPIX")!.Value;

    private static long DataLength(FitsHeader header)
    {
        var naxis = header.GetInt64("NAXIS")!.Value;
        long pixels = naxis == 0 ? 0 : 1;
        for (var i = 1; i <= naxis; i++)
        {
            pixels *= header.GetInt64("NAXIS" + i)!.Value;
        }

        return pixels * Math.Abs(BitPix(header)) / 8;
    }
}
