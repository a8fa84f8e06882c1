using System.IO.Compression;
using ICSharpCode.SharpZipLib.BZip2;

namespace PhotonRanch.Fits;

/// <summary>
/// Recognises whole-file compression around a FITS file (".fits.bz2", ".fits.gz") by its magic number
/// and returns a stream of the plain FITS bytes. This wrapping is outside the FITS format, unlike tile compression.
/// </summary>
internal static class TransportDecompression
{
    public static async Task<Stream> UnwrapAsync(Stream input, CancellationToken cancellationToken)
    {
        var magic = new byte[3];
        var count = 0;
        long start = input.CanSeek ? input.Position : 0;
        while (count < magic.Length)
        {
            var read = await input.ReadAsync(magic.AsMemory(count), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            count += read;
        }

        Stream rewound;
        if (input.CanSeek)
        {
            input.Position = start;
            rewound = input;
        }
        else
        {
            rewound = new PrefixedStream(magic.AsMemory(0, count), input);
        }

        if (count == 3 && magic[0] == (byte)'B' && magic[1] == (byte)'Z' && magic[2] == (byte)'h')
        {
            try
            {
                // The bzip2 stream header is read here, by the constructor.
                return new BZip2InputStream(rewound) { IsStreamOwner = false };
            }
            catch (Exception e) when (e is EndOfStreamException or ICSharpCode.SharpZipLib.SharpZipBaseException)
            {
                throw new FitsFormatException($"The input starts like a bzip2 file but its bzip2 header is corrupt: {e.Message}", e);
            }
        }

        if (count >= 2 && magic[0] == 0x1F && magic[1] == 0x8B)
        {
            return new GZipStream(rewound, CompressionMode.Decompress, leaveOpen: true);
        }

        return rewound;
    }
}
