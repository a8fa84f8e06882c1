using System.Security.Cryptography;
using System.Text.Json.Nodes;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.PipeQueue;

/// <summary>
/// FIFO job queues and status tracking for PIPE processing machines. Safe to run on many instances at once: the
/// table's ETags, not locks in memory, decide which consumer gets an item.
/// </summary>
internal sealed partial class PipeQueueService(PipeQueueTable table, QueueItemIdGenerator ids, TimeProvider clock, ILogger<PipeQueueService> logger)
{
    /// <summary>How many of the oldest visible items one dequeue attempt reads before it has to read again.</summary>
    private const int DequeueCandidates = 32;

    private readonly PipeQueueTable _table = table;
    private readonly QueueItemIdGenerator _ids = ids;
    private readonly TimeProvider _clock = clock;
    private readonly ILogger<PipeQueueService> _logger = logger;

    /// <summary>Creates a queue; false when it already exists.</summary>
    public Task<bool> CreateQueueAsync(string queueName, CancellationToken cancellationToken) =>
        _table.TryAddQueueAsync(queueName, _clock.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);

    /// <summary>Adds an item at the back of the queue; null when there is no such queue.</summary>
    public async Task<QueueItem?> EnqueueAsync(string queueName, JsonNode? payload, string sender, CancellationToken cancellationToken) =>
        await _table.TryAddItemAsync(queueName, _ids.Next(), payload, sender, cancellationToken) is { } stored
            ? PipeQueueTable.ToQueueItem(queueName, stored)
            : null;

    /// <summary>Up to <paramref name="limit"/> items, oldest first, leased ones included; null when there is no such queue.</summary>
    public async Task<IReadOnlyList<QueueItem>?> PeekAsync(string queueName, int limit, CancellationToken cancellationToken)
    {
        if (!await _table.QueueExistsAsync(queueName, cancellationToken))
        {
            return null;
        }

        var items = new List<QueueItem>();
        await foreach (var row in _table.ReadItemsAsync(queueName, limit, visibleAt: null, cancellationToken))
        {
            items.Add(PipeQueueTable.ToQueueItem(queueName, row));
        }

        return items;
    }

    /// <summary>
    /// Removes and returns the oldest visible item. Each candidate is deleted only if unchanged since it was read;
    /// when another consumer took it first, the next one is tried, so no item is handed out twice or lost.
    /// </summary>
    public async Task<(DequeueOutcome Outcome, QueueItem? Item)> DequeueAsync(string queueName, CancellationToken cancellationToken)
    {
        if (!await _table.QueueExistsAsync(queueName, cancellationToken))
        {
            return (DequeueOutcome.NoQueue, null);
        }

        while (true)
        {
            var sawAny = false;
            await foreach (var candidate in _table.ReadItemsAsync(queueName, DequeueCandidates, _clock.GetUtcNow(), cancellationToken))
            {
                sawAny = true;
                if (await _table.TryDeleteUnchangedAsync(candidate, cancellationToken))
                {
                    return (DequeueOutcome.Dequeued, PipeQueueTable.ToQueueItem(queueName, candidate));
                }
            }

            if (!sawAny)
            {
                return (DequeueOutcome.Empty, null);
            }
        }
    }

