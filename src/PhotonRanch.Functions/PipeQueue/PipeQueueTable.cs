using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.PipeQueue;

/// <summary>
/// The PIPE queue table: every read and write of queue metadata, items and statuses. Queries follow continuation
/// tokens; conditional writes use ETags so that concurrent instances never both take one item.
/// </summary>
internal sealed class PipeQueueTable(TableServiceClient tables, IOptions<StorageOptions> options)
{
    /// <summary>Table Storage accepts at most 100 operations in one transaction.</summary>
    public const int MaxBatchSize = 100;

    private const string ItemTypeProperty = "item_type";
    private const string QueueMetadataType = "QUEUE_METADATA";
    private const string QueueItemType = "QUEUE_ITEM";
    private const string StatusItemType = "STATUS_ITEM";

    private readonly TableClient _table = tables.GetTableClient(options.Value.Tables.PipeQueue);

    /// <returns>False when the queue already exists.</returns>
    public async Task<bool> TryAddQueueAsync(string queueName, long createdAtMs, int? maxDeliveries, CancellationToken cancellationToken)
    {
        var metadata = new TableEntity(PipeQueueKeys.QueuePartition(queueName), PipeQueueKeys.MetadataRowKey)
        {
            [ItemTypeProperty] = QueueMetadataType,
            ["created_at"] = createdAtMs,
            ["queue_name"] = queueName,
        };
        if (maxDeliveries is { } max)
        {
            metadata["max_deliveries"] = max;
        }

        try
        {
            await _table.AddEntityAsync(metadata, cancellationToken);
            return true;
        }
        catch (RequestFailedException conflict) when (conflict.Status == 409)
        {
            return false;
        }
    }

    /// <returns>Null when there is no such queue.</returns>
    public async Task<QueueSettings?> GetQueueAsync(string queueName, CancellationToken cancellationToken)
    {
        var metadata = await _table.GetEntityIfExistsAsync<TableEntity>(
            PipeQueueKeys.QueuePartition(queueName), PipeQueueKeys.MetadataRowKey, ["RowKey", "max_deliveries"], cancellationToken);
        return metadata.HasValue ? new QueueSettings(metadata.Value!.GetInt32("max_deliveries")) : null;
    }

