using System.Text;

namespace PhotonRanch.Fits.Tests;

/// <summary>Malformed input must end in a <see cref="FitsFormatException"/> with a clear message, never another exception or a hang.</summary>
public sealed class BadInputTests
{
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("float32-300x200", "-q 4")]
    [InlineData("int16-300x200", "-g2 -t 64,32")]
    [InlineData("int16-300x200", "-h")]
    public async Task TruncatedFilesFail(string image, string mode)
    {
        using var temp = new TempDirectory();
        var (compressed, _) = await StreamingTests.PackAsync(temp, image, mode);
        var file = CompressedFile.Load(compressed);
        var bytes = file.Bytes;
        var cuts = new[] { 0, 100, 2880, file.TableHeaderStart + 500, file.DataStart + 10, file.HeapStart + 100, (file.HeapStart + bytes.Length) / 2, bytes.Length - 2881, bytes.Length - 1 };
        foreach (var cut in cuts)
        {
            var error = await DecompressFailsAsync(bytes.AsSpan(0, cut).ToArray());
            Assert.True(error.Message.Length > 20, error.Message);
        }
    }

    [Fact]
    public async Task HeaderNotPaddedToWholeBlocksFails()
    {
        using var temp = new TempDirectory();
        var (compressed, _) = await StreamingTests.PackAsync(temp, "int16-300x200", "-r");
        var bytes = await File.ReadAllBytesAsync(compressed);

        // Drop 80 bytes of the primary header's blank fill: every later block is misaligned (§3.1).
        var shifted = bytes.AsSpan(0, 2800).ToArray().Concat(bytes.Skip(2880)).ToArray();
        var error = await DecompressFailsAsync(shifted);
        Assert.Contains("XTENSION", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("BITPIX  ", "BITP1X  ", "BITPIX")]
    [InlineData("NAXIS   ", "naxis   ", "Invalid keyword")]
    [InlineData("ZNAXIS1 =                  300", "ZNAXIS1 =                  301", "tiles")]
    [InlineData("ZCMPTYPE= 'RICE_1  '", "ZCMPTYPE= 'LZW_9   '", "LZW_9")]
    [InlineData("ZCMPTYPE= 'RICE_1  '", "ZCMPTYPE= 'BZIP2_1 '", "BZIP2_1")]
    [InlineData("TFORM1  = '1PB(", "TFORM1  = '1ZB(", "data type")]
    public async Task BadKeywordsFail(string find, string replace, string expected)
    {
        using var temp = new TempDirectory();
        var (compressed, _) = await StreamingTests.PackAsync(temp, "int16-300x200", "-r");
        var bytes = await File.ReadAllBytesAsync(compressed);
        var text = Encoding.Latin1.GetString(bytes);
        var at = find.StartsWith("BITPIX", StringComparison.Ordinal) ? text.IndexOf(find, StringComparison.Ordinal) : text.IndexOf(find, 2880, StringComparison.Ordinal);
        Assert.True(at >= 0, find);
        Encoding.Latin1.GetBytes(replace).CopyTo(bytes, at);

        var error = await DecompressFailsAsync(bytes);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TileDataOverrunningTheHeapFails()
    {
        using var temp = new TempDirectory();
        var (compressed, _) = await StreamingTests.PackAsync(temp, "int16-300x200", "-r");
        var file = CompressedFile.Load(compressed);
        var (count, _) = file.Descriptor(7);
        file.SetDescriptor(7, count, (long)file.TableHeader.GetInt64("PCOUNT")!.Value - 10);

        var error = await DecompressFailsAsync(file.Bytes);
        Assert.Contains("overruns", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("int16-300x200", "-r")]
    [InlineData("float32-nan-300x200", "-q 4")]
    [InlineData("int16-300x200", "-g1")]
    [InlineData("int16-300x200", "-g2")]
    [InlineData("int32-200x150", "-h")]
    [InlineData("int16-300x200", "-d")]
    [InlineData("mask16-150x100", "-p")]
    public async Task CorruptTileDataFailsCleanlyOrDecodes(string image, string mode)
    {
        using var temp = new TempDirectory();
        var (compressed, _) = await StreamingTests.PackAsync(temp, image, mode);
        var file = CompressedFile.Load(compressed);
        var random = new Random(12345);
        var heapEnd = file.HeapStart + (int)file.TableHeader.GetInt64("PCOUNT")!.Value;
        for (var trial = 0; trial < 40; trial++)
        {
            var bytes = (byte[])file.Bytes.Clone();
            var flips = 1 + random.Next(8);
            for (var f = 0; f < flips; f++)
            {
                bytes[random.Next(file.HeapStart, heapEnd)] = (byte)random.Next(256);
            }

            try
            {
                await DecompressWithHangGuardAsync(bytes);
            }
            catch (FitsFormatException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }
        }
    }

    [Theory]
    [InlineData("int16-300x200", "-r")]
    [InlineData("float32-nan-300x200", "-q 4 -t 100,50")]
    [InlineData("int32-200x150", "-h")]
    public async Task CorruptHeadersAndTileTablesFailCleanlyOrDecode(string image, string mode)
    {
        using var temp = new TempDirectory();
        var (compressed, _) = await StreamingTests.PackAsync(temp, image, mode);
        var file = CompressedFile.Load(compressed);
        var random = new Random(54321);
        for (var trial = 0; trial < 60; trial++)
        {
            var bytes = (byte[])file.Bytes.Clone();
            var flips = 1 + random.Next(4);
            for (var f = 0; f < flips; f++)
            {
                // Mostly digits and letters, so that keyword values change rather than just the character set.
                var at = random.Next(0, file.HeapStart);
                bytes[at] = random.Next(3) switch
                {
                    0 => (byte)('0' + random.Next(10)),
                    1 => (byte)('A' + random.Next(26)),
                    _ => (byte)random.Next(256),
                };
            }

            try
            {
                await DecompressWithHangGuardAsync(bytes);
            }
            catch (FitsFormatException e)
            {
                Assert.False(string.IsNullOrWhiteSpace(e.Message));
            }
        }
    }

    [Fact]
    public async Task NonFitsInputFails()
    {
        var error = await DecompressFailsAsync(Encoding.ASCII.GetBytes(new string('x', 6000)));
        Assert.Contains("SIMPLE", error.Message, StringComparison.Ordinal);
        await DecompressFailsAsync([0x42, 0x5A, 0x68, 0x39, 0x31, 0x41, 0x59]);
        await DecompressFailsAsync([0x1F, 0x8B, 0x08, 0x00, 0x01]);
    }

    [Fact]
    public async Task HeaderWithoutEndFails()
    {
        var header = string.Concat(Enumerable.Repeat("COMMENT no end here".PadRight(80), 36 * 3));
        var bytes = Encoding.ASCII.GetBytes("SIMPLE  =                    T".PadRight(80) + header);
        var error = await DecompressFailsAsync(bytes);
        Assert.Contains("end of file", error.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Decompresses on a thread-pool thread, so that the time limit holds even if parsing loops synchronously before
    /// <see cref="FitsDecompressor.DecompressAsync"/> returns its task (a hang fails the test instead of blocking it).
    /// </summary>
    private static async Task DecompressWithHangGuardAsync(byte[] bytes)
    {
        try
        {
            await Task.Run(() => DecompressAsync(bytes)).WaitAsync(HangLimit);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"Decompression of malformed input did not finish within {HangLimit.TotalSeconds} s: a hang.");
        }
    }

    private static async Task DecompressAsync(byte[] bytes)
    {
        using var input = new MemoryStream(bytes, writable: false);
        using var output = new MemoryStream();
        await FitsDecompressor.DecompressAsync(input, output, default);
    }

    private static async Task<FitsFormatException> DecompressFailsAsync(byte[] bytes)
    {
        try
        {
            await DecompressWithHangGuardAsync(bytes);
        }
        catch (FitsFormatException e)
        {
            return e;
        }

        Assert.Fail("Decompression of malformed input succeeded.");
        return null!;
    }
}
