using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Memory;
using SixLabors.ImageSharp.Processing;

namespace PhotonRanch.Functions.Ingestion;

/// <summary>
/// Makes the thumbnail (<c>…{type}11.jpg</c>, <see cref="Height"/> px high, aspect kept) of a medium JPG. The
/// thumbnail records the medium's ETag in its metadata, which makes the work idempotent: a thumbnail already made
/// from this medium is left alone, one made from an older medium is replaced (only if unchanged since it was read),
/// and one the site uploaded itself (no such metadata) is never overwritten. Only a JPEG is decoded (a JPEG holds one
/// frame; a GIF or PNG named <c>.jpg</c> could hold dozens of full-canvas frames): a medium JPG that is not a JPEG, or
/// whose header claims more than <see cref="MaxSourcePixels"/> pixels or whose file exceeds
/// <see cref="MaxSourceBytes"/>, is logged once and skipped without being decoded, so a hostile file can neither
/// exhaust memory nor make ingestion throw (and be retried).
/// </summary>
internal sealed partial class ThumbnailGenerator(ILogger<ThumbnailGenerator> logger)
{
    public const int Height = 128;

    /// <summary>
    /// The most pixels a medium JPG may have to be decoded (40 megapixels, ~120 MB of RGB): sites send about 1–4
    /// megapixels; a header claiming more is a broken or hostile file.
    /// </summary>
    public const long MaxSourcePixels = 40_000_000;

    /// <summary>The largest medium JPG read: it is held in memory to be identified before it is decoded.</summary>
    public const long MaxSourceBytes = 64L * 1024 * 1024;

    /// <summary>The thumbnail's metadata entry holding the ETag of the medium it was made from.</summary>
    public const string SourceETagMetadata = "thumbnail_of_etag";

    // Only the JPEG decoder: anything else is unknown to it, so it is never decoded whatever its name says.
    private static readonly Configuration s_jpegOnly = new(new JpegConfigurationModule());

    /// <summary>
    /// Writes <paramref name="thumbnail"/> from <paramref name="medium"/> (ETag <paramref name="mediumETag"/>) unless it
    /// is already there (see the class). An unreadable JPG is logged and skipped.
    /// </summary>
    /// <returns>True when a thumbnail was written.</returns>
    public async Task<bool> EnsureAsync(BlobClient medium, ETag mediumETag, BlobClient thumbnail, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(medium);
        ArgumentNullException.ThrowIfNull(thumbnail);
        if (await WriteConditionsAsync(thumbnail, mediumETag, cancellationToken) is not { } conditions)
        {
            return false;
        }

        using var encoded = new MemoryStream();
        if (!await RenderAsync(medium, mediumETag, encoded, cancellationToken))
        {
            return false;
        }

        encoded.Position = 0;
        if (!await WriteAsync(thumbnail, encoded, mediumETag, conditions, cancellationToken))
        {
            return false;
        }

        LogThumbnailWritten(thumbnail.Name, medium.Name);
        return true;
    }

    // Null when the thumbnail is the site's own or already made from this medium; otherwise the conditions under which
    // it may be written: still the version read, or still absent.
    private async Task<BlobRequestConditions?> WriteConditionsAsync(BlobClient thumbnail, ETag mediumETag, CancellationToken cancellationToken)
    {
        try
        {
            var existing = (await thumbnail.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
            if (!existing.Metadata.TryGetValue(SourceETagMetadata, out var source))
            {
                LogSiteThumbnailKept(thumbnail.Name);
                return null;
            }

            return source == mediumETag.ToString() ? null : new BlobRequestConditions { IfMatch = existing.ETag };
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            return new BlobRequestConditions { IfNoneMatch = ETag.All };
        }
    }

    // Encodes the thumbnail into `encoded`; false (logged) when the medium is unreadable, too large or has changed.
    private async Task<bool> RenderAsync(BlobClient medium, ETag mediumETag, Stream encoded, CancellationToken cancellationToken)
    {
        try
        {
            // Only if the medium is still the version this run was started for, or the thumbnail would not match its ETag.
            var download = await medium.DownloadStreamingAsync(
                new BlobDownloadOptions { Conditions = new BlobRequestConditions { IfMatch = mediumETag } }, cancellationToken);
            await using var content = download.Value.Content;
            if (download.Value.Details.ContentLength > MaxSourceBytes)
            {
                LogTooLarge(medium.Name, $"{download.Value.Details.ContentLength} bytes");
                return false;
            }

            using var source = new MemoryStream();
            await content.CopyToAsync(source, cancellationToken);
            source.Position = 0;
            var (info, format) = await Image.IdentifyWithFormatAsync(s_jpegOnly, source, cancellationToken);
            if (info is null || format is not JpegFormat)
            {
                LogUnreadableJpg(null, medium.Name);
                return false;
            }

            if ((long)info.Width * info.Height > MaxSourcePixels)
            {
                LogTooLarge(medium.Name, $"{info.Width} × {info.Height} pixels");
                return false;
            }

            source.Position = 0;
            using var image = await Image.LoadAsync(s_jpegOnly, source, cancellationToken);
            image.Mutate(resize => resize.Resize(0, Height));
            await image.SaveAsJpegAsync(encoded, new JpegEncoder { Quality = 85 }, cancellationToken);
            return true;
        }
        catch (Exception unreadable) when (unreadable is ImageFormatException or InvalidMemoryOperationException or NotSupportedException)
        {
            // ImageFormatException covers unknown formats and invalid content; the others are what ImageSharp throws
            // for a file its header describes in ways it cannot hold or handle.
            LogUnreadableJpg(unreadable, medium.Name);
            return false;
        }
        catch (RequestFailedException changed) when (changed.Status is 404 or 412)
        {
            // The medium was replaced or deleted meanwhile; its own ingestion makes the right thumbnail.
            return false;
        }
    }

    private static async Task<bool> WriteAsync(
        BlobClient thumbnail, Stream encoded, ETag mediumETag, BlobRequestConditions conditions, CancellationToken cancellationToken)
    {
        try
        {
            await thumbnail.UploadAsync(encoded, new BlobUploadOptions
            {
                Conditions = conditions,
                HttpHeaders = new BlobHttpHeaders { ContentType = "image/jpeg" },
                Metadata = new Dictionary<string, string> { [SourceETagMetadata] = mediumETag.ToString() },
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException raced) when (raced.Status is 409 or 412)
        {
            // Another instance (or the site) wrote the thumbnail between our read and our write; theirs stands.
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Thumbnail {Thumbnail} written from {Medium}")]
    private partial void LogThumbnailWritten(string thumbnail, string medium);

    [LoggerMessage(Level = LogLevel.Information, Message = "Thumbnail {Thumbnail} was uploaded by the site; it is kept")]
    private partial void LogSiteThumbnailKept(string thumbnail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Medium} is not a readable JPG (only single-frame JPEG is decoded); no thumbnail is made")]
    private partial void LogUnreadableJpg(Exception? exception, string medium);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Medium} is too large for a thumbnail ({Size}); it is not decoded")]
    private partial void LogTooLarge(string medium, string size);
}
