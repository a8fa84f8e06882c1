using System.IO.Compression;
using ICSharpCode.SharpZipLib.BZip2;

namespace PhotonRanch.Fits.Tests;

/// <summary>Streaming behaviour and the public API on real fpack output, checked against funpack.</summary>
public sealed class StreamingTests
{
    [Theory]
    [InlineData("float32-nan-300x200", "-q 4")]
    [InlineData("int16-300x200", "-r -t 64,32")]
    [InlineData("int16-cube-40x30x5", "-g2 -t 16,16,2")]
    public async Task DecompressesFromANonSeekableStream(string image, string mode)
    {
        using var temp = new TempDirectory();
        var (compressed, expected) = await PackAsync(temp, image, mode);
        await using var input = new ForwardOnlyStream(File.OpenRead(compressed), maxRead: 777);
        await using var output = File.Create(temp.File("ours.fits"));
        await FitsDecompressor.DecompressAsync(input, output, default);
        output.Close();
        FitsAssert.SameData(expected, temp.File("ours.fits"));
    }

    [Fact]
    public async Task DecompressesBzip2AndGzipWrappedFiles()
    {
        using var temp = new TempDirectory();
        var (compressed, expected) = await PackAsync(temp, "float32-300x200", "-q 16");
        var plain = temp.File("image.fits");

        foreach (var (name, wrap) in new (string, Func<Stream, Stream>)[]
        {
            ("image.fits.fz.bz2", s => new BZip2OutputStream(s)),
            ("image.fits.fz.gz", s => new GZipStream(s, CompressionLevel.Fastest)),
        })
        {
            await using (var file = File.Create(temp.File(name)))
            await using (var wrapper = wrap(file))
            await using (var source = File.OpenRead(compressed))
            {
                await source.CopyToAsync(wrapper);
            }

            await FitsDecompressor.DecompressFileAsync(temp.File(name), temp.File("ours.fits"), default);
            FitsAssert.SameData(expected, temp.File("ours.fits"));
        }

        // A bzip2-wrapped plain FITS file passes through unchanged.
        await using (var file = File.Create(temp.File("plain.fits.bz2")))
        await using (var bzip = new BZip2OutputStream(file))
        await using (var source = File.OpenRead(plain))
        {
            await source.CopyToAsync(bzip);
        }

        await using (var input = new ForwardOnlyStream(File.OpenRead(temp.File("plain.fits.bz2"))))
        await using (var output = File.Create(temp.File("plain-out.fits")))
        {
            await FitsDecompressor.DecompressAsync(input, output, default);
        }

        // Same cards and data; the seekable output additionally gets CHECKSUM/DATASUM.
        FitsAssert.SameData(plain, temp.File("plain-out.fits"));
        FitsAssert.EquivalentHeaders(plain, temp.File("plain-out.fits"), sameDataSum: false);
        var (errors, _, report) = await Cfitsio.VerifyAsync(temp.File("plain-out.fits"));
        Assert.True(errors == 0, report);
        Assert.DoesNotContain("checksum", report, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task HeapOutOfTileOrderIsReadBySeekingOrBuffering()
    {
        using var temp = new TempDirectory();
        var (compressed, expected) = await PackAsync(temp, "int16-300x200", "-r");
        var reversed = CompressedFile.Load(compressed).WithReversedHeap();
        await File.WriteAllBytesAsync(temp.File("reversed.fz"), reversed);

        // The crafted file is valid for CFITSIO too.
        await Cfitsio.FunpackAsync(temp.File("reversed.fz"), temp.File("reversed-funpack.fits"));
        FitsAssert.SameData(expected, temp.File("reversed-funpack.fits"));

        await FitsDecompressor.DecompressFileAsync(temp.File("reversed.fz"), temp.File("seek.fits"), default);
        FitsAssert.SameData(expected, temp.File("seek.fits"));

        await using (var input = new ForwardOnlyStream(new MemoryStream(reversed)))
        await using (var output = File.Create(temp.File("buffered.fits")))
        {
            await FitsDecompressor.DecompressAsync(input, output, default);
        }

        FitsAssert.SameData(expected, temp.File("buffered.fits"));
    }

    [Fact]
    public async Task ReadsTheImageHeaderWithoutDecompressing()
    {
        using var temp = new TempDirectory();
        var (compressed, expected) = await PackAsync(temp, "float32-nan-300x200", "-q 4");
        await using var input = new ForwardOnlyStream(File.OpenRead(compressed));

        var header = await FitsImageReader.ReadImageHeaderAsync(input, default);

        var funpackHeader = FitsHeader.ParseText(System.Text.Encoding.ASCII.GetString(await File.ReadAllBytesAsync(expected), 0, 2880 * 2));
        Assert.Equal(Normalize(funpackHeader), Normalize(header));
        Assert.Equal("rp", header.GetString("FILTER"));
        Assert.Equal(-32, header.GetInt64("BITPIX"));
        Assert.False(header.Contains("ZIMAGE"));
        Assert.Equal("M31", header.ToDictionary()["OBJECT"]);
    }

    [Theory]
    [InlineData("float32-nan-300x200", "-q 4")]
    [InlineData("uint16-257x129", "-r")]
    [InlineData("int32-200x150", "-g1")]
    public async Task ReadsRowsAsPhysicalValues(string image, string mode)
    {
        using var temp = new TempDirectory();
        var (compressed, expected) = await PackAsync(temp, image, mode);

        FitsImagePlane plane;
        await using (var input = File.OpenRead(compressed))
        {
            plane = await FitsImageReader.ReadFirstPlaneAsync(input, default);
        }

        // Reference: funpack's plain output read by the same row reader, which for a plain file only
        // applies BSCALE/BZERO; each value is also checked against the raw big-endian data.
        await using var reference = await FitsImageReader.OpenAsync(File.OpenRead(expected), leaveOpen: false, default);
        var bytes = await File.ReadAllBytesAsync(expected);
        var dataStart = 2880 * ((System.Text.Encoding.ASCII.GetString(bytes).IndexOf("END     ", StringComparison.Ordinal) / 2880) + 1);
        var bzero = reference.Header.GetDouble("BZERO") ?? 0;
        var row = new double[reference.Width];
        for (var y = 0; y < reference.Height; y++)
        {
            Assert.True(await reference.ReadRowAsync(row, default));
            for (var x = 0; x < reference.Width; x++)
            {
                var raw = RawValue(bytes.AsSpan(dataStart), reference.Bitpix, (y * reference.Width) + x) + bzero;
                Assert.Equal(raw, row[x]);
                Assert.Equal((float)raw, plane.Pixels[(y * plane.Width) + x]);
            }
        }

        Assert.False(await reference.ReadRowAsync(row, default));
        Assert.Equal("rp", plane.Filter);
    }

    [Fact]
    public async Task CancellationStopsDecompression()
    {
        using var temp = new TempDirectory();
        var (compressed, _) = await StreamingTests.PackAsync(temp, "float32-300x200", "-q 4");
        using var cancellation = new CancellationTokenSource();
        await using var output = new MemoryStream();
        await using (var input = File.OpenRead(compressed))
        {
            cancellation.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FitsDecompressor.DecompressAsync(input, output, cancellation.Token));
        }

        using var later = new CancellationTokenSource();
        long read = 0;
        await using var slow = new ForwardOnlyStream(File.OpenRead(compressed), maxRead: 4096, afterRead: count =>
        {
            if ((read += count) >= 20_000)
            {
                later.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => FitsDecompressor.DecompressAsync(slow, output, later.Token));
    }

    private static double RawValue(ReadOnlySpan<byte> data, int bitpix, int index) => bitpix switch
    {
        16 => (double)System.Buffers.Binary.BinaryPrimitives.ReadInt16BigEndian(data[(index * 2)..]),
        32 => (double)System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(data[(index * 4)..]),
        _ => (double)System.Buffers.Binary.BinaryPrimitives.ReadSingleBigEndian(data[(index * 4)..]),
    };

    private static List<string> Normalize(FitsHeader header) =>
        header.Where(c => c.Keyword is not ("CHECKSUM" or "DATASUM") && !(c.IsCommentary && c.Keyword.Length == 0))
            .Select(c => $"{c.Keyword}|{c.Value}|{c.Comment}")
            .ToList();

    internal static async Task<(string Compressed, string Expected)> PackAsync(TempDirectory temp, string image, string mode)
    {
        var plain = temp.File("image.fits");
        await TestImages.WriteAsync(image, plain);
        var compressed = await Cfitsio.FpackAsync(plain, temp.File("image.fits.fz"), mode.Split(' '));
        var expected = temp.File("funpack.fits");
        await Cfitsio.FunpackAsync(compressed, expected);
        return (compressed, expected);
    }
}
