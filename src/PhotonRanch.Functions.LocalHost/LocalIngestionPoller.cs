using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Health;
using PhotonRanch.Functions.Ingestion;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.LocalHost;

/// <summary>
/// The local host's blob trigger (Azurite has no Event Grid): every <see cref="LocalIngestionOptions.PollInterval"/>
/// it lists <c>data/</c> and <c>info-images/</c>, hands the blobs modified since its <see cref="BlobWatermark"/> to
/// the same <see cref="IngestionService"/> the Functions app's trigger calls (several at once, as Azure would), and
/// stores the new watermark in <see cref="LocalIngestionOptions.StateTable"/>, so a restart resumes where it stopped.
/// A blob whose ingestion throws is retried next round. While storage or the database is unreachable it is retried
/// for as long as the outage lasts (an upload acknowledged then is ingested once it ends); any other fault counts as
/// the blob's own, and after <see cref="MaxAttempts"/> of those it is logged as an error and counted as done, as the
/// Functions host moves a blob to its poison queue.
/// Listing the whole prefix each round is fine for a development machine, not for a production bucket — which is why
/// Azure uses Event Grid.
/// </summary>
internal sealed partial class LocalIngestionPoller : BackgroundService
{
    /// <summary>
    /// How many times a blob's ingestion may throw, other than for a dependency outage, before the poller gives up on
    /// it (the blob trigger's five).
    /// </summary>
    public const int MaxAttempts = 5;

    private const int Parallelism = 4;
    private const string PartitionKey = "watermark";
    private const string WatermarkProperty = "watermark_utc_ticks";
    private const string DoneProperty = "done";

    private readonly BlobContainerClient _container;
    private readonly TableClient _state;
    private readonly IngestionService _ingestion;
    private readonly LocalIngestionOptions _options;
    private readonly ILogger<LocalIngestionPoller> _logger;
    private bool _stateTableExists;

    // Failed attempts of the blobs (by BlobWatermark.Key) that failed last round; in memory, so a restart tries again.
    private Dictionary<string, int> _failedAttempts = new(StringComparer.Ordinal);

    /// <summary>Creates the poller.</summary>
    public LocalIngestionPoller(
        BlobServiceClient blobs,
        TableServiceClient tables,
        IOptions<StorageOptions> storage,
        IOptions<LocalIngestionOptions> options,
        IngestionService ingestion,
        ILogger<LocalIngestionPoller> logger)
    {
        _container = blobs.GetBlobContainerClient(storage.Value.ContainerName);
        _options = options.Value;
        _state = tables.GetTableClient(_options.StateTable);
        _ingestion = ingestion;
        _logger = logger;
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.PollInterval);
        do
        {
            try
            {
                await PollOnceAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Storage down or the container not created yet: try again next round, as a trigger would.
                LogPollFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task PollOnceAsync(CancellationToken cancellationToken)
    {
        if (!_stateTableExists)
        {
            await _state.CreateIfNotExistsAsync(cancellationToken);
            _stateTableExists = true;
        }

        var watermark = await LoadAsync(cancellationToken);
        var listed = new List<ListedBlob>();
        foreach (var prefix in new[] { IngestionPlan.DataPrefix, IngestionPlan.InfoImagesPrefix })
        {
            await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
            {
                listed.Add(new ListedBlob(item.Name, item.Properties.LastModified ?? DateTimeOffset.MinValue));
            }
        }

        var pending = watermark.Pending(listed);
        if (pending.Count == 0)
        {
            return;
        }

        var succeeded = new List<ListedBlob>();
        var failed = new List<ListedBlob>();
        var failedAttempts = new Dictionary<string, int>(StringComparer.Ordinal);
        var givenUp = 0;
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (blob, token) =>
        {
            try
            {
                await _ingestion.IngestAsync(blob.Name, token);
                lock (succeeded)
                {
                    succeeded.Add(blob);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !token.IsCancellationRequested)
            {
                var key = BlobWatermark.Key(blob.Name, blob.LastModified);

                // An outage is not the blob's fault: giving up on it then would lose an upload storage acknowledged.
                var outage = DependencyOutage.Of(exception);
                var attempts = _failedAttempts.GetValueOrDefault(key) + (outage is null ? 1 : 0);
                lock (succeeded)
                {
                    if (attempts < MaxAttempts)
                    {
                        failed.Add(blob);
                        failedAttempts[key] = attempts;
                    }
                    else
                    {
                        // Done as far as the watermark is concerned: it must not hold back every later blob forever.
                        succeeded.Add(blob);
                        givenUp++;
                    }
                }

                if (outage is not null)
                {
                    LogIngestionWaitsForDependency(blob.Name, outage);
                }
                else if (attempts < MaxAttempts)
                {
                    LogIngestionFailed(exception, blob.Name, attempts);
                }
                else
                {
                    LogGaveUp(exception, blob.Name, attempts);
                }
            }
        });

        _failedAttempts = failedAttempts;
        await SaveAsync(watermark.Advance(succeeded, failed), cancellationToken);
        LogRound(succeeded.Count - givenUp, failed.Count, givenUp);
    }

    private async Task<BlobWatermark> LoadAsync(CancellationToken cancellationToken)
    {
        var entity = await _state.GetEntityIfExistsAsync<TableEntity>(PartitionKey, _container.Name, cancellationToken: cancellationToken);
        if (!entity.HasValue || entity.Value!.GetInt64(WatermarkProperty) is not { } ticks)
        {
            return BlobWatermark.Start;
        }

        var done = (TableJsonProperty.Get(entity.Value, DoneProperty) as JsonArray ?? [])
            .Select(key => key!.GetValue<string>())
            .ToHashSet(StringComparer.Ordinal);
        return new BlobWatermark(new DateTimeOffset(ticks, TimeSpan.Zero), done);
    }

    private async Task SaveAsync(BlobWatermark watermark, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(PartitionKey, _container.Name) { [WatermarkProperty] = watermark.Watermark.UtcTicks };
        TableJsonProperty.Set(entity, DoneProperty, new JsonArray(watermark.Done.Order(StringComparer.Ordinal).Select(key => (JsonNode?)JsonValue.Create(key)).ToArray()));
        await _state.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for new blobs failed; trying again next round")]
    private partial void LogPollFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingesting {Blob} failed (attempt {Attempt}); it is tried again next round")]
    private partial void LogIngestionFailed(Exception exception, string blob, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ingesting {Blob} failed because the {Dependency} is unavailable; it is tried again next round")]
    private partial void LogIngestionWaitsForDependency(string blob, string dependency);

    [LoggerMessage(Level = LogLevel.Error, Message = "Ingesting {Blob} failed {Attempts} times; the poller gives up on it")]
    private partial void LogGaveUp(Exception exception, string blob, int attempts);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ingestion round: {Succeeded} blobs ingested, {Failed} failed, {GivenUp} given up")]
    private partial void LogRound(int succeeded, int failed, int givenUp);
}