    /// <summary>
    /// Hides the oldest visible item for <paramref name="lease"/> and returns it with a receipt; it is delivered
    /// again after the lease unless <see cref="AcknowledgeAsync"/> is called with that receipt first.
    /// </summary>
    public async Task<(DequeueOutcome Outcome, LeasedQueueItem? Item)> LeaseAsync(string queueName, TimeSpan lease, CancellationToken cancellationToken)
    {
        if (!await _table.QueueExistsAsync(queueName, cancellationToken))
        {
            return (DequeueOutcome.NoQueue, null);
        }

        while (true)
        {
            var sawAny = false;
            var now = _clock.GetUtcNow();
            await foreach (var candidate in _table.ReadItemsAsync(queueName, DequeueCandidates, now, cancellationToken))
            {
                sawAny = true;
                var receipt = RandomNumberGenerator.GetHexString(32, lowercase: true);
                var leaseUntil = now + lease;
                if (await _table.TryLeaseUnchangedAsync(candidate, leaseUntil, receipt, cancellationToken) is { } leased)
                {
                    var item = PipeQueueTable.ToQueueItem(queueName, leased);
                    return (DequeueOutcome.Dequeued, new LeasedQueueItem(
                        item.Id,
                        item.QueueName,
                        item.Payload,
                        item.CreatedAt,
                        item.Sender,
                        receipt,
                        leaseUntil.ToUnixTimeMilliseconds(),
                        leased.GetInt32("delivery_count") ?? 1));
                }
            }

            if (!sawAny)
            {
                return (DequeueOutcome.Empty, null);
            }
        }
    }

    /// <summary>Deletes a leased item if <paramref name="receipt"/> is the receipt of its current lease.</summary>
    public async Task<AcknowledgeOutcome> AcknowledgeAsync(string queueName, string itemId, string receipt, CancellationToken cancellationToken)
    {
        var item = await _table.GetItemAsync(queueName, itemId, cancellationToken);
        if (item is null)
        {
            return AcknowledgeOutcome.NotFound;
        }

        if (!CryptographicOperations.FixedTimeEquals(
                System.Text.Encoding.UTF8.GetBytes(PipeQueueTable.Receipt(item) ?? string.Empty),
                System.Text.Encoding.UTF8.GetBytes(receipt)))
        {
            return AcknowledgeOutcome.ReceiptMismatch;
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

    /// <summary>Deletes a queue with all its items; false when there is no such queue.</summary>
    public async Task<bool> DeleteQueueAsync(string queueName, CancellationToken cancellationToken)
    {
        var deleted = await _table.DeleteQueueAsync(queueName, cancellationToken);
        if (deleted)
        {
            LogQueueDeleted(queueName);
        }

        return deleted;
    }

    /// <summary>Every queue with its item count.</summary>
    public Task<Paged<SortedDictionary<string, long>>> ListQueuesAsync(TableCursor? after, CancellationToken cancellationToken) =>
        _table.CountItemsPerQueueAsync(after, cancellationToken);

    /// <summary>Records a PIPE machine's status.</summary>
    public async Task<PipeStatus> SetStatusAsync(string pipeId, string status, JsonNode? details, CancellationToken cancellationToken)
    {
        var stored = await _table.UpsertStatusAsync(pipeId, status, _clock.GetUtcNow().ToUnixTimeMilliseconds(), details, cancellationToken);
        return PipeQueueTable.ToPipeStatus(stored);
    }

    /// <summary>A PIPE machine's status, or null.</summary>
    public async Task<PipeStatus?> GetStatusAsync(string pipeId, CancellationToken cancellationToken) =>
        await _table.GetStatusAsync(pipeId, cancellationToken) is { } row ? PipeQueueTable.ToPipeStatus(row) : null;

    /// <summary>One page of PIPE machines' statuses after <paramref name="after"/>, ordered by id.</summary>
    public async Task<Paged<IReadOnlyList<PipeStatus>>> ListStatusesAsync(TableCursor? after, CancellationToken cancellationToken)
    {
        var page = await _table.ReadStatusesAsync(after, cancellationToken);
        return new Paged<IReadOnlyList<PipeStatus>>([.. page.Rows.Select(PipeQueueTable.ToPipeStatus)], page.Next);
    }

    /// <summary>Forgets a PIPE machine's status (no error when there was none, as the original).</summary>
    public Task DeleteStatusAsync(string pipeId, CancellationToken cancellationToken) =>
        _table.DeleteStatusAsync(pipeId, cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "PIPE queue {QueueName} deleted with its items")]
    private partial void LogQueueDeleted(string queueName);
}
