using System.Text.Json.Nodes;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using PhotonRanch.Fits;
using PhotonRanch.Functions.Images;
using PhotonRanch.Functions.InfoImages;
using PhotonRanch.Functions.RecentUploads;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.Ingestion;

/// <summary>
/// Turns a new blob into the records the API serves (the original's separate ingestion service, LCOGT/ptr_data): an
/// upload-log row for every blob, an <c>images</c> row for frame files under <c>data/</c> (and the thumbnail of a
/// medium JPG), and a channel row for info images. Called by the Event Grid blob trigger in Azure and by the local
/// host's poller, with the blob's name only.
/// </summary>
/// <remarks>
/// Idempotent: every write is keyed by the blob (the upload time is the blob's Last-Modified, not the clock) and
/// sets values rather than adding to them, so processing a blob twice — a redelivered event, a poller restart — leaves
/// the same state. A file whose name or content is unusable is logged and skipped; only storage and database failures
/// are thrown, so the caller retries them.
/// </remarks>
internal sealed partial class IngestionService(BlobServiceClient blobs, IOptions<StorageOptions> options, RecentUploadsStore uploads, InfoImageStore infoImages, ImageStore images, ThumbnailGenerator thumbnails, IOptions<IngestionOptions> limits, ILogger<IngestionService> logger)
{
    /// <summary>How long uploads stay in the upload log and info images in their channel.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(48);

    // The header of a .fits.fz is in its first blocks; reading more would fetch pixels the header does not need.
    private const int HeaderReadBufferBytes = 256 * 1024;

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(options.Value.ContainerName);
    private readonly IngestionOptions _limits = limits.Value;

    /// <summary>Ingests the blob named <paramref name="blobName"/> in the app's container.</summary>
    /// <exception cref="RequestFailedException">Storage failed (retry).</exception>
    /// <exception cref="Npgsql.NpgsqlException">The database failed (retry).</exception>
    public async Task IngestAsync(string blobName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        var plan = IngestionPlan.For(blobName);
        if (plan.Area == IngestedArea.Other)
        {
            LogIgnored(blobName);
            return;
        }

        var blob = _container.GetBlobClient(blobName);
        BlobProperties properties;
        try
        {
            properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException missing) when (missing.Status == 404)
        {
            LogVanished(blobName);
            return;
        }

        var uploaded = properties.LastModified.UtcDateTime;
        await RecordUploadAsync(plan, properties, cancellationToken);
        if (plan.Kind is not { } kind)
        {
            LogSkipped(blobName, plan.SkipReason!);
            return;
        }

        if (plan.Area == IngestedArea.Data)
        {
            await IngestFrameFileAsync(plan, kind, blob, properties.ETag, uploaded, cancellationToken);
        }
        else
        {
            await IngestInfoImageFileAsync(plan, kind, blob, uploaded, cancellationToken);
        }
    }

    private async Task RecordUploadAsync(IngestionPlan plan, BlobProperties properties, CancellationToken cancellationToken)
    {
        var uploaded = properties.LastModified.ToUnixTimeSeconds();
        await uploads.AddAsync(
            new RecentUpload(plan.UploadSite, uploaded, uploaded + (long)Retention.TotalSeconds, plan.BlobName, properties.ContentLength),
            cancellationToken);
    }

    private async Task IngestFrameFileAsync(IngestionPlan plan, FrameFileKind kind, BlobClient blob, ETag etag, DateTime uploaded, CancellationToken cancellationToken)
    {
        var frame = plan.Frame!;
        switch (kind)
        {
            case FrameFileKind.Header:
                if (await ReadTextHeaderAsync(blob, cancellationToken) is { } header)
                {
                    await images.WriteHeaderAsync(frame, Fields(header, blob.Name), uploaded, onlyWhenMissing: false, cancellationToken);
                }

                break;

            case FrameFileKind.LargeFits or FrameFileKind.SmallFits:
                await images.SetFlagAsync(frame, kind, uploaded, cancellationToken);

                // The .txt may come later or never; until it does, the FITS file's own header fills the row.
                if (!await images.HasHeaderAsync(frame, cancellationToken) && await ReadFitsHeaderAsync(blob, cancellationToken) is { } fitsHeader)
                {
                    await images.WriteHeaderAsync(frame, Fields(fitsHeader, blob.Name), uploaded, onlyWhenMissing: true, cancellationToken);
                }

                break;

            case FrameFileKind.MediumJpg:
                await images.SetFlagAsync(frame, kind, uploaded, cancellationToken);
                await thumbnails.EnsureAsync(blob, etag, _container.GetBlobClient(plan.ThumbnailBlobName), cancellationToken);
                break;

            default:
                await images.SetFlagAsync(frame, kind, uploaded, cancellationToken);
                break;
        }

        LogIngested(blob.Name, kind);
    }

