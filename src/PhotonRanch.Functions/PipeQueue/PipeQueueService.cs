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

    public const int MaxDeadListed = 1000;

    /// <returns>False when the queue already exists.</returns>
    public Task<bool> CreateQueueAsync(string queueName, int? maxDeliveries, CancellationToken cancellationToken) =>
        table.TryAddQueueAsync(queueName, clock.GetUtcNow().ToUnixTimeMilliseconds(), maxDeliveries, cancellationToken);

    /// <summary>
    /// Null when there is no such queue. With a <paramref name="dedupeKey"/> that an enqueue of the last
    /// <see cref="DedupeWindow"/> used, adds nothing and answers that enqueue's item.
    /// </summary>
    public async Task<QueueItem?> EnqueueAsync(string queueName, JsonNode? payload, string sender, string? dedupeKey, CancellationToken cancellationToken)
    {
        if (await table.TryAddItemAsync(queueName, ids.Next(), payload, sender, dedupeKey, DedupeWindow, cancellationToken) is not { } added)
        {
            return null;
        }

        if (!added.Duplicate)
        {
            heads.Enqueued(queueName);
        }

        return added.Item.ToQueueItem();
    }

    /// <summary>Oldest first, leased ones included; null when there is no such queue.</summary>
    public async Task<IReadOnlyList<QueueItem>?> PeekAsync(string queueName, int limit, CancellationToken cancellationToken)
    {
        if (await table.GetQueueAsync(queueName, cancellationToken) is null)
        {
            return null;
        }

        var items = new List<QueueItem>();
        await foreach (var row in table.ReadItemsAsync(queueName, limit, visibleAt: null, cancellationToken))
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
        var settings = heads.RecentSettings(queueName);
        var settingsRead = settings is null;
        settings ??= await table.GetQueueAsync(queueName, cancellationToken);
        if (settings is null)
        {
            return (DequeueOutcome.NoQueue, []);
        }

        if (settingsRead)
        {
            heads.SettingsRead(queueName, settings);
        }

        var deadline = clock.GetUtcNow() + wait;
        var waited = false;
        while (true)
        {
            var signal = heads.NextSignal(queueName);
            var taken = await TakeVisibleAsync(queueName, settings, max, lease, trustEmptyRead: waited, cancellationToken);
            if (taken.Count > 0)
            {
                return (DequeueOutcome.Dequeued, [.. taken.OrderBy(item => item.Id, StringComparer.Ordinal).Select(item => lease is null ? (object)item.ToQueueItem() : item.ToLeased())]);
            }

            // Settings remembered from an earlier dequeue say nothing of a delete since: an empty answer makes sure.
            if (!settingsRead)
            {
                settingsRead = true;
                if (await table.GetQueueAsync(queueName, cancellationToken) is null)
                {
                    return (DequeueOutcome.NoQueue, []);
                }
            }

            var remaining = deadline - clock.GetUtcNow();
            if (remaining <= TimeSpan.Zero)
            {
                return (DequeueOutcome.Empty, []);
            }

            // Wakes at an enqueue through this instance, or to look again for one made through another instance.
            await Task.WhenAny(signal, Task.Delay(remaining < PipeQueueHeads.RecheckInterval ? remaining : PipeQueueHeads.RecheckInterval, clock, cancellationToken));
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
            var candidates = await heads.TakeCandidatesAsync(queueName, max - taken.Count, trustEmptyRead, cancellationToken);
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
                heads.Done(queueName, candidates);
            }
        }

        return taken;
    }

    private async Task<StoredQueueItem?> TryClaimAsync(StoredQueueItem candidate, QueueSettings settings, TimeSpan? lease, CancellationToken cancellationToken)
    {
        if (candidate.DeliveryCount >= settings.MaxDeliveries)
        {
            if (await table.TryDeadLetterUnchangedAsync(candidate, cancellationToken))
            {
                LogDeadLettered(candidate.QueueName, candidate.Id, candidate.DeliveryCount);
            }

            return null;
        }

        if (lease is not { } leaseFor)
        {
            return await table.TryDeleteUnchangedAsync(candidate, cancellationToken) ? candidate : null;
        }

        return await table.TryLeaseUnchangedAsync(
            candidate, clock.GetUtcNow() + leaseFor, RandomNumberGenerator.GetHexString(32, lowercase: true), cancellationToken);
    }

    /// <summary>Deletes a leased item if <paramref name="receipt"/> is its current lease's.</summary>
    public async Task<AcknowledgeOutcome> AcknowledgeAsync(string queueName, string itemId, string receipt, CancellationToken cancellationToken)
    {
        var (outcome, item) = await LeasedItemAsync(queueName, itemId, receipt, cancellationToken);
        if (item is null)
        {
            return outcome;
        }

        // Conditional on the ETag read above: if the lease ended and another consumer re-leased it meanwhile, this
        // receipt is stale.
        if (await table.TryDeleteUnchangedAsync(item, cancellationToken))
        {
            return AcknowledgeOutcome.Acknowledged;
        }

        return await table.GetItemAsync(queueName, itemId, cancellationToken) is null
            ? AcknowledgeOutcome.NotFound
            : AcknowledgeOutcome.ReceiptMismatch;
    }

    /// <summary>Keeps a leased item hidden for <paramref name="lease"/> from now, under the same receipt.</summary>
    public async Task<(AcknowledgeOutcome Outcome, LeasedQueueItem? Item)> ExtendAsync(
        string queueName, string itemId, string receipt, TimeSpan lease, CancellationToken cancellationToken)
    {
        var (outcome, extended) = await SetLeaseAsync(
            queueName, itemId, receipt, () => clock.GetUtcNow() + lease, receipt, cancellationToken);
        return (outcome, extended?.ToLeased());
    }

    /// <summary>Ends a lease now: the item is visible again at once, its delivery count kept, the receipt void.</summary>
    public async Task<AcknowledgeOutcome> ReleaseAsync(string queueName, string itemId, string receipt, CancellationToken cancellationToken)
    {
        var (outcome, released) = await SetLeaseAsync(
            queueName, itemId, receipt, () => DateTimeOffset.UnixEpoch, newReceipt: string.Empty, cancellationToken);
        if (released is not null)
        {
            heads.Changed(queueName);
        }

        return outcome;
    }

    // Rewrites the lease of an item leased under `receipt`, retrying when it changed between the read and the write.
    private async Task<(AcknowledgeOutcome Outcome, StoredQueueItem? Item)> SetLeaseAsync(
        string queueName, string itemId, string receipt, Func<DateTimeOffset> leaseUntil, string newReceipt, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (outcome, item) = await LeasedItemAsync(queueName, itemId, receipt, cancellationToken);
            if (item is null)
            {
                return (outcome, null);
            }

            if (await table.TrySetLeaseUnchangedAsync(item, leaseUntil(), newReceipt, cancellationToken) is { } updated)
            {
                return (AcknowledgeOutcome.Acknowledged, updated);
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
        var item = await table.GetItemAsync(queueName, itemId, cancellationToken);
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

    /// <summary>Oldest first; null when there is no such queue.</summary>
    public async Task<IReadOnlyList<DeadQueueItem>?> ListDeadAsync(string queueName, CancellationToken cancellationToken)
    {
        if (await table.GetQueueAsync(queueName, cancellationToken) is null)
        {
            return null;
        }

        var dead = new List<DeadQueueItem>();
        await foreach (var row in table.ReadDeadAsync(queueName, MaxDeadListed, cancellationToken))
        {
            dead.Add(row.ToDead());
        }

        return dead;
    }

    /// <summary>
    /// All dead letters, or those of <paramref name="ids"/>, with their delivery count reset; how many, or null when
    /// there is no such queue.
    /// </summary>
    public async Task<int?> RedriveAsync(string queueName, IReadOnlySet<string>? ids, CancellationToken cancellationToken)
    {
        if (await table.GetQueueAsync(queueName, cancellationToken) is null)
        {
            return null;
        }

        var redriven = 0;
        int read;
        do
        {
            read = 0;
            var batch = new List<StoredQueueItem>();
            await foreach (var dead in table.ReadDeadAsync(queueName, MaxDeadListed, cancellationToken))
            {
                read++;
                if (ids is null || ids.Contains(dead.Id))
                {
                    batch.Add(dead);
                }
            }

            foreach (var dead in batch)
            {
                redriven += await table.TryRedriveUnchangedAsync(dead, cancellationToken) ? 1 : 0;
            }

            // A full page may hide more dead letters behind it; the ones just redriven are gone from the next read.
            if (batch.Count == 0)
            {
                break;
            }
        }
        while (read == MaxDeadListed);

        heads.Changed(queueName);
        return redriven;
    }

    /// <returns>False when there is no such queue.</returns>
    public async Task<bool> DeleteQueueAsync(string queueName, CancellationToken cancellationToken)
    {
        var deleted = await table.DeleteQueueAsync(queueName, cancellationToken);
        if (deleted)
        {
            heads.Changed(queueName);
            LogQueueDeleted(queueName);
        }

        return deleted;
    }

    public Task<Paged<SortedDictionary<string, long>>> ListQueuesAsync(TableCursor? after, CancellationToken cancellationToken) =>
        table.CountItemsPerQueueAsync(after, cancellationToken);

    /// <summary>With <paramref name="heartbeatSeconds"/>, the status is stale after three missed heartbeats.</summary>
    public async Task<PipeStatus> SetStatusAsync(string pipeId, string status, JsonNode? details, double? heartbeatSeconds, CancellationToken cancellationToken) =>
        await table.UpsertStatusAsync(
            new PipeStatus(pipeId, status, clock.GetUtcNow().ToUnixTimeMilliseconds(), details, heartbeatSeconds, Stale: false), cancellationToken);

    public async Task<PipeStatus?> GetStatusAsync(string pipeId, CancellationToken cancellationToken) =>
        await table.GetStatusAsync(pipeId, cancellationToken) is { } status ? WithStaleness(status) : null;

    /// <summary>Ordered by id.</summary>
    public async Task<Paged<IReadOnlyList<PipeStatus>>> ListStatusesAsync(TableCursor? after, CancellationToken cancellationToken)
    {
        var page = await table.ReadStatusesAsync(after, cancellationToken);
        return page with { Value = [.. page.Value.Select(WithStaleness)] };
    }

    /// <summary>No error when there was none, as the original.</summary>
    public Task DeleteStatusAsync(string pipeId, CancellationToken cancellationToken) =>
        table.DeleteStatusAsync(pipeId, cancellationToken);

    private PipeStatus WithStaleness(PipeStatus status) =>
        status with
        {
            Stale = status.HeartbeatSeconds is { } heartbeat &&
                clock.GetUtcNow().ToUnixTimeMilliseconds() - status.LastUpdated > 3 * heartbeat * 1000,
        };

    [LoggerMessage(Level = LogLevel.Warning, Message = "PIPE queue {QueueName}: item {ItemId} moved to the dead letters after {DeliveryCount} deliveries")]
    private partial void LogDeadLettered(string queueName, string itemId, int deliveryCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "PIPE queue {QueueName} deleted with its items")]
    private partial void LogQueueDeleted(string queueName);
}
