using System.Text;

namespace PhotonRanch.Fits.Tests;

/// <summary>
/// fpack never sets the HCOMPRESS SMOOTH option, but readers must honour it (ZNAME2 = 'SMOOTH', ZVAL2 = 1): smoothing
/// happens while decompressing, so flipping ZVAL2 in a real fpack file gives a valid file that funpack smooths.
/// </summary>
public sealed class HcompressSmoothingTests
{
    [Theory]
    [InlineData("int16-300x200", "-h -s 4")]
    [InlineData("int32-200x150", "-h -s 8 -t 64,64")]
    [InlineData("float32-300x200", "-h -s 2 -q 4")]
    public async Task SmoothedDecompressionMatchesFunpack(string image, string mode)
    {
        using var temp = new TempDirectory();
        var plain = temp.File("image.fits");
        await TestImages.WriteAsync(image, plain);
        var compressed = await Cfitsio.FpackAsync(plain, temp.File("image.fits.fz"), mode.Split(' '));
        var bytes = await File.ReadAllBytesAsync(compressed);
        const string NoSmoothing = "ZVAL2   =                    0";
        var at = Encoding.Latin1.GetString(bytes).IndexOf(NoSmoothing, StringComparison.Ordinal);
        Assert.True(at > 0, "fpack output has no SMOOTH parameter");
        bytes[at + NoSmoothing.Length - 1] = (byte)'1';
        var smoothed = temp.File("smoothed.fits.fz");
        await File.WriteAllBytesAsync(smoothed, bytes);

        await Cfitsio.FunpackAsync(smoothed, temp.File("funpack.fits"));
        await FitsDecompressor.DecompressFileAsync(smoothed, temp.File("ours.fits"), default);
        FitsAssert.SameData(temp.File("funpack.fits"), temp.File("ours.fits"));

        // Smoothing must actually change something, or this test would prove nothing.
        await Cfitsio.FunpackAsync(compressed, temp.File("unsmoothed.fits"));
        Assert.False(FitsAssert.DataEqual(temp.File("unsmoothed.fits"), temp.File("funpack.fits")), "smoothing changed nothing");
    }
}
