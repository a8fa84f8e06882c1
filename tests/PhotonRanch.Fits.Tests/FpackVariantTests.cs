namespace PhotonRanch.Fits.Tests;

/// <summary>
/// Guards against vacuous round-trip tests: checks that fpack really produced the variant a test case is meant to cover.
/// </summary>
public sealed class FpackVariantTests
{
    [Theory]
    [InlineData("float32-constant-rows-128x64", "-q 4", "GZIP_COMPRESSED_DATA", "SUBTRACTIVE_DITHER_1", "RICE_1")]
    [InlineData("float32-300x200", "-d", "UNCOMPRESSED_DATA", "SUBTRACTIVE_DITHER_1", "NOCOMPRESS")]
    [InlineData("int16-300x200", "-d", "UNCOMPRESSED_DATA", null, "NOCOMPRESS")]
    [InlineData("float32-zeros-nan-211x97", "-qz 4", null, "SUBTRACTIVE_DITHER_2", "RICE_ONE")]
    [InlineData("float32-300x200", "-q0 4", null, "NO_DITHER", "RICE_1")]
    [InlineData("float32-300x200", "-g1 -q 0", null, "NONE", "GZIP_1")]
    [InlineData("float32-zeros-nan-211x97", "-g1 -qz 16", null, "SUBTRACTIVE_DITHER_2", "GZIP_1")]
    [InlineData("float32-zeros-nan-211x97", "-g2 -qz 4", null, "SUBTRACTIVE_DITHER_2", "GZIP_2")]
    [InlineData("float32-300x200", "-g2 -q 16", null, "SUBTRACTIVE_DITHER_1", "GZIP_2")]
    [InlineData("float32-300x200", "-h -q 16", null, "SUBTRACTIVE_DITHER_1", "HCOMPRESS_1")]
    [InlineData("int16-300x200", "-h", null, null, "HCOMPRESS_1")]
    [InlineData("int16-300x200", "-g2 -t 17,5", null, null, "GZIP_2")]
    [InlineData("umask16-150x100", "-p", null, null, "PLIO_1")]
    public async Task FpackProducesTheCoveredVariant(string image, string mode, string? fallbackColumn, string? quantize, string algorithm)
    {
        using var temp = new TempDirectory();
        var plain = temp.File("image.fits");
        await TestImages.WriteAsync(image, plain);
        var file = CompressedFile.Load(await Cfitsio.FpackAsync(plain, temp.File("image.fits.fz"), mode.Split(' ')));
        var header = file.TableHeader;

        Assert.Equal(algorithm, header.GetString("ZCMPTYPE"));
        Assert.Equal(quantize, header.GetString("ZQUANTIZ"));
        var columns = Enumerable.Range(1, (int)header.GetInt64("TFIELDS")!.Value).Select(n => header.GetString("TTYPE" + n)).ToList();
        if (fallbackColumn is null)
        {
            return;
        }

        Assert.Contains(fallbackColumn, columns);
        var emptyTiles = Enumerable.Range(0, file.Rows).Count(row => file.Descriptor(row).Count == 0);
        Assert.True(emptyTiles >= 10, $"only {emptyTiles} tiles are stored in {fallbackColumn}");
    }
}
