using System.Globalization;

namespace PhotonRanch.Fits;

/// <summary>
/// Converts a FITS file whose first image may be tile-compressed (".fits.fz"), whole-file compressed (".fits.bz2",
/// ".fits.gz") or plain into a plain single-HDU FITS file holding that image in its primary HDU, as funpack does.
/// Streams tile by tile: memory stays at a strip of tiles, whatever the image size.
/// When the output stream can seek, fresh CHECKSUM and DATASUM keywords are written (as funpack does); otherwise the
/// output has none, since they would have to precede the data they describe.
/// </summary>
public static class FitsDecompressor
{
    private const string ZeroChecksum = "0000000000000000";

    /// <summary>Decompresses the first image of <paramref name="input"/> into <paramref name="output"/>.</summary>
    /// <param name="input">The FITS input; may be non-seekable (see <c>docs/fits.md</c> for the heap-order trade-off). Left open.</param>
    /// <param name="output">Receives the plain FITS file. Left open.</param>
    /// <param name="cancellationToken">Cancels the conversion.</param>
    /// <exception cref="FitsFormatException">The input is not valid FITS, is truncated, or its tiles are corrupt.</exception>
    public static async Task DecompressAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        await using var reader = await FitsReader.OpenAsync(input, leaveOpen: true, cancellationToken).ConfigureAwait(false);
        var (header, source) = await ImageHduOpener.OpenAsync(reader, cancellationToken).ConfigureAwait(false);

        // Checksums copied from the input would not match the rewritten header; fresh ones need a seekable output,
        // because CHECKSUM and DATASUM sit in the header but depend on the data written after it.
        header.Remove("CHECKSUM");
        header.Remove("DATASUM");
        var checksum = output.CanSeek ? new FitsChecksum() : null;
        var headerStart = output.CanSeek ? output.Position : 0;
        if (checksum is not null)
        {
            header.Add(FitsCard.Create("CHECKSUM", ZeroChecksum, "HDU checksum"));
            header.Add(FitsCard.Create("DATASUM", "0", "data unit checksum"));
        }

        await FitsWriter.WriteHeaderAsync(output, header, cancellationToken).ConfigureAwait(false);
        await FitsWriter.WriteDataAsync(source, output, checksum, cancellationToken).ConfigureAwait(false);

        // Reaching the end of the data unit's last block proves the input was not truncated (FITS Standard 4.0 §3.3.2).
        await reader.SkipToEndOfHduAsync(cancellationToken).ConfigureAwait(false);
        if (checksum is not null)
        {
            await WriteChecksumsAsync(output, header, headerStart, checksum.Value, cancellationToken).ConfigureAwait(false);
        }

        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Fills in DATASUM and CHECKSUM (FITS Standard 4.0 §4.4.2.7, Appendix J): the header is summed with CHECKSUM set
    /// to sixteen zeros, then CHECKSUM becomes the encoded complement of header sum + data sum.
    /// </summary>
    private static async Task WriteChecksumsAsync(Stream output, FitsHeader header, long headerStart, uint dataSum, CancellationToken cancellationToken)
    {
        header.Set("DATASUM", dataSum.ToString(CultureInfo.InvariantCulture));
        header.Set("CHECKSUM", ZeroChecksum);
        var headerSum = new FitsChecksum();
        headerSum.Add(FitsWriter.EncodeHeader(header));
        header.Set("CHECKSUM", FitsChecksum.Encode(FitsChecksum.Combine(headerSum.Value, dataSum)));

        var end = output.Position;
        output.Position = headerStart;
        // Same cards with values of the same width: the rewritten header has exactly the original length.
        await FitsWriter.WriteHeaderAsync(output, header, cancellationToken).ConfigureAwait(false);
        output.Position = end;
    }

    /// <summary>Decompresses a file to a new file (overwriting it).</summary>
    /// <param name="inputPath">Path of the ".fits.fz", ".fits.bz2", ".fits.gz" or ".fits" file.</param>
    /// <param name="outputPath">Path of the plain FITS file to write.</param>
    /// <param name="cancellationToken">Cancels the conversion.</param>
    public static async Task DecompressFileAsync(string inputPath, string outputPath, CancellationToken cancellationToken)
    {
        var input = new FileStream(inputPath, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using (input.ConfigureAwait(false))
        {
            var output = new FileStream(outputPath, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
            await using (output.ConfigureAwait(false))
            {
                await DecompressAsync(input, output, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
