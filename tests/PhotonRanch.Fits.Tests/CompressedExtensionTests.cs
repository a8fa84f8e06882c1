namespace PhotonRanch.Fits.Tests;

/// <summary>
/// fpack of a file whose image is an IMAGE extension writes ZTENSION instead of ZSIMPLE; funpack restores an extension,
/// this library writes the same image and keywords as a primary HDU.
/// </summary>
public sealed class CompressedExtensionTests
{
    [Theory]
    [InlineData("-q 4")]
    [InlineData("-g2 -q 16")]
    public async Task CompressedImageExtensionBecomesTheSamePrimaryImage(string mode)
    {
        using var temp = new TempDirectory();
        var plain = temp.File("extension.fits");
        await WriteExtensionFileAsync(plain);
        var compressed = await Cfitsio.FpackAsync(plain, temp.File("extension.fits.fz"), mode.Split(' '));
        await Cfitsio.FunpackAsync(compressed, temp.File("funpack.fits"));
        await FitsDecompressor.DecompressFileAsync(compressed, temp.File("ours.fits"), default);

        // funpack's output: an empty primary HDU followed by the IMAGE extension.
        await using var reader = await FitsReader.OpenAsync(File.OpenRead(temp.File("funpack.fits")), leaveOpen: false, default);
        var extension = await reader.ReadFirstImageHduAsync(default);
        Assert.Equal(FitsHduKind.Image, extension.Kind);
        var funpackBytes = await File.ReadAllBytesAsync(temp.File("funpack.fits"));
        var funpackData = funpackBytes[(int)reader.DataStart..(int)(reader.DataStart + extension.DataLength)];

        var oursBytes = await File.ReadAllBytesAsync(temp.File("ours.fits"));
        var oursHeader = await FitsHeader.ReadAsync(new MemoryStream(oursBytes), default);
        var oursDataStart = FitsWriter.EncodeHeader(oursHeader).Length;
        Assert.True(funpackData.AsSpan().SequenceEqual(oursBytes.AsSpan(oursDataStart, (int)extension.DataLength)), "data differ");

        Assert.Equal(Cards(FitsImageHeader.AsPrimary(extension.Header)), Cards(oursHeader));
        Assert.Equal(extension.Header.GetString("DATASUM")!.Trim(), oursHeader.GetString("DATASUM"));
        Assert.Equal("SCI", oursHeader.GetString("EXTNAME"));

        var (errors, _, report) = await Cfitsio.VerifyAsync(temp.File("ours.fits"));
        Assert.True(errors == 0, report);
        Assert.DoesNotContain("checksum", report, StringComparison.OrdinalIgnoreCase);
    }

    private static List<string> Cards(FitsHeader header) =>
        header.Where(c => c.Keyword is not ("CHECKSUM" or "DATASUM") && !(c.IsCommentary && c.Keyword.Length == 0))
            .Select(c => $"{c.Keyword}|{c.Kind}|{c.Value}|{c.Comment}")
            .ToList();

    private static async Task WriteExtensionFileAsync(string path)
    {
        await using var stream = File.Create(path);
        await FitsWriter.WriteHeaderAsync(stream, new FitsHeader
        {
            FitsCard.Create("SIMPLE", true),
            FitsCard.Create("BITPIX", 8L),
            FitsCard.Create("NAXIS", 0L),
            FitsCard.Create("EXTEND", true),
            FitsCard.Create("ORIGIN", "tests"),
        }, default);

        var header = FitsWriter.CreateImageHeader(-32, [100, 40]);
        header.Remove("SIMPLE");
        header.Insert(0, FitsCard.Create("XTENSION", "IMAGE", "image extension"));
        header.Add(FitsCard.Create("PCOUNT", 0L));
        header.Add(FitsCard.Create("GCOUNT", 1L));
        header.Add(FitsCard.Create("EXTNAME", "SCI"));
        header.Add(FitsCard.Create("FILTER", "gp"));
        await FitsWriter.WriteHeaderAsync(stream, header, default);

        var random = new Random(3);
        var data = new byte[100 * 40 * 4];
        for (var i = 0; i < 100 * 40; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteSingleBigEndian(data.AsSpan(i * 4), i % 51 == 0 ? float.NaN : (float)(100 + (random.NextDouble() * 10)));
        }

        await stream.WriteAsync(data);
        await stream.WriteAsync(new byte[(2880 - (data.Length % 2880)) % 2880]);
    }
}
