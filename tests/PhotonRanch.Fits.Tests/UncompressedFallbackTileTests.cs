using System.Buffers.Binary;

namespace PhotonRanch.Fits.Tests;

/// <summary>
/// Float tiles that could not be quantized were stored by CFITSIO before 2011 as raw IEEE values in an
/// UNCOMPRESSED_DATA column, with an empty COMPRESSED_DATA entry (Tiled Image Compression Convention §5.2; later
/// versions use GZIP_COMPRESSED_DATA). Current fpack no longer writes them, so these tests turn some tiles of a real
/// fpack file into such tiles and compare the result with funpack and with the original pixels.
/// </summary>
public sealed class UncompressedFallbackTileTests
{
    [Theory]
    [InlineData("float32-nan-300x200", "-q 4", "1PE")]
    [InlineData("float32-nan-300x200", "-g2 -qz 16", "1QE")]
    [InlineData("float64-nan-150x100", "-q 4", "1PD")]
    public async Task QuantizedImageWithUncompressedTilesMatchesFunpackAndTheOriginalPixels(string image, string mode, string form)
    {
        using var temp = new TempDirectory();
        var (compressed, quantized) = await StreamingTests.PackAsync(temp, image, mode);
        var original = FitsAssert.ReadData(temp.File("image.fits"));
        var file = CompressedFile.Load(compressed);
        Assert.Equal(1, file.TableHeader.GetInt64("ZTILE2"));
        var width = (int)file.TableHeader.GetInt64("ZNAXIS1")!.Value;
        var pixelBytes = Math.Abs((int)file.TableHeader.GetInt64("ZBITPIX")!.Value) / 8;
        var rowBytes = width * pixelBytes;

        // With fpack's row-by-row tiling, tile r is image row r.
        bool IsFallback(int row) => row % 7 == 0 || row == file.Rows - 1;
        var rewritten = file.Rewrite(
            row => IsFallback(row)
                ? new TileContent(original.AsSpan(row * rowBytes, rowBytes).ToArray(), Uncompressed: true)
                : new TileContent(file.CompressedTile(row)),
            form);
        var fallback = temp.File("fallback.fits.fz");
        await File.WriteAllBytesAsync(fallback, rewritten);

        await Cfitsio.FunpackAsync(fallback, temp.File("fallback-funpack.fits"));
        await FitsDecompressor.DecompressFileAsync(fallback, temp.File("ours.fits"), default);
        FitsAssert.SameData(temp.File("fallback-funpack.fits"), temp.File("ours.fits"));
        FitsAssert.EquivalentHeaders(temp.File("fallback-funpack.fits"), temp.File("ours.fits"));
        var (errors, _, report) = await Cfitsio.VerifyAsync(temp.File("ours.fits"));
        Assert.True(errors == 0, report);

        // Independently of funpack: fallback rows are the original pixels (NaN stays NaN), the other rows are the
        // quantized pixels funpack wrote for the unmodified file.
        var ours = FitsAssert.ReadData(temp.File("ours.fits"));
        var unmodified = FitsAssert.ReadData(quantized);
        var fallbackRowsDifferingFromQuantized = 0;
        for (var row = 0; row < file.Rows; row++)
        {
            var actual = ours.AsSpan(row * rowBytes, rowBytes);
            if (!IsFallback(row))
            {
                Assert.True(actual.SequenceEqual(unmodified.AsSpan(row * rowBytes, rowBytes)), $"row {row} differs from the quantized image");
                continue;
            }

            for (var x = 0; x < width; x++)
            {
                var at = x * pixelBytes;
                var expected = original.AsSpan((row * rowBytes) + at, pixelBytes);
                var pixel = actual.Slice(at, pixelBytes);
                if (IsNaN(expected))
                {
                    Assert.True(IsNaN(pixel), $"row {row}, pixel {x}: the original NaN is not NaN");
                }
                else
                {
                    Assert.True(pixel.SequenceEqual(expected), $"row {row}, pixel {x} differs from the original");
                }
            }

            fallbackRowsDifferingFromQuantized += actual.SequenceEqual(unmodified.AsSpan(row * rowBytes, rowBytes)) ? 0 : 1;
        }

        // Quantization is lossy, so a fallback row read from COMPRESSED_DATA by mistake would be caught.
        Assert.True(fallbackRowsDifferingFromQuantized > 0, "no fallback row differs from the quantized image");
    }

    private static bool IsNaN(ReadOnlySpan<byte> pixel) => pixel.Length == 4
        ? float.IsNaN(BinaryPrimitives.ReadSingleBigEndian(pixel))
        : double.IsNaN(BinaryPrimitives.ReadDoubleBigEndian(pixel));
}