    /// <summary>
    /// The item as stored; null when the queue's metadata row does not exist. One transaction
    /// adds the item and touches the metadata row, so an item can never outlive a concurrent delete of its queue:
    /// either the transaction commits before the metadata is deleted (and the delete's sweep removes the item) or it
    /// fails whole. With a <paramref name="dedupeKey"/>, the same transaction inserts the key's row if absent (or
    /// replaces it, unchanged since read, once older than <paramref name="dedupeWindow"/>): when another enqueue holds
    /// the key, nothing is added and the answer is that enqueue's item, marked as a duplicate.
    /// </summary>
    /// <exception cref="RefusedException">Too large when the payload does not fit in one entity; nothing is written.</exception>
    public async Task<(StoredQueueItem Item, bool Duplicate)?> TryAddItemAsync(
        string queueName,
        QueueItemId id,
        JsonNode? payload,
        string sender,
        string? dedupeKey,
        TimeSpan dedupeWindow,
        CancellationToken cancellationToken)
    {
        var itemRow = ToEntity(
            new StoredQueueItem(queueName, id.Value, payload, id.AcceptedAt.ToUnixTimeMilliseconds(), sender, DateTimeOffset.UnixEpoch, null, 0, default),
            PipeQueueKeys.ItemRowKey(id.Value));

        // Read back from the row, so the answer has the payload as stored (numbers in the DynamoDB form).
        var stored = ToStoredItem(queueName, itemRow);
        var partition = PipeQueueKeys.QueuePartition(queueName);

        // A merge without properties leaves every stored value as it was (only the row's ETag and Timestamp change);
        // it is there to fail when the row is missing, which no condition on an insert alone can express.
        var metadataMustExist = new TableEntity(partition, PipeQueueKeys.MetadataRowKey);
        TableEntity? expiredDedupe = null;
        while (true)
        {
            List<TableTransactionAction> actions =
            [
                new(TableTransactionActionType.UpdateMerge, metadataMustExist, ETag.All),
                new(TableTransactionActionType.Add, itemRow),
            ];
            if (dedupeKey is not null)
            {
                var dedupe = new TableEntity(partition, PipeQueueKeys.DedupeRowKey(dedupeKey))
                {
                    ["item_id"] = id.Value,
                    ["created_at"] = stored.CreatedAt,
                    ["sender"] = sender,
                };
                actions.Add(expiredDedupe is null
                    ? new(TableTransactionActionType.Add, dedupe)
                    : new(TableTransactionActionType.UpdateReplace, dedupe, expiredDedupe.ETag));
            }

            try
            {
                await _table.SubmitTransactionAsync(actions, cancellationToken);
                return (stored, false);
            }
            catch (TableTransactionFailedException failed) when (failed.Status == 404 && dedupeKey is null)
            {
                return null;
            }
            catch (TableTransactionFailedException failed) when (dedupeKey is not null && failed.Status is 404 or 409 or 412)
            {
                if (failed.Status == 404 && await GetQueueAsync(queueName, cancellationToken) is null)
                {
                    return null;
                }

                // Another enqueue holds the key, or changed or removed the expired row first: read who holds it now.
                var holder = await _table.GetEntityIfExistsAsync<TableEntity>(partition, PipeQueueKeys.DedupeRowKey(dedupeKey), cancellationToken: cancellationToken);
                if (!holder.HasValue)
                {
                    expiredDedupe = null;
                    continue;
                }

                var first = holder.Value!;
                if (DateTimeOffset.FromUnixTimeMilliseconds(first.GetInt64("created_at") ?? 0) + dedupeWindow <= id.AcceptedAt)
                {
                    expiredDedupe = first;
                    continue;
                }

                var firstId = first.GetString("item_id") ?? string.Empty;
                return (await GetItemAsync(queueName, firstId, cancellationToken)
                    ?? stored with { Id = firstId, CreatedAt = first.GetInt64("created_at") ?? 0, Sender = first.GetString("sender") ?? sender }, true);
            }
        }
    }

    /// <summary>Oldest first; with <paramref name="visibleAt"/>, only those not hidden by a lease at that moment.</summary>
    public IAsyncEnumerable<StoredQueueItem> ReadItemsAsync(string queueName, int limit, DateTimeOffset? visibleAt, CancellationToken cancellationToken) =>
        ReadRowsAsync(queueName, PipeQueueKeys.ItemRowKeyRange, limit, visibleAt, cancellationToken);

    /// <summary>Oldest first.</summary>
    public IAsyncEnumerable<StoredQueueItem> ReadDeadAsync(string queueName, int limit, CancellationToken cancellationToken) =>
        ReadRowsAsync(queueName, PipeQueueKeys.DeadRowKeyRange, limit, visibleAt: null, cancellationToken);

