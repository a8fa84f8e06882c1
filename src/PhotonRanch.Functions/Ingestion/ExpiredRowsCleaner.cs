using PhotonRanch.Functions.InfoImages;
using PhotonRanch.Functions.RecentUploads;

namespace PhotonRanch.Functions.Ingestion;

/// <summary>
/// Deletes the table rows ingestion writes once they have expired (48 h): upload-log entries and info image channel
/// rows. Their blobs expire by the storage account's lifecycle rules; Table Storage has no TTL, hence this job. Run
/// by the timer function in Azure and by the local host's clean-up runner.
/// </summary>
internal sealed partial class ExpiredRowsCleaner
{
    private readonly RecentUploadsStore _uploads;
    private readonly InfoImageStore _infoImages;
    private readonly TimeProvider _clock;
    private readonly ILogger<ExpiredRowsCleaner> _logger;

    /// <summary>Creates the cleaner.</summary>
    public ExpiredRowsCleaner(RecentUploadsStore uploads, InfoImageStore infoImages, TimeProvider clock, ILogger<ExpiredRowsCleaner> logger)
    {
        _uploads = uploads;
        _infoImages = infoImages;
        _clock = clock;
        _logger = logger;
    }

    /// <summary>Deletes every row that has expired by now.</summary>
    public async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        var uploads = await _uploads.DeleteExpiredAsync(now, cancellationToken);
        var infoImages = await _infoImages.DeleteExpiredAsync(now, cancellationToken);
        LogCleanedUp(uploads, infoImages);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Expired rows deleted: {Uploads} upload-log entries, {InfoImages} info images")]
    private partial void LogCleanedUp(int uploads, int infoImages);
}
