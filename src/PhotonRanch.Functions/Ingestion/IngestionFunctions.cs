using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;

namespace PhotonRanch.Functions.Ingestion;

/// <summary>
/// Ingestion on the Azure Functions host: an Event Grid–source blob trigger for new blobs under <c>data/</c> and
/// <c>info-images/</c> (the Event Grid subscription in infra/ filters those prefixes), and an hourly timer that deletes
/// expired table rows. The local host runs the same services from background services instead.
/// </summary>
internal sealed class IngestionFunctions(IngestionService ingestion, ExpiredRowsCleaner cleaner)
{
    /// <summary>
    /// The blob trigger's connection: the settings <c>IngestionStorage__blobServiceUri</c>,
    /// <c>IngestionStorage__queueServiceUri</c> and <c>IngestionStorage__credential</c> (managed identity), or
    /// <c>IngestionStorage</c> as a connection string (<c>func start</c> against Azurite).
    /// </summary>
    public const string StorageConnection = "IngestionStorage";

    /// <summary>The clean-up's schedule: every hour, at minute 7.</summary>
    public const string CleanUpSchedule = "0 7 * * * *";

    /// <summary>Ingests a new blob of the app's container (<c>Storage__ContainerName</c>).</summary>
    [Function("IngestBlob")]
    public Task IngestBlobAsync(
        [BlobTrigger("%Storage:ContainerName%/{name}", Source = BlobTriggerSource.EventGrid, Connection = StorageConnection)] BlobClient blob,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return ingestion.IngestAsync(blob.Name, cancellationToken);
    }

    /// <summary>Deletes expired upload-log entries and info image rows.</summary>
    [Function("CleanUpExpiredRows")]
    public Task CleanUpExpiredRowsAsync([TimerTrigger(CleanUpSchedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        cleaner.CleanUpAsync(cancellationToken);
}