    /// <returns>False when another consumer changed or removed it first.</returns>
    public async Task<bool> TryDeleteUnchangedAsync(StoredQueueItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        try
        {
            var response = await _table.DeleteEntityAsync(
                PipeQueueKeys.QueuePartition(item.QueueName), PipeQueueKeys.ItemRowKey(item.Id), item.ETag, cancellationToken);
            return response.Status != 404;
        }
        catch (RequestFailedException lost) when (lost.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>Counts one more delivery; null when another consumer changed or removed the item first.</summary>
    public Task<StoredQueueItem?> TryLeaseUnchangedAsync(StoredQueueItem item, DateTimeOffset leaseUntil, string receipt, CancellationToken cancellationToken) =>
        TryUpdateLeaseAsync(item, item with { VisibleAt = leaseUntil, Receipt = receipt, DeliveryCount = item.DeliveryCount + 1 }, cancellationToken);

    /// <summary>Counts no delivery (extend, release); null when the item was changed or removed meanwhile.</summary>
    public Task<StoredQueueItem?> TrySetLeaseUnchangedAsync(StoredQueueItem item, DateTimeOffset visibleAt, string receipt, CancellationToken cancellationToken) =>
        TryUpdateLeaseAsync(item, item with { VisibleAt = visibleAt, Receipt = receipt }, cancellationToken);

    /// <summary>One transaction; false when another consumer changed or removed the item first.</summary>
    public async Task<bool> TryDeadLetterUnchangedAsync(StoredQueueItem item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var partition = PipeQueueKeys.QueuePartition(item.QueueName);
        return await TrySubmitAsync(
            [
                new(TableTransactionActionType.Delete, new TableEntity(partition, PipeQueueKeys.ItemRowKey(item.Id)), item.ETag),
                new(TableTransactionActionType.Add, ToEntity(item with { Receipt = null }, PipeQueueKeys.DeadRowKey(item.Id))),
            ],
            cancellationToken);
    }

    /// <summary>
    /// Puts an unchanged dead letter back in the queue under its own id, delivery count 0 and visible at once;
    /// false when it was redriven meanwhile.
    /// </summary>
    public async Task<bool> TryRedriveUnchangedAsync(StoredQueueItem dead, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dead);
        var partition = PipeQueueKeys.QueuePartition(dead.QueueName);
        return await TrySubmitAsync(
            [
                new(TableTransactionActionType.Delete, new TableEntity(partition, PipeQueueKeys.DeadRowKey(dead.Id)), dead.ETag),
                new(TableTransactionActionType.Add, ToEntity(dead with { DeliveryCount = 0, VisibleAt = DateTimeOffset.UnixEpoch }, PipeQueueKeys.ItemRowKey(dead.Id))),
            ],
            cancellationToken);
    }

    public async Task<StoredQueueItem?> GetItemAsync(string queueName, string itemId, CancellationToken cancellationToken)
    {
        var item = await _table.GetEntityIfExistsAsync<TableEntity>(
            PipeQueueKeys.QueuePartition(queueName), PipeQueueKeys.ItemRowKey(itemId), cancellationToken: cancellationToken);
        return item.HasValue ? ToStoredItem(queueName, item.Value!) : null;
    }

    /// <summary>
    /// Deletes a queue: its metadata first, so no new item is accepted, then every row the queue had, in transactions
    /// of at most <see cref="MaxBatchSize"/>. False when the queue did not exist.
    /// </summary>
    /// <remarks>
    /// The queue may be created again while the sweep runs, and items enqueued to the new queue must survive it. So
    /// one transaction removes the metadata row (after which no enqueue can add to the old queue: each enqueue needs
    /// that row in its own transaction) and adds a marker row, whose Timestamp is that moment <c>T</c> on the
    /// server's clock; the sweep removes only rows last written at or before <c>T</c> — all the old queue had, the
    /// marker too, and nothing the new one gets.
    /// </remarks>
    public async Task<bool> DeleteQueueAsync(string queueName, CancellationToken cancellationToken)
    {
        var partition = PipeQueueKeys.QueuePartition(queueName);
        var marker = new TableEntity(partition, PipeQueueKeys.DeletionMarkerRowKey(Guid.NewGuid()));
        try
        {
            await _table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, PipeQueueKeys.MetadataRowKey), ETag.All),
                    new TableTransactionAction(TableTransactionActionType.Add, marker),
                ],
                cancellationToken);
        }
        catch (TableTransactionFailedException missing) when (missing.Status == 404)
        {
            return false;
        }

        var deletedAt = (await _table.GetEntityAsync<TableEntity>(partition, marker.RowKey, cancellationToken: cancellationToken)).Value.Timestamp
            ?? throw new InvalidOperationException("Table Storage returned a row without its Timestamp.");
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and Timestamp le {deletedAt}");
        bool deletedAny;
        do
        {
            deletedAny = false;
            var batch = new List<TableTransactionAction>(MaxBatchSize);
            await foreach (var row in _table.QueryAsync<TableEntity>(filter, MaxBatchSize, ["PartitionKey", "RowKey"], cancellationToken))
            {
                batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, row, ETag.All));
                if (batch.Count == MaxBatchSize)
                {
                    deletedAny |= await TryDeleteBatchAsync(batch, cancellationToken);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                deletedAny |= await TryDeleteBatchAsync(batch, cancellationToken);
            }
        }
        while (deletedAny);

        return true;
    }

    /// <summary>The most items counted in one queue: a larger queue is answered as this many.</summary>
    public const int MaxCountedItemsPerQueue = 10_000;

    /// <summary>The most item keys one page of the queue list reads; the page ends after the queue that reaches it.</summary>
    public const int MaxCountedItemsPerPage = 20_000;

    /// <summary>
    /// One page of queues after <paramref name="after"/> with their numbers of items (leased ones included, at most
    /// <see cref="MaxCountedItemsPerQueue"/>); empty queues count 0. Only partitions with a metadata row are queues:
    /// items that a delete is still sweeping away are not a queue any more. Counting reads keys, so a page stops once
    /// it has read <see cref="MaxCountedItemsPerPage"/> of them.
    /// </summary>
    public async Task<Paged<SortedDictionary<string, long>>> CountItemsPerQueueAsync(TableCursor? after, CancellationToken cancellationToken)
    {
        var (from, before) = PipeQueueKeys.QueuePartitionRange;
        var queues = await TablePage.ReadAsync(
            _table,
            TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {before} and RowKey eq {PipeQueueKeys.MetadataRowKey}"),
            after,
            cancellationToken);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var (itemsFrom, itemsBefore) = PipeQueueKeys.ItemRowKeyRange;
        long counted = 0;
        for (var i = 0; i < queues.Rows.Count; i++)
        {
            var metadata = queues.Rows[i];
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {metadata.PartitionKey} and RowKey ge {itemsFrom} and RowKey lt {itemsBefore}");
            long items = 0;
            await foreach (var _ in _table.QueryAsync<TableEntity>(filter, 1000, ["RowKey"], cancellationToken))
            {
                if (++items == MaxCountedItemsPerQueue)
                {
                    break;
                }
            }

            counts[PipeQueueKeys.QueueName(metadata.PartitionKey)] = items;
            counted += items;
            if (counted >= MaxCountedItemsPerPage && i < queues.Rows.Count - 1)
            {
                return new Paged<SortedDictionary<string, long>>(counts, new TableCursor(metadata.PartitionKey, metadata.RowKey));
            }
        }

        return new Paged<SortedDictionary<string, long>>(counts, queues.Next);
    }

    /// <exception cref="RefusedException">Too large when the details do not fit in one entity; nothing is written.</exception>
    public async Task<PipeStatus> UpsertStatusAsync(PipeStatus status, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(status);
        var row = new TableEntity(PipeQueueKeys.StatusPartition(status.PipeId), PipeQueueKeys.StatusRowKey)
        {
            [ItemTypeProperty] = StatusItemType,
            ["status"] = status.Status,
            ["last_updated"] = status.LastUpdated,
        };
        if (status.HeartbeatSeconds is { } heartbeat)
        {
            row["heartbeat_seconds"] = heartbeat;
        }

        TableJsonProperty.Set(row, "details", status.Details);
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        return status;
    }

    public async Task<PipeStatus?> GetStatusAsync(string pipeId, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(
            PipeQueueKeys.StatusPartition(pipeId), PipeQueueKeys.StatusRowKey, cancellationToken: cancellationToken);
        return row.HasValue ? ToPipeStatus(row.Value!) : null;
    }

    /// <summary>Ordered by PIPE id.</summary>
    public async Task<Paged<IReadOnlyList<PipeStatus>>> ReadStatusesAsync(TableCursor? after, CancellationToken cancellationToken)
    {
        var (from, before) = PipeQueueKeys.StatusPartitionRange;
        var page = await TablePage.ReadAsync(_table, TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {before}"), after, cancellationToken);
        return new Paged<IReadOnlyList<PipeStatus>>([.. page.Rows.Select(ToPipeStatus)], page.Next);
    }

    /// <summary>No error when there is none.</summary>
    public Task DeleteStatusAsync(string pipeId, CancellationToken cancellationToken) =>
        _table.DeleteEntityAsync(PipeQueueKeys.StatusPartition(pipeId), PipeQueueKeys.StatusRowKey, ETag.All, cancellationToken);

    private static PipeStatus ToPipeStatus(TableEntity row) =>
        new(
            PipeQueueKeys.PipeId(row.PartitionKey),
            row.GetString("status") ?? "unknown",
            row.GetInt64("last_updated") ?? 0,
            TableJsonProperty.Get(row, "details"),
            row.GetDouble("heartbeat_seconds"),
            Stale: false);

    private static StoredQueueItem ToStoredItem(string queueName, TableEntity row) =>
        new(
            queueName,
            row.GetString("id") ?? row.RowKey,
            TableJsonProperty.Get(row, "payload"),
            row.GetInt64("created_at") ?? 0,
            row.GetString("sender") ?? "unknown",
            new DateTimeOffset(row.GetInt64("visible_at") ?? 0, TimeSpan.Zero),
            row.GetString("receipt"),
            row.GetInt32("delivery_count") ?? 0,
            row.ETag);

    private static TableEntity ToEntity(StoredQueueItem item, string rowKey)
    {
        var row = new TableEntity(PipeQueueKeys.QueuePartition(item.QueueName), rowKey)
        {
            [ItemTypeProperty] = QueueItemType,
            ["id"] = item.Id,
            ["created_at"] = item.CreatedAt,
            ["sender"] = item.Sender,
            ["visible_at"] = item.VisibleAt.UtcTicks,
            ["delivery_count"] = item.DeliveryCount,
        };
        TableJsonProperty.Set(row, "payload", item.Payload);
        return row;
    }

    private async IAsyncEnumerable<StoredQueueItem> ReadRowsAsync(
        string queueName,
        (string From, string Before) range,
        int limit,
        DateTimeOffset? visibleAt,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partition = PipeQueueKeys.QueuePartition(queueName);
        var (from, before) = range;
        var filter = visibleAt is { } moment
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {before} and visible_at le {moment.UtcTicks}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {before}");
        var count = 0;
        await foreach (var row in _table.QueryAsync<TableEntity>(filter, Math.Min(limit, 1000), cancellationToken: cancellationToken))
        {
            yield return ToStoredItem(queueName, row);
            if (++count >= limit)
            {
                yield break;
            }
        }
    }

    // Only the lease's own properties are written (a merge): rewriting the whole row would send its payload again,
    // which for a large payload exceeds what one request may carry.
    private async Task<StoredQueueItem?> TryUpdateLeaseAsync(StoredQueueItem item, StoredQueueItem updated, CancellationToken cancellationToken)
    {
        var lease = new TableEntity(PipeQueueKeys.QueuePartition(item.QueueName), PipeQueueKeys.ItemRowKey(item.Id))
        {
            ["visible_at"] = updated.VisibleAt.UtcTicks,
            ["receipt"] = updated.Receipt,
            ["delivery_count"] = updated.DeliveryCount,
        };
        try
        {
            var response = await _table.UpdateEntityAsync(lease, item.ETag, TableUpdateMode.Merge, cancellationToken);
            return updated with { ETag = response.Headers.ETag ?? default };
        }
        catch (RequestFailedException lost) when (lost.Status is 404 or 412)
        {
            return null;
        }
    }

    private async Task<bool> TrySubmitAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        try
        {
            await _table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException lost) when (lost.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    // A batch fails whole when one of its rows vanished meanwhile (a concurrent dequeue); the next pass re-reads.
    private async Task<bool> TryDeleteBatchAsync(List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        try
        {
            await _table.SubmitTransactionAsync(batch, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException failed) when (failed.Status == 404)
        {
            return true;
        }
    }
}
