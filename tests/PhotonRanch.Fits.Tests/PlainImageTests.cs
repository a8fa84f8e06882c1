namespace PhotonRanch.Fits.Tests;

/// <summary>Plain (uncompressed) images of every BITPIX: written by <see cref="FitsWriter"/>, checked by fitsverify, read back.</summary>
public sealed class PlainImageTests
{
    public static TheoryData<string> Types() => ["uint8", "int16", "uint16", "int32", "uint32", "int64", "float32", "float64"];

    [Theory]
    [MemberData(nameof(Types))]
    public async Task WrittenImagesVerifyAndReadBack(string type)
    {
        using var temp = new TempDirectory();
        var path = temp.File("image.fits");
        long[] axes = [37, 5];
        var expected = new double[37 * 5];
        var random = new Random(type.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = random.Next(0, 250);
        }

        expected[0] = type switch
        {
            "uint16" => ushort.MaxValue,
            "int16" => short.MinValue,
            "uint32" => uint.MaxValue,
            "int32" => int.MinValue,
            "int64" => -(1L << 52),
            "float32" => float.NaN,
            "float64" => double.NaN,
            _ => 255,
        };

        await using (var stream = File.Create(path))
        {
            IEnumerable<FitsCard> cards = [FitsCard.Create("FILTER", "V")];
            var task = type switch
            {
                "uint8" => FitsWriter.WriteImageAsync(stream, expected.Select(v => (byte)v).ToArray(), axes, cards, default),
                "int16" => FitsWriter.WriteImageAsync(stream, expected.Select(v => (short)v).ToArray(), axes, cards, default),
                "uint16" => FitsWriter.WriteImageAsync(stream, expected.Select(v => (ushort)v).ToArray(), axes, cards, default),
                "int32" => FitsWriter.WriteImageAsync(stream, expected.Select(v => (int)v).ToArray(), axes, cards, default),
                "uint32" => FitsWriter.WriteImageAsync(stream, expected.Select(v => (uint)v).ToArray(), axes, cards, default),
                "int64" => FitsWriter.WriteImageAsync(stream, expected.Select(v => (long)v).ToArray(), axes, cards, default),
                "float32" => FitsWriter.WriteImageAsync(stream, expected.Select(v => (float)v).ToArray(), axes, cards, default),
                _ => FitsWriter.WriteImageAsync(stream, expected, axes, cards, default),
            };
            await task;
        }

        var (errors, warnings, report) = await Cfitsio.VerifyAsync(path);
        Assert.True(errors == 0 && warnings == 0, report);

        await using var reader = await FitsImageReader.OpenAsync(File.OpenRead(path), leaveOpen: false, default);
        Assert.Equal(37, reader.Width);
        Assert.Equal(5, reader.Height);
        var row = new double[37];
        for (var y = 0; y < 5; y++)
        {
            Assert.True(await reader.ReadRowAsync(row, default));
            Assert.Equal(expected.AsSpan(y * 37, 37).ToArray(), row);
        }
    }

    [Fact]
    public async Task BlankIntegerPixelsReadAsNaN()
    {
        using var temp = new TempDirectory();
        var path = temp.File("blank.fits");
        await using (var stream = File.Create(path))
        {
            await FitsWriter.WriteImageAsync(stream, new short[] { 1, -999, 3, 4 }, [2, 2], [FitsCard.Create("BLANK", -999L), FitsCard.Create("BSCALE", 2.0), FitsCard.Create("BZERO", 10.0)], default);
        }

        var (errors, _, report) = await Cfitsio.VerifyAsync(path);
        Assert.True(errors == 0, report);
        await using var input = File.OpenRead(path);
        var plane = await FitsImageReader.ReadFirstPlaneAsync(input, default);
        Assert.Equal([12f, float.NaN, 16f, 18f], plane.Pixels);
    }

