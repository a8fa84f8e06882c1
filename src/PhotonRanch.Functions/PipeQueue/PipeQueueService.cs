using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.PipeQueue;

/// <summary>
/// FIFO job queues and status tracking for PIPE processing machines. Safe to run on many instances at once: the
/// table's ETags, not locks in memory, decide which consumer gets an item; <see cref="PipeQueueHeads"/> only keeps
/// this instance's own consumers from racing one another.
/// </summary>
internal sealed partial class PipeQueueService(
    PipeQueueTable table, PipeQueueHeads heads, QueueItemIdGenerator ids, TimeProvider clock, ILogger<PipeQueueService> logger)
{
    /// <summary>How long an enqueue's <c>dedupe_key</c> stands for its item.</summary>
    public static readonly TimeSpan DedupeWindow = TimeSpan.FromMinutes(5);

    /// <summary>The most dead letters one listing answers.</summary>
    public const int MaxDeadListed = 1000;

    private readonly PipeQueueTable _table = table;
    private readonly PipeQueueHeads _heads = heads;
    private readonly QueueItemIdGenerator _ids = ids;
    private readonly TimeProvider _clock = clock;
    private readonly ILogger<PipeQueueService> _logger = logger;

    /// <summary>Creates a queue; false when it already exists.</summary>
    public Task<bool> CreateQueueAsync(string queueName, int? maxDeliveries, CancellationToken cancellationToken) =>
        _table.TryAddQueueAsync(queueName, _clock.GetUtcNow().ToUnixTimeMilliseconds(), maxDeliveries, cancellationToken);

    /// <summary>
    /// Adds an item at the back of the queue; null when there is no such queue. With a <paramref name="dedupeKey"/>
    /// that an enqueue of the last <see cref="DedupeWindow"/> used, adds nothing and answers that enqueue's item.
    /// </summary>
    public async Task<QueueItem?> EnqueueAsync(string queueName, JsonNode? payload, string sender, string? dedupeKey, CancellationToken cancellationToken)
    {
        if (await _table.TryAddItemAsync(queueName, _ids.Next(), payload, sender, dedupeKey, DedupeWindow, cancellationToken) is not { } added)
        {
            return null;
        }

        if (!added.Duplicate)
        {
            _heads.Enqueued(queueName);
        }

        return added.Item.ToQueueItem();
    }

    /// <summary>Up to <paramref name="limit"/> items, oldest first, leased ones included; null when there is no such queue.</summary>
    public async Task<IReadOnlyList<QueueItem>?> PeekAsync(string queueName, int limit, CancellationToken cancellationToken)
    {
        if (await _table.GetQueueAsync(queueName, cancellationToken) is null)
        {
            return null;
        }

        var items = new List<QueueItem>();
        await foreach (var row in _table.ReadItemsAsync(queueName, limit, visibleAt: null, cancellationToken))
        {
            items.Add(row.ToQueueItem());
        }

        return items;
    }

    /// <summary>
    /// Takes up to <paramref name="max"/> of the oldest visible items: removes them, or with a <paramref name="lease"/>
    /// hides them for that long under a fresh receipt (answered as <see cref="LeasedQueueItem"/>s). When none is
    /// visible, waits up to <paramref name="wait"/> for one, holding no thread. Every claim is conditional on the row
    /// being unchanged since it was read, so no item is handed out twice or lost; an item already delivered
    /// <see cref="QueueSettings.MaxDeliveries"/> times is moved to the dead letters instead.
    /// </summary>
    public async Task<(DequeueOutcome Outcome, IReadOnlyList<object> Items)> TakeAsync(
        string queueName, int max, TimeSpan? lease, TimeSpan wait, CancellationToken cancellationToken)
    {
        var settings = _heads.RecentSettings(queueName);
        var settingsRead = settings is null;
        settings ??= await _table.GetQueueAsync(queueName, cancellationToken);
        if (settings is null)
        {
            return (DequeueOutcome.NoQueue, []);
        }

        if (settingsRead)
        {
            _heads.SettingsRead(queueName, settings);
        }

        var deadline = _clock.GetUtcNow() + wait;
        var waited = false;
        while (true)
        {
            var signal = _heads.NextSignal(queueName);
            var taken = await TakeVisibleAsync(queueName, settings, max, lease, trustEmptyRead: waited, cancellationToken);
            if (taken.Count > 0)
            {
                return (DequeueOutcome.Dequeued, [.. taken.OrderBy(item => item.Id, StringComparer.Ordinal).Select(item => lease is null ? (object)item.ToQueueItem() : item.ToLeased())]);
            }

            // Settings remembered from an earlier dequeue say nothing of a delete since: an empty answer makes sure.
            if (!settingsRead)
            {
                settingsRead = true;
                if (await _table.GetQueueAsync(queueName, cancellationToken) is null)
                {
                    return (DequeueOutcome.NoQueue, []);
                }
            }

            var remaining = deadline - _clock.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return (DequeueOutcome.Empty, []);
            }

            // Wakes at an enqueue through this instance, or to look again for one made through another instance.
            await Task.WhenAny(signal, Task.Delay(remaining < PipeQueueHeads.RecheckInterval ? remaining : PipeQueueHeads.RecheckInterval, _clock, cancellationToken));
            cancellationToken.ThrowIfCancellationRequested();
            waited = true;
        }
    }

    private async Task<List<StoredQueueItem>> TakeVisibleAsync(
        string queueName, QueueSettings settings, int max, TimeSpan? lease, bool trustEmptyRead, CancellationToken cancellationToken)
    {
        var taken = new List<StoredQueueItem>(max);
        while (taken.Count < max)
        {
            var candidates = await _heads.TakeCandidatesAsync(queueName, max - taken.Count, trustEmptyRead, cancellationToken);
            if (candidates.Count == 0)
            {
                return taken;
            }

            try
            {
                var claimed = await Task.WhenAll(candidates.Select(candidate => TryClaimAsync(candidate, settings, lease, cancellationToken)));
                taken.AddRange(claimed.OfType<StoredQueueItem>());
            }
            finally
            {
                _heads.Done(queueName, candidates);
            }
        }

        return taken;
    }

    private async Task<StoredQueueItem?> TryClaimAsync(StoredQueueItem candidate, QueueSettings settings, TimeSpan? lease, CancellationToken cancellationToken)
    {
        if (candidate.DeliveryCount >= settings.MaxDeliveries)
        {
            if (await _table.TryDeadLetterUnchangedAsync(candidate, cancellationToken))
            {
                LogDeadLettered(candidate.QueueName, candidate.Id, candidate.DeliveryCount);
            }

            return null;
        }

        if (lease is not { } leaseFor)
        {
            return await _table.TryDeleteUnchangedAsync(candidate, cancellationToken) ? candidate : null;
        }

        return await _table.TryLeaseUnchangedAsync(
            candidate, _clock.GetUtcNow() + leaseFor, RandomNumberGenerator.GetHexString(32, lowercase: true), cancellationToken);
    }

    /// <summary>Deletes a leased item if <paramref name="receipt"/> is the receipt of its current lease.</summary>
    public async Task<AcknowledgeOutcome> AcknowledgeAsync(string queueName, string itemId, string receipt, CancellationToken cancellationToken)
    {
        var (outcome, item) = await LeasedItemAsync(queueName, itemId, receipt, cancellationToken);
        if (item is null)
        {
            return outcome;
        }

        // Conditional on the ETag read above: if the lease ended and another consumer re-leased it meanwhile, this
        // receipt is stale.
        if (await _table.TryDeleteUnchangedAsync(item, cancellationToken))
        {
            return AcknowledgeOutcome.Acknowledged;
        }

        return await _table.GetItemAsync(queueName, itemId, cancellationToken) is null
            ? AcknowledgeOutcome.NotFound
            : AcknowledgeOutcome.ReceiptMismatch;
    }

    /// <summary>
    /// Keeps a leased item hidden for <paramref name="lease"/> from now, under the same receipt; the item with its new
    /// expiry, or why not.
    /// </summary>
    public async Task<(AcknowledgeOutcome Outcome, LeasedQueueItem? Item)> ExtendAsync(
        string queueName, string itemId, string receipt, TimeSpan lease, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (outcome, item) = await LeasedItemAsync(queueName, itemId, receipt, cancellationToken);
            if (item is null)
            {
                return (outcome, null);
            }

            var leaseUntil = _clock.GetUtcNow() + lease;
            if (await _table.TrySetLeaseUnchangedAsync(item, leaseUntil, receipt, cancellationToken) is { } extended)
            {
                return (AcknowledgeOutcome.Acknowledged, extended.ToLeased());
            }
        }
    }

    /// <summary>Ends a lease now: the item is visible again at once, its delivery count kept, the receipt void.</summary>
    public async Task<AcknowledgeOutcome> ReleaseAsync(string queueName, string itemId, string receipt, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (outcome, item) = await LeasedItemAsync(queueName, itemId, receipt, cancellationToken);
            if (item is null)
            {
                return outcome;
            }

            if (await _table.TrySetLeaseUnchangedAsync(item, DateTimeOffset.UnixEpoch, receipt: string.Empty, cancellationToken) is not null)
            {
                _heads.Changed(queueName);
                return AcknowledgeOutcome.Acknowledged;
            }
        }
    }

    /// <summary>
    /// The item if <paramref name="receipt"/> is the receipt of its latest lease; otherwise null and whether it is
    /// missing or leased under another receipt. A conditional write on the returned row's ETag fails if it was leased
    /// again meanwhile, so callers retry through this method.
    /// </summary>
    private async Task<(AcknowledgeOutcome Outcome, StoredQueueItem? Item)> LeasedItemAsync(
        string queueName, string itemId, string receipt, CancellationToken cancellationToken)
    {
        var item = await _table.GetItemAsync(queueName, itemId, cancellationToken);
        if (item is null)
        {
            return (AcknowledgeOutcome.NotFound, null);
        }

        return CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(item.Receipt ?? string.Empty),
                System.Text.Encoding.UTF8.GetBytes(receipt))
            ? (AcknowledgeOutcome.Acknowledged, item)
            : (AcknowledgeOutcome.ReceiptMismatch, null);
    }

    /// <summary>The queue's dead letters, oldest first; null when there is no such queue.</summary>
    public async Task<IReadOnlyList<DeadQueueItem>?> ListDeadAsync(string queueName, CancellationToken cancellationToken)
    {
        if (await _table.GetQueueAsync(queueName, cancellationToken) is null)
        {
            return null;
        }

        var dead = new List<DeadQueueItem>();
        await foreach (var row in _table.ReadDeadAsync(queueName, MaxDeadListed, cancellationToken))
        {
            dead.Add(row.ToDead());
        }

        return dead;
    }

    /// <summary>
    /// Puts dead letters back in the queue (all, or those of <paramref name="ids"/>) with their delivery count reset;
    /// how many, or null when there is no such queue.
    /// </summary>
    public async Task<int?> RedriveAsync(string queueName, IReadOnlySet<string>? ids, CancellationToken cancellationToken)
    {
        if (await _table.GetQueueAsync(queueName, cancellationToken) is null)
        {
            return null;
        }

        var redriven = 0;
        int read;
        do
        {
            read = 0;
            var batch = new List<StoredQueueItem>();
            await foreach (var dead in _table.ReadDeadAsync(queueName, MaxDeadListed, cancellationToken))
            {
                read++;
                if (ids is null || ids.Contains(dead.Id))
                {
                    batch.Add(dead);
                }
            }

            foreach (var dead in batch)
            {
                redriven += await _table.TryRedriveUnchangedAsync(dead, cancellationToken) ? 1 : 0;
            }

            // A full page may hide more dead letters behind it; the ones just redriven are gone from the next read.
            if (batch.Count == 0)
            {
                break;
            }
        }
        while (read == MaxDeadListed);

        _heads.Changed(queueName);
        return redriven;
    }

    /// <summary>Deletes a queue with all its items; false when there is no such queue.</summary>
    public async Task<bool> DeleteQueueAsync(string queueName, CancellationToken cancellationToken)
    {
        var deleted = await _table.DeleteQueueAsync(queueName, cancellationToken);
        if (deleted)
        {
            _heads.Changed(queueName);
            LogQueueDeleted(queueName);
        }

        return deleted;
    }

    /// <summary>Every queue with its item count.</summary>
    public Task<Paged<SortedDictionary<string, long>>> ListQueuesAsync(TableCursor? after, CancellationToken cancellationToken) =>
        _table.CountItemsPerQueueAsync(after, cancellationToken);

    /// <summary>Records a PIPE machine's status; with <paramref name="heartbeatSeconds"/>, it is stale after three missed heartbeats.</summary>
    public async Task<PipeStatus> SetStatusAsync(string pipeId, string status, JsonNode? details, double? heartbeatSeconds, CancellationToken cancellationToken) =>
        await _table.UpsertStatusAsync(
            new PipeStatus(pipeId, status, _clock.GetUtcNow().ToUnixTimeMilliseconds(), details, heartbeatSeconds, Stale: false), cancellationToken);

    /// <summary>A PIPE machine's status, or null.</summary>
    public async Task<PipeStatus?> GetStatusAsync(string pipeId, CancellationToken cancellationToken) =>
        await _table.GetStatusAsync(pipeId, cancellationToken) is { } status ? WithStaleness(status) : null;

    /// <summary>One page of PIPE machines' statuses after <paramref name="after"/>, ordered by id.</summary>
    public async Task<Paged<IReadOnlyList<PipeStatus>>> ListStatusesAsync(TableCursor? after, CancellationToken cancellationToken)
    {
        var page = await _table.ReadStatusesAsync(after, cancellationToken);
        return page with { Value = [.. page.Value.Select(WithStaleness)] };
    }

    /// <summary>Forgets a PIPE machine's status (no error when there was none, as the original).</summary>
    public Task DeleteStatusAsync(string pipeId, CancellationToken cancellationToken) =>
        _table.DeleteStatusAsync(pipeId, cancellationToken);

    private PipeStatus WithStaleness(PipeStatus status) =>
        status with
        {
            Stale = status.HeartbeatSeconds is { } heartbeat &&
                _clock.GetUtcNow().ToUnixTimeMilliseconds() - status.LastUpdated > 3 * heartbeat * 1000,
        };

    [LoggerMessage(Level = LogLevel.Warning, Message = "PIPE queue {QueueName}: item {ItemId} moved to the dead letters after {DeliveryCount} deliveries")]
    private partial void LogDeadLettered(string queueName, string itemId, int deliveryCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "PIPE queue {QueueName} deleted with its items")]
    private partial void LogQueueDeleted(string queueName);
}
