using System.Buffers.Binary;

namespace PhotonRanch.Fits.Tests;

/// <summary>
/// RICE_1 with a BLOCKSIZE (ZVAL1) other than the 32 fpack always writes: the tiles of a real fpack file are
/// re-encoded with <see cref="RiceEncoder"/>, ZVAL1 is changed, and funpack must read the file back to the original
/// image, bit for bit like this library.
/// </summary>
public sealed class RiceBlockSizeTests
{
    [Theory]
    [InlineData("uint8-123x77", 1, 16)]
    [InlineData("int16-300x200", 2, 16)]
    [InlineData("uint16-257x129", 2, 16)]
    [InlineData("int32-200x150", 4, 16)]
    [InlineData("int32-200x150", 4, 7)]
    public async Task OtherBlockSizeMatchesFunpack(string image, int bytePix, int blockSize)
    {
        using var temp = new TempDirectory();
        var (compressed, expected) = await StreamingTests.PackAsync(temp, image, "-r");
        var file = CompressedFile.Load(compressed);
        Assert.Equal(32, file.TableHeader.GetInt64("ZVAL1"));
        Assert.Equal(bytePix, file.TableHeader.GetInt64("ZVAL2"));
        Assert.Equal(1, file.TableHeader.GetInt64("ZTILE2"));
        var original = FitsAssert.ReadData(temp.File("image.fits"));
        var width = (int)file.TableHeader.GetInt64("ZNAXIS1")!.Value;
        var pixelBytes = (int)file.TableHeader.GetInt64("ZBITPIX")!.Value / 8;

        // With fpack's row-by-row tiling, tile r is image row r; its stored (BZERO-less) integers are re-encoded.
        var rewritten = file.Rewrite(
            row => new TileContent(RiceEncoder.Encode(StoredValues(original.AsSpan(row * width * pixelBytes, width * pixelBytes), pixelBytes), blockSize, bytePix)),
            editHeader: header => header.Set("ZVAL1", (long)blockSize));
        var recoded = temp.File("recoded.fits.fz");
        await File.WriteAllBytesAsync(recoded, rewritten);
        Assert.NotEqual(file.CompressedTile(0), CompressedFile.Load(recoded).CompressedTile(0));

        await Cfitsio.FunpackAsync(recoded, temp.File("recoded-funpack.fits"));
        await FitsDecompressor.DecompressFileAsync(recoded, temp.File("ours.fits"), default);
        FitsAssert.SameData(temp.File("recoded-funpack.fits"), temp.File("ours.fits"));
        FitsAssert.EquivalentHeaders(temp.File("recoded-funpack.fits"), temp.File("ours.fits"));

        // RICE_1 is lossless: both equal funpack's output of fpack's own BLOCKSIZE 32 file.
        FitsAssert.SameData(expected, temp.File("ours.fits"));
    }

    private static int[] StoredValues(ReadOnlySpan<byte> row, int pixelBytes)
    {
        var values = new int[row.Length / pixelBytes];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = pixelBytes switch
            {
                1 => row[i],
                2 => BinaryPrimitives.ReadInt16BigEndian(row[(i * 2)..]),
                _ => BinaryPrimitives.ReadInt32BigEndian(row[(i * 4)..]),
            };
        }

        return values;
    }
}
