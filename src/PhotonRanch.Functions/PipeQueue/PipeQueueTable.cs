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
internal sealed class PipeQueueTable
{
    /// <summary>Table Storage accepts at most 100 operations in one transaction.</summary>
    public const int MaxBatchSize = 100;

    private const string ItemTypeProperty = "item_type";
    private const string QueueMetadataType = "QUEUE_METADATA";
    private const string QueueItemType = "QUEUE_ITEM";
    private const string StatusItemType = "STATUS_ITEM";

    private readonly TableClient _table;

    /// <summary>Creates the table access for the configured PIPE queue table.</summary>
    public PipeQueueTable(TableServiceClient tables, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        _table = tables.GetTableClient(options.Value.Tables.PipeQueue);
    }

    /// <summary>Adds a queue's metadata row; false when the queue already exists.</summary>
    public async Task<bool> TryAddQueueAsync(string queueName, long createdAtMs, CancellationToken cancellationToken)
    {
        var metadata = new TableEntity(PipeQueueKeys.QueuePartition(queueName), PipeQueueKeys.MetadataRowKey)
        {
            [ItemTypeProperty] = QueueMetadataType,
            ["created_at"] = createdAtMs,
            ["queue_name"] = queueName,
        };
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

    /// <summary>Whether the queue's metadata row exists.</summary>
    public async Task<bool> QueueExistsAsync(string queueName, CancellationToken cancellationToken)
    {
        var metadata = await _table.GetEntityIfExistsAsync<TableEntity>(
            PipeQueueKeys.QueuePartition(queueName), PipeQueueKeys.MetadataRowKey, ["RowKey"], cancellationToken);
        return metadata.HasValue;
    }

    /// <summary>
    /// Adds an item row and returns it as stored; null when the queue's metadata row does not exist. One transaction
    /// adds the item and touches the metadata row, so an item can never outlive a concurrent delete of its queue:
    /// either the transaction commits before the metadata is deleted (and the delete's sweep removes the item) or it
    /// fails whole.
    /// </summary>
    /// <exception cref="RefusedException">Too large when the payload does not fit in one entity; nothing is written.</exception>
    public async Task<TableEntity?> TryAddItemAsync(string queueName, QueueItemId id, JsonNode? payload, string sender, CancellationToken cancellationToken)
    {
        var partition = PipeQueueKeys.QueuePartition(queueName);
        var item = new TableEntity(partition, PipeQueueKeys.ItemRowKey(id.Value))
        {
            [ItemTypeProperty] = QueueItemType,
            ["id"] = id.Value,
            ["created_at"] = id.AcceptedAt.ToUnixTimeMilliseconds(),
            ["sender"] = sender,
            ["visible_at"] = 0L,
            ["delivery_count"] = 0,
        };
        TableJsonProperty.Set(item, "payload", payload);

        // A merge without properties leaves every stored value as it was (only the row's ETag and Timestamp change);
        // it is there to fail when the row is missing, which no condition on an insert alone can express.
        var metadataMustExist = new TableEntity(partition, PipeQueueKeys.MetadataRowKey);
        try
        {
            await _table.SubmitTransactionAsync(
                [
                    new TableTransactionAction(TableTransactionActionType.UpdateMerge, metadataMustExist, ETag.All),
                    new TableTransactionAction(TableTransactionActionType.Add, item),
                ],
                cancellationToken);
            return item;
        }
        catch (TableTransactionFailedException missing) when (missing.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// The queue's items, oldest first; with <paramref name="visibleAt"/>, only those not hidden by a lease at that
    /// moment. Stops after <paramref name="limit"/> items.
    /// </summary>
    public async IAsyncEnumerable<TableEntity> ReadItemsAsync(
        string queueName,
        int limit,
        DateTimeOffset? visibleAt,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var partition = PipeQueueKeys.QueuePartition(queueName);
        var (from, before) = PipeQueueKeys.ItemRowKeyRange;
        var filter = visibleAt is { } moment
            ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {before} and visible_at le {moment.UtcTicks}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {from} and RowKey lt {before}");
        var count = 0;
        await foreach (var item in _table.QueryAsync<TableEntity>(filter, Math.Min(limit, 1000), cancellationToken: cancellationToken))
        {
            yield return item;
            if (++count >= limit)
            {
                yield break;
            }
        }
    }

    /// <summary>Deletes an item only if it is unchanged since it was read; false when another consumer got there first.</summary>
    public async Task<bool> TryDeleteUnchangedAsync(TableEntity item, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        try
        {
            var response = await _table.DeleteEntityAsync(item.PartitionKey, item.RowKey, item.ETag, cancellationToken);
            return response.Status != 404;
        }
        catch (RequestFailedException lost) when (lost.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Hides an unchanged item until <paramref name="leaseUntil"/> under <paramref name="receipt"/>; the updated
    /// entity, or null when another consumer changed or removed it first. Only the lease's own properties are
    /// written (a merge): rewriting the whole row would send its payload again, which for a large payload exceeds
    /// what one request may carry.
    /// </summary>
    public async Task<TableEntity?> TryLeaseUnchangedAsync(TableEntity item, DateTimeOffset leaseUntil, string receipt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var deliveryCount = (item.GetInt32("delivery_count") ?? 0) + 1;
        var lease = new TableEntity(item.PartitionKey, item.RowKey)
        {
            ["visible_at"] = leaseUntil.UtcTicks,
            ["receipt"] = receipt,
            ["delivery_count"] = deliveryCount,
        };
        try
        {
            var response = await _table.UpdateEntityAsync(lease, item.ETag, TableUpdateMode.Merge, cancellationToken);
            return new TableEntity(item)
            {
                ["visible_at"] = leaseUntil.UtcTicks,
                ["receipt"] = receipt,
                ["delivery_count"] = deliveryCount,
                ETag = response.Headers.ETag ?? default,
            };
        }
        catch (RequestFailedException lost) when (lost.Status is 404 or 412)
        {
            return null;
        }
    }

    /// <summary>One item, or null.</summary>
    public async Task<TableEntity?> GetItemAsync(string queueName, string itemId, CancellationToken cancellationToken)
    {
        var item = await _table.GetEntityIfExistsAsync<TableEntity>(
            PipeQueueKeys.QueuePartition(queueName), PipeQueueKeys.ItemRowKey(itemId), cancellationToken: cancellationToken);
        return item.HasValue ? item.Value : null;
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

    /// <summary>Replaces a PIPE machine's status row.</summary>
    /// <exception cref="RefusedException">Too large when the details do not fit in one entity; nothing is written.</exception>
    public async Task<TableEntity> UpsertStatusAsync(string pipeId, string status, long lastUpdatedMs, JsonNode? details, CancellationToken cancellationToken)
    {
        var row = new TableEntity(PipeQueueKeys.StatusPartition(pipeId), PipeQueueKeys.StatusRowKey)
        {
            [ItemTypeProperty] = StatusItemType,
            ["status"] = status,
            ["last_updated"] = lastUpdatedMs,
        };
        TableJsonProperty.Set(row, "details", details);
        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        return row;
    }

    /// <summary>A PIPE machine's status row, or null.</summary>
    public async Task<TableEntity?> GetStatusAsync(string pipeId, CancellationToken cancellationToken)
    {
        var row = await _table.GetEntityIfExistsAsync<TableEntity>(
            PipeQueueKeys.StatusPartition(pipeId), PipeQueueKeys.StatusRowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value : null;
    }

    /// <summary>One page of status rows after <paramref name="after"/>, ordered by PIPE id.</summary>
    public Task<TablePage> ReadStatusesAsync(TableCursor? after, CancellationToken cancellationToken)
    {
        var (from, before) = PipeQueueKeys.StatusPartitionRange;
        return TablePage.ReadAsync(_table, TableClient.CreateQueryFilter($"PartitionKey ge {from} and PartitionKey lt {before}"), after, cancellationToken);
    }

    /// <summary>Deletes a PIPE machine's status row, if any.</summary>
    public Task DeleteStatusAsync(string pipeId, CancellationToken cancellationToken) =>
        _table.DeleteEntityAsync(PipeQueueKeys.StatusPartition(pipeId), PipeQueueKeys.StatusRowKey, ETag.All, cancellationToken);

    /// <summary>Reads the common item fields of an item row.</summary>
    public static QueueItem ToQueueItem(string queueName, TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new QueueItem(
            row.GetString("id") ?? row.RowKey,
            queueName,
            TableJsonProperty.Get(row, "payload"),
            row.GetInt64("created_at") ?? 0,
            row.GetString("sender") ?? "unknown");
    }

    /// <summary>Reads a status row.</summary>
    public static PipeStatus ToPipeStatus(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new PipeStatus(
            PipeQueueKeys.PipeId(row.PartitionKey),
            row.GetString("status") ?? "unknown",
            row.GetInt64("last_updated") ?? 0,
            TableJsonProperty.Get(row, "details"));
    }

    /// <summary>The lease receipt stored on an item, if any.</summary>
    public static string? Receipt(TableEntity row) => row.GetString("receipt");

    /// <summary>Until when an item is hidden by a lease.</summary>
    public static DateTimeOffset VisibleAt(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new DateTimeOffset(row.GetInt64("visible_at") ?? 0, TimeSpan.Zero);
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
