using PhotonRanch.Fits.Compression;

namespace PhotonRanch.Fits;

/// <summary>Finds the first image of a FITS file and prepares its primary-style header and pixel source.</summary>
internal static class ImageHduOpener
{
    public static async Task<(FitsHeader Header, FitsHdu Hdu)> ReadImageHeaderAsync(FitsReader reader, CancellationToken cancellationToken)
    {
        FitsHeader? primary = null;
        while (await reader.ReadNextHduAsync(cancellationToken).ConfigureAwait(false) is { } hdu)
        {
            if (hdu.Index == 0)
            {
                primary = hdu.Header;
            }

            if (!hdu.HasImage)
            {
                continue;
            }

            var header = hdu.Kind == FitsHduKind.CompressedImage
                ? FitsImageHeader.FromCompressed(hdu.Header, hdu.Index == 1 && primary is not null && !primary.Contains("NAXIS1") ? primary : null)
                : FitsImageHeader.AsPrimary(hdu.Header);
            return (header, hdu);
        }

        throw new FitsFormatException("The file contains no image HDU (no primary array, IMAGE extension or compressed image).");
    }

    public static async Task<(FitsHeader Header, IImageDataSource Source)> OpenAsync(FitsReader reader, CancellationToken cancellationToken)
    {
        var (header, hdu) = await ReadImageHeaderAsync(reader, cancellationToken).ConfigureAwait(false);
        IImageDataSource source = hdu.Kind == FitsHduKind.CompressedImage
            ? await CompressedImageSource.OpenAsync(reader, hdu, cancellationToken).ConfigureAwait(false)
            : new UncompressedImageSource(reader.Blocks, hdu);
        return (header, source);
    }
}
