using PhotonRanch.Functions.InfoImages;
using PhotonRanch.Functions.RecentUploads;

namespace PhotonRanch.Functions.Ingestion;

/// <summary>
/// Deletes the table rows ingestion writes once they have expired (48 h): upload-log entries and info image channel
/// rows. Their blobs expire by the storage account's lifecycle rules; Table Storage has no TTL, hence this job. Run
/// by the timer function in Azure and by the local host's clean-up runner.
/// </summary>
internal sealed partial class ExpiredRowsCleaner(
    RecentUploadsStore uploads, InfoImageStore infoImages, TimeProvider clock, ILogger<ExpiredRowsCleaner> logger)
{
    public async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var uploadRows = await uploads.DeleteExpiredAsync(now, cancellationToken);
        var infoImageRows = await infoImages.DeleteExpiredAsync(now, cancellationToken);
        LogCleanedUp(uploadRows, infoImageRows);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Expired rows deleted: {Uploads} upload-log entries, {InfoImages} info images")]
    private partial void LogCleanedUp(int uploads, int infoImages);
}
