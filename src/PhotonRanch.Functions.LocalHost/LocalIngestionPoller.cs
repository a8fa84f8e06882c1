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
internal sealed partial class LocalIngestionPoller(
    BlobServiceClient blobs,
    TableServiceClient tables,
    IOptions<StorageOptions> storage,
    IOptions<LocalIngestionOptions> options,
    IngestionService ingestion,
    ILogger<LocalIngestionPoller> logger) : BackgroundService
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

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(storage.Value.ContainerName);
    private readonly TableClient _state = tables.GetTableClient(options.Value.StateTable);
    private bool _stateTableExists;

    // Failed attempts of the blobs (by BlobWatermark.Key) that failed last round; in memory, so a restart tries again.
    private Dictionary<string, int> _failedAttempts = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PollInterval);
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
        var pending = watermark.Pending(await ListAsync(cancellationToken));
        if (pending.Count == 0)
        {
            return;
        }

        var round = new Round(_failedAttempts);
        await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (blob, token) =>
        {
            try
            {
                await ingestion.IngestAsync(blob.Name, token);
                round.Succeed(blob);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !token.IsCancellationRequested)
            {
                RecordFailure(round, blob, exception);
            }
        });

        _failedAttempts = round.FailedAttempts;
        await SaveAsync(watermark.Advance(round.Done, round.Failed), cancellationToken);
        LogRound(round.Done.Count - round.GivenUp, round.Failed.Count, round.GivenUp);
    }

    private async Task<List<ListedBlob>> ListAsync(CancellationToken cancellationToken)
    {
        var listed = new List<ListedBlob>();
        foreach (var prefix in new[] { IngestionPlan.DataPrefix, IngestionPlan.InfoImagesPrefix })
        {
            await foreach (var item in _container.GetBlobsAsync(new GetBlobsOptions { Prefix = prefix }, cancellationToken))
            {
                listed.Add(new ListedBlob(item.Name, item.Properties.LastModified ?? DateTimeOffset.MinValue));
            }
        }

        return listed;
    }

    private void RecordFailure(Round round, ListedBlob blob, Exception exception)
    {
        // An outage is not the blob's fault: giving up on it then would lose an upload storage acknowledged.
        var outage = DependencyOutage.Of(exception);
        var attempts = round.Fail(blob, countsAsAttempt: outage is null);
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

    // One round's outcome, recorded by the parallel ingestions. A blob given up on is done as far as the watermark is
    // concerned: it must not hold back every later blob forever.
    private sealed class Round(Dictionary<string, int> previousAttempts)
    {
        public List<ListedBlob> Done { get; } = [];

        public List<ListedBlob> Failed { get; } = [];

        public Dictionary<string, int> FailedAttempts { get; } = new(StringComparer.Ordinal);

        public int GivenUp { get; private set; }

        public void Succeed(ListedBlob blob)
        {
            lock (Done)
            {
                Done.Add(blob);
            }
        }

        /// <returns>The blob's failed attempts so far.</returns>
        public int Fail(ListedBlob blob, bool countsAsAttempt)
        {
            var key = BlobWatermark.Key(blob.Name, blob.LastModified);
            var attempts = previousAttempts.GetValueOrDefault(key) + (countsAsAttempt ? 1 : 0);
            lock (Done)
            {
                if (attempts < MaxAttempts)
                {
                    Failed.Add(blob);
                    FailedAttempts[key] = attempts;
                }
                else
                {
                    Done.Add(blob);
                    GivenUp++;
                }
            }

            return attempts;
        }
    }
}