    // BITPIX, BSCALE/BZERO → the sample type astropy gives the data, and the little-endian samples of one row.
    [Theory]
    [InlineData(8, 1.0, -128.0, FitsSampleKind.SignedInteger, 8, new byte[] { 0x00, 0x7F, 0x80, 0xFF }, new byte[] { 0x80, 0xFF, 0x00, 0x7F })]
    [InlineData(8, 1.0, 0.0, FitsSampleKind.UnsignedInteger, 8, new byte[] { 0x00, 0x7F, 0x80, 0xFF }, new byte[] { 0x00, 0x7F, 0x80, 0xFF })]
    [InlineData(16, 1.0, 0.0, FitsSampleKind.SignedInteger, 16, new byte[] { 0xFF, 0xFE, 0x01, 0x02 }, new byte[] { 0xFE, 0xFF, 0x02, 0x01 })]
    [InlineData(16, 1.0, 32768.0, FitsSampleKind.UnsignedInteger, 16, new byte[] { 0xFF, 0xFE, 0x01, 0x02 }, new byte[] { 0xFE, 0x7F, 0x02, 0x81 })]
    [InlineData(16, 2.0, 0.0, FitsSampleKind.FloatingPoint, 32, new byte[] { 0xFF, 0xFE, 0x00, 0x01 }, new byte[] { 0x00, 0x00, 0x80, 0xC0, 0x00, 0x00, 0x00, 0x40 })]
    [InlineData(32, 1.0, 2147483648.0, FitsSampleKind.UnsignedInteger, 32, new byte[] { 0x00, 0x00, 0x00, 0x01 }, new byte[] { 0x01, 0x00, 0x00, 0x80 })]
    [InlineData(32, 1.0, 1.0, FitsSampleKind.FloatingPoint, 64, new byte[] { 0x00, 0x00, 0x00, 0x01 }, new byte[] { 0, 0, 0, 0, 0, 0, 0, 0x40 })]
    [InlineData(-32, 1.0, 0.0, FitsSampleKind.FloatingPoint, 32, new byte[] { 0xBF, 0xC0, 0x00, 0x00 }, new byte[] { 0x00, 0x00, 0xC0, 0xBF })]
    public async Task SamplesKeepTheTypeAstropyGivesTheData(int bitpix, double scale, double zero, FitsSampleKind kind, int bits, byte[] stored, byte[] expected)
    {
        var header = FitsWriter.EncodeHeader(new FitsHeader
        {
            FitsCard.Create("SIMPLE", true),
            FitsCard.Create("BITPIX", (long)bitpix),
            FitsCard.Create("NAXIS", 1L),
            FitsCard.Create("NAXIS1", (long)(stored.Length / (Math.Abs(bitpix) / 8))),
            FitsCard.Create("BSCALE", scale),
            FitsCard.Create("BZERO", zero),
        });
        using var input = new MemoryStream([.. header, .. stored, .. new byte[2880 - stored.Length]]);

        await using var reader = await FitsImageReader.OpenAsync(input, leaveOpen: false, default);
        var row = new byte[expected.Length];

        Assert.Equal(new FitsSampleType(kind, bits), reader.SampleType);
        Assert.True(await reader.ReadSamplesAsync(row, default));
        Assert.Equal(expected, row);
        Assert.False(await reader.ReadSamplesAsync(row, default));
    }

    [Fact]
    public async Task ImageExtensionBecomesAPrimaryImage()
    {
        using var temp = new TempDirectory();
        var path = temp.File("extension.fits");
        var pixels = Enumerable.Range(0, 30).Select(i => (float)(i * 1.5)).ToArray();
        await using (var stream = File.Create(path))
        {
            await FitsWriter.WriteHeaderAsync(stream, new FitsHeader
            {
                FitsCard.Create("SIMPLE", true),
                FitsCard.Create("BITPIX", 8L),
                FitsCard.Create("NAXIS", 0L),
                FitsCard.Create("EXTEND", true),
            }, default);

            var plain = new MemoryStream();
            await FitsWriter.WriteImageAsync(plain, pixels, [6, 5], [FitsCard.Create("EXTNAME", "SCI")], default);
            var bytes = plain.ToArray();
            var header = FitsWriter.EncodeHeader(new FitsHeader
            {
                FitsCard.Create("XTENSION", "IMAGE"),
                FitsCard.Create("BITPIX", -32L),
                FitsCard.Create("NAXIS", 2L),
                FitsCard.Create("NAXIS1", 6L),
                FitsCard.Create("NAXIS2", 5L),
                FitsCard.Create("PCOUNT", 0L),
                FitsCard.Create("GCOUNT", 1L),
                FitsCard.Create("EXTNAME", "SCI"),
            });
            await stream.WriteAsync(header);
            await stream.WriteAsync(bytes.AsMemory(2880));
        }

        var (errors, _, report) = await Cfitsio.VerifyAsync(path);
        Assert.True(errors == 0, report);

        var output = temp.File("primary.fits");
        await FitsDecompressor.DecompressFileAsync(path, output, default);
        (errors, _, report) = await Cfitsio.VerifyAsync(output);
        Assert.True(errors == 0, report);

        await using var input = File.OpenRead(output);
        var plane = await FitsImageReader.ReadFirstPlaneAsync(input, default);
        Assert.Equal(pixels, plane.Pixels);
        Assert.True(plane.Header.GetBoolean("SIMPLE"));
        Assert.False(plane.Header.Contains("PCOUNT"));
        Assert.Equal("SCI", plane.Header.GetString("EXTNAME"));
    }

    [Fact]
    public async Task ReadsHeaderFromAFitsStream()
    {
        using var temp = new TempDirectory();
        var path = temp.File("image.fits");
        await TestImages.WriteAsync("int16-300x200", path);
        await using var stream = File.OpenRead(path);

        var header = await FitsHeader.ReadAsync(stream, default);

        Assert.Equal(2880 * ((header.ToRecords().Length + 2879) / 2880), stream.Position);
        Assert.Equal("M31", header.GetString("OBJECT"));
        Assert.Equal(-120.25, header.GetDouble("ESO DET CHIP TEMP"));
        Assert.StartsWith("This string is deliberately longer", header.GetString("LONGSTR"), StringComparison.Ordinal);
    }
}
