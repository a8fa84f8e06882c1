using System.Diagnostics;
using System.Text;
using PhotonRanch.Fits;

namespace PhotonRanch.Functions.Tests.Files;

/// <summary>
/// The small uploads of issue 18 that used to cost gigabytes: tiny files whose headers declare huge images, a GIF named
/// like a medium JPG, an oversized text header.
/// </summary>
internal static class HostileUploads
{
    private static readonly Lazy<Task<byte[]>> s_declaring23000Squared = new(() => BzipWrappedFitsAsync(8, 23_000, 23_000, 23_000L * 23_000));

    /// <summary>
    /// A bzip2-wrapped FITS whose header declares <paramref name="width"/> × <paramref name="height"/> pixels of
    /// <paramref name="bitpix"/>, followed by <paramref name="zeroBytes"/> of zero data. Compressed by the bzip2 tool, as
    /// the hostile upload was: it squeezes 529 MB of zeros into a few hundred bytes in seconds, where SharpZipLib takes
    /// minutes and 40 KB.
    /// </summary>
    public static async Task<byte[]> BzipWrappedFitsAsync(int bitpix, long width, long height, long zeroBytes)
    {
        var start = new ProcessStartInfo("bzip2", "-9 -c") { RedirectStandardInput = true, RedirectStandardOutput = true };
        using var bzip2 = Process.Start(start) ?? throw new InvalidOperationException("bzip2 did not start.");
        using var compressed = new MemoryStream();
        var reading = bzip2.StandardOutput.BaseStream.CopyToAsync(compressed);
        await using (var input = bzip2.StandardInput.BaseStream)
        {
            var header = FitsWriter.CreateImageHeader(bitpix, [width, height]);
            header.Add(FitsCard.Create("FILTER", "rp"));
            await input.WriteAsync(FitsWriter.EncodeHeader(header));
            var zeros = new byte[1024 * 1024];
            for (var left = zeroBytes; left > 0; left -= zeros.Length)
            {
                await input.WriteAsync(zeros.AsMemory(0, (int)Math.Min(left, zeros.Length)));
            }
        }

        await reading;
        await bzip2.WaitForExitAsync();
        return bzip2.ExitCode == 0 ? compressed.ToArray() : throw new InvalidOperationException($"bzip2 exited with {bzip2.ExitCode}.");
    }

    /// <summary>
    /// The 476-byte file (597 bytes here, with a FILTER card): a bzip2-wrapped 8-bit FITS declaring 23,000 × 23,000
    /// pixels, its 529 MB of zero data included (a TIFF of it used to allocate a 2.1 GB plane, a plain FITS of it to write 529 MB). Made once per run.
    /// </summary>
    public static Task<byte[]> Declaring23000SquaredAsync() => s_declaring23000Squared.Value;

    /// <summary>A bzip2-wrapped header alone declaring 100,000 × 100,000 64-bit pixels (80 GB; it used to run until the timeout).</summary>
    public static Task<byte[]> Declaring100000Squared64BitAsync() => BzipWrappedFitsAsync(64, 100_000, 100_000, zeroBytes: 0);

    /// <summary>
    /// A GIF of <paramref name="frames"/> frames on a <paramref name="canvas"/>-pixel-square canvas, each frame one pixel:
    /// under a kilobyte, but a decoder holds every frame at the canvas size (40 × 2000² RGBA is 640 MB). Written byte by
    /// byte, as the hostile upload was, so that building it costs the test nothing (ImageSharp would hold every frame).
    /// </summary>
    public static byte[] ManyFrameGif(int frames = 40, int canvas = 2000)
    {
        var gif = new List<byte>();
        gif.AddRange("GIF89a"u8.ToArray());
        gif.AddRange([(byte)canvas, (byte)(canvas >> 8), (byte)canvas, (byte)(canvas >> 8)]);
        gif.AddRange([0x80, 0x00, 0x00]); // a global colour table of 2 entries
        gif.AddRange([0x00, 0x00, 0x00, 0xFF, 0xFF, 0xFF]);
        for (var frame = 0; frame < frames; frame++)
        {
            // Graphic control (disposal: leave in place, 10 ms), then a 1 × 1 image at the frame's own spot.
            gif.AddRange([0x21, 0xF9, 0x04, 0x04, 0x01, 0x00, 0x00, 0x00]);
            gif.AddRange([0x2C, (byte)frame, 0x00, (byte)frame, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00]);

            // LZW, minimum code size 2: clear (4), pixel 0, end (5) in 3-bit codes.
            gif.AddRange([0x02, 0x02, 0x44, 0x01, 0x00]);
        }

        gif.Add(0x3B);
        return [.. gif];
    }

    /// <summary>A syntactically valid text header of <paramref name="bytes"/> or a little more: COMMENT cards after real keywords.</summary>
    public static byte[] TextHeaderOf(long bytes)
    {
        var text = new StringBuilder();
        text.Append("FILTER  = 'rp      '           / filter".PadRight(80)).Append('\n');
        text.Append("EXPTIME =                 30.0 / exposure".PadRight(80)).Append('\n');
        while (text.Length < bytes)
        {
            text.Append("COMMENT padding that makes this header larger than any real one".PadRight(80)).Append('\n');
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }
}
