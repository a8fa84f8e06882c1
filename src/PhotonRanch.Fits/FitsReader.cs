namespace PhotonRanch.Fits;

/// <summary>
/// Reads the header-data units of a FITS file one after the other from a forward-only stream
/// (FITS Standard 4.0 §3.3). Whole-file bzip2 or gzip wrapping is removed transparently.
/// </summary>
public sealed class FitsReader : IAsyncDisposable
{
    private readonly Stream _unwrapped;
    private readonly Stream _input;
    private readonly bool _leaveOpen;
    private long _nextHeader;
    private int _nextIndex;

    private FitsReader(Stream input, Stream unwrapped, bool leaveOpen)
    {
        _input = input;
        _unwrapped = unwrapped;
        _leaveOpen = leaveOpen;
        Blocks = new FitsBlockReader(unwrapped);
    }

    /// <summary>The HDU returned by the last <see cref="ReadNextHduAsync"/> call.</summary>
    public FitsHdu? Current { get; private set; }

    internal FitsBlockReader Blocks { get; }

    /// <summary>Absolute position (in the unwrapped FITS stream) of the current HDU's data unit.</summary>
    internal long DataStart { get; private set; }

    /// <summary>Opens a FITS stream (plain, ".bz2" or ".gz" wrapped). The stream may be non-seekable.</summary>
    /// <param name="input">The input stream.</param>
    /// <param name="leaveOpen">Whether disposing the reader leaves <paramref name="input"/> open.</param>
    /// <param name="cancellationToken">Cancels reading the magic number.</param>
    /// <returns>A reader positioned before the primary HDU.</returns>
    public static async Task<FitsReader> OpenAsync(Stream input, bool leaveOpen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var unwrapped = await TransportDecompression.UnwrapAsync(input, cancellationToken).ConfigureAwait(false);
        return new FitsReader(input, unwrapped, leaveOpen);
    }

    /// <summary>
    /// Skips whatever is left of the current HDU's data unit and reads the next header.
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The next HDU, or <see langword="null"/> at the end of the file.</returns>
    /// <exception cref="FitsFormatException">The file is truncated or a header is invalid.</exception>
    public async Task<FitsHdu?> ReadNextHduAsync(CancellationToken cancellationToken)
    {
        await Blocks.MoveToAsync(_nextHeader, "the rest of the previous data unit", cancellationToken).ConfigureAwait(false);
        var header = await Blocks.ReadHeaderAsync(cancellationToken).ConfigureAwait(false);
        if (header is null)
        {
            if (_nextIndex == 0)
            {
                throw new FitsFormatException("The input is empty: expected a FITS primary header.");
            }

            Current = null;
            return null;
        }

        var hdu = FitsHdu.FromHeader(_nextIndex, header);
        DataStart = Blocks.Position;
        _nextHeader = DataStart + hdu.PaddedDataLength;
        _nextIndex++;
        Current = hdu;
        return hdu;
    }

    /// <summary>Skips the rest of the current HDU's data unit including its fill, failing if the file ends early.</summary>
    /// <param name="cancellationToken">Cancels the skip.</param>
    /// <exception cref="FitsFormatException">The file ends before the end of the data unit.</exception>
    public async Task SkipToEndOfHduAsync(CancellationToken cancellationToken) =>
        await Blocks.MoveToAsync(_nextHeader, $"the data unit of HDU {Current?.Index}", cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Finds the first HDU holding an image (a non-empty primary array, an IMAGE extension or a tile-compressed image).
    /// </summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The image HDU, positioned at its data unit.</returns>
    /// <exception cref="FitsFormatException">The file holds no image.</exception>
    public async Task<FitsHdu> ReadFirstImageHduAsync(CancellationToken cancellationToken)
    {
        while (await ReadNextHduAsync(cancellationToken).ConfigureAwait(false) is { } hdu)
        {
            if (hdu.HasImage)
            {
                return hdu;
            }
        }

        throw new FitsFormatException("The file contains no image HDU.");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!ReferenceEquals(_unwrapped, _input))
        {
            await _unwrapped.DisposeAsync().ConfigureAwait(false);
        }

        if (!_leaveOpen)
        {
            await _input.DisposeAsync().ConfigureAwait(false);
        }
    }
}
