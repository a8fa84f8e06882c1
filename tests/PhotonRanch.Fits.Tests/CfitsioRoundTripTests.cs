namespace PhotonRanch.Fits.Tests;

/// <summary>
/// Compress images with the real fpack, decompress with this library and with the real funpack, and require
/// bit-identical data, equivalent headers and a clean fitsverify report.
/// </summary>
public sealed class CfitsioRoundTripTests
{
    private static readonly string[] IntegerModes =
    [
        "-r", "-g1", "-g2", "-d", "-h", "-r -t 64,32", "-g2 -t 17,5", "-r -w", "-h -t 64,64", "-i2f -q 4", "-h -s 4", "-r -t 64,1",
    ];

    // Each algorithm × {SUBTRACTIVE_DITHER_1 (-q), SUBTRACTIVE_DITHER_2 (-qz)} × {q 4, q 16}, except that CFITSIO
    // refuses SUBTRACTIVE_DITHER_2 with HCOMPRESS_1 (fpack falls back to dither 1), plus the other variants.
    private static readonly string[] FloatModes =
    [
        "-q 4", "-q 16", "-qz 4", "-qzt 16",
        "-g1 -q 4", "-g1 -q 16", "-g1 -qz 4", "-g1 -qz 16",
        "-g2 -q 4", "-g2 -q 16", "-g2 -qz 4", "-g2 -qz 16",
        "-h -q 4", "-h -q 16",
        "-qt 4", "-q0 4", "-q -0.01", "-g1 -q 0", "-d", "-r -t 100,50 -q 4", "-qz 4 -t 37,11",
    ];

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var image in TestImages.Names)
        {
            var modes = TestImages.IsFloat(image) ? FloatModes : IntegerModes;
            foreach (var mode in modes)
            {
                // fpack itself refuses these: HCOMPRESS needs 2-D tiles of at least 4 × 4 pixels,
                // NOCOMPRESS supports only 16- and 32-bit integers and 32-bit floats.
                if (mode.StartsWith("-h", StringComparison.Ordinal) && (image.Contains("cube", StringComparison.Ordinal) || image.EndsWith("x1", StringComparison.Ordinal) || image.EndsWith("x3", StringComparison.Ordinal)))
                {
                    continue;
                }

                if (mode == "-d" && (image.StartsWith("uint8", StringComparison.Ordinal) || image.StartsWith("float64", StringComparison.Ordinal)))
                {
                    continue;
                }

                // funpack fails on lossy HCOMPRESS of 8-bit images (its values overflow the byte range).
                if (mode == "-h -s 4" && image.StartsWith("uint8", StringComparison.Ordinal))
                {
                    continue;
                }

                data.Add(image, mode);
            }
        }

        foreach (var image in TestImages.MaskNames)
        {
            foreach (var mode in (string[])["-p", "-p -t 50,20", "-r", "-g2"])
            {
                data.Add(image, mode);
            }
        }

        data.Add("int16-cube-40x30x5", "-r -t 16,16,2");
        data.Add("int16-cube-40x30x5", "-g1 -t 40,30,1");
        data.Add("int16-cube-40x30x5", "-r -t 40,1,5");
        data.Add("int16-cube-40x30x5", "-g1 -t 7,30,2");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task DecompressMatchesFunpack(string image, string mode)
    {
        using var temp = new TempDirectory();
        var plain = temp.File("image.fits");
        await TestImages.WriteAsync(image, plain);
        var compressed = await Cfitsio.FpackAsync(plain, temp.File("image.fits.fz"), mode.Split(' '));
        var expected = temp.File("funpack.fits");
        await Cfitsio.FunpackAsync(compressed, expected);
        var ours = temp.File("ours.fits");
        await FitsDecompressor.DecompressFileAsync(compressed, ours, default);

        var funpackMisplacesNulls = image.Contains("nan", StringComparison.Ordinal) && mode.Contains("-t", StringComparison.Ordinal);
        if (funpackMisplacesNulls)
        {
            // funpack writes a tile that contains null pixels as if the tile were a contiguous run of image pixels
            // (CFITSIO imcompress.c fits_read_write_compressed_img, "this assumes that the tiled pixels are in the
            // same order as in the uncompressed FITS image"), which scrambles non-row tiles. imcopy reads through
            // fits_read_pix, which places tiles correctly but does not substitute nulls, so it is the reference for
            // every defined pixel; null pixels must be exactly the NaNs of the original image.
            var reference = temp.File("imcopy.fits");
            await Cfitsio.RunAsync("imcopy", compressed + "[1]", reference);
            FitsAssert.SameDataExceptNulls(reference, ours, plain);
        }
        else
        {
            FitsAssert.SameData(expected, ours);
        }

        FitsAssert.EquivalentHeaders(expected, ours, sameDataSum: !funpackMisplacesNulls);
        var (errors, _, report) = await Cfitsio.VerifyAsync(ours);
        Assert.True(errors == 0, report);
        Assert.DoesNotContain("checksum", report, StringComparison.OrdinalIgnoreCase);
    }
}