    private async Task IngestInfoImageFileAsync(IngestionPlan plan, FrameFileKind kind, BlobClient blob, DateTime uploaded, CancellationToken cancellationToken)
    {
        var frame = plan.Frame!;
        var channels = await infoImages.GetChannelBaseFilenamesAsync(frame.Site, cancellationToken);
        var channel = channels.Where(entry => entry.Value == frame.BaseFilename).Select(entry => (int?)entry.Key).Min();
        if (channel is null)
        {
            LogNoChannel(blob.Name, frame.Site);
            return;
        }

        JsonObject? header = null;
        if (kind == FrameFileKind.Header)
        {
            if (await ReadTextHeaderAsync(blob, cancellationToken) is not { } parsed)
            {
                return;
            }

            header = ImageHeaderFields.From(parsed).Header;
        }

        var expires = new DateTimeOffset(uploaded, TimeSpan.Zero).Add(Retention).ToUnixTimeSeconds();
        await infoImages.UpdateImageAsync(frame.Site, channel.Value, current =>
        {
            // A channel shows one image: a file of another image starts the row afresh.
            var row = current?["base_filename"]?.GetValueKind() == System.Text.Json.JsonValueKind.String
                && current["base_filename"]!.GetValue<string>() == frame.BaseFilename
                    ? current
                    : new JsonObject();
            row["base_filename"] = frame.BaseFilename;
            row["data_type"] = frame.DataType;
            row["file_date"] = frame.Date;
            row[plan.InfoImagePathAttribute!] = blob.Name;
            if (plan.InfoImageFlag is { } flag)
            {
                row[flag] = true;
            }

            if (header is not null)
            {
                row["header"] = header.DeepClone();
            }

            // The newest file of the image decides when it expires, whatever order the files were processed in.
            var previous = row[InfoImageStore.ExpirationProperty] is JsonValue value && value.TryGetValue<long>(out var earlier) ? earlier : 0;
            row[InfoImageStore.ExpirationProperty] = Math.Max(previous, expires);
            return row;
        }, cancellationToken);
        LogInfoImageIngested(blob.Name, frame.Site, channel.Value);
    }

    private ImageHeaderFields Fields(FitsHeader header, string blobName)
    {
        var fields = ImageHeaderFields.From(header);
        if (fields.RightAscension is null || fields.Declination is null)
        {
            LogNoCoordinates(blobName);
        }

        return fields;
    }

    private async Task<FitsHeader?> ReadTextHeaderAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
            await using var content = download.Value.Content;

            // Refused on its declared length, before a byte of it is read into memory.
            if (download.Value.Details.ContentLength > _limits.MaxTextHeaderBytes)
            {
                LogTextHeaderTooLarge(blob.Name, download.Value.Details.ContentLength, _limits.MaxTextHeaderBytes);
                return null;
            }

            return await FitsHeader.ParseTextAsync(content, cancellationToken);
        }
        catch (FitsFormatException invalid)
        {
            LogUnreadableHeader(invalid, blob.Name);
            return null;
        }
    }

    private async Task<FitsHeader?> ReadFitsHeaderAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            await using var content = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = HeaderReadBufferBytes }, cancellationToken);
            return await FitsImageReader.ReadImageHeaderAsync(content, cancellationToken);
        }
        catch (Exception invalid) when (invalid is FitsFormatException or FitsNotSupportedException)
        {
            LogUnreadableHeader(invalid, blob.Name);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Blob} is neither under data/ nor under info-images/; not ingested")]
    private partial void LogIgnored(string blob);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Blob} no longer exists; nothing to ingest")]
    private partial void LogVanished(string blob);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Blob} is logged as an upload but not ingested: {Reason}")]
    private partial void LogSkipped(string blob, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Blob} ingested as {Kind}")]
    private partial void LogIngested(string blob, FrameFileKind kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Info image {Blob}: no channel of site {Site} expects it (POST /upload sets one); skipped")]
    private partial void LogNoChannel(string blob, string site);

    [LoggerMessage(Level = LogLevel.Information, Message = "Info image {Blob} ingested into {Site} channel {Channel}")]
    private partial void LogInfoImageIngested(string blob, string site, int channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The header of {Blob} has no right ascension or declination (CRVAL1/RAHRS, CRVAL2/DEC); recorded with nulls")]
    private partial void LogNoCoordinates(string blob);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The header {Blob} is {Bytes} bytes, more than Ingestion__MaxTextHeaderBytes ({MaxBytes}); it is invalid, not read and not recorded")]
    private partial void LogTextHeaderTooLarge(string blob, long bytes, int maxBytes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The header of {Blob} cannot be read; it is not recorded")]
    private partial void LogUnreadableHeader(Exception exception, string blob);
}
