using System.Text.Json.Nodes;

namespace PhotonRanch.Functions.PipeQueue;

/// <param name="Id">Time-ordered (see <see cref="QueueItemIdGenerator"/>).</param>
/// <param name="Payload">Numbers in the original's DynamoDB form (see <see cref="Storage.DynamoDbNumbers"/>).</param>
/// <param name="CreatedAt">Milliseconds since the Unix epoch.</param>
/// <param name="Sender"><c>unknown</c> when not given.</param>
internal sealed record QueueItem(string Id, string QueueName, JsonNode? Payload, long CreatedAt, string Sender);

/// <summary>A queue item handed out under a lease: hidden from other consumers until the lease ends or it is acknowledged.</summary>
/// <param name="Receipt">The proof of this lease that <c>POST /pipe/queue/{name}/ack</c> needs.</param>
/// <param name="LeaseExpiresAt">Milliseconds since the Unix epoch.</param>
/// <param name="DeliveryCount">This time included.</param>
internal sealed record LeasedQueueItem(
    string Id,
    string QueueName,
    JsonNode? Payload,
    long CreatedAt,
    string Sender,
    string Receipt,
    long LeaseExpiresAt,
    int DeliveryCount);

/// <summary>An item moved out of its queue after <see cref="QueueSettings.MaxDeliveries"/> deliveries without an ack.</summary>
/// <param name="Id">Kept when it is redriven.</param>
internal sealed record DeadQueueItem(string Id, string QueueName, JsonNode? Payload, long CreatedAt, string Sender, int DeliveryCount);

/// <param name="VisibleAt">Until when a lease hides it (the epoch when never leased or released).</param>
/// <param name="Receipt">The latest lease's; empty after a release.</param>
/// <param name="ETag">The row version that conditional writes require unchanged.</param>
internal sealed record StoredQueueItem(
    string QueueName,
    string Id,
    JsonNode? Payload,
    long CreatedAt,
    string Sender,
    DateTimeOffset VisibleAt,
    string? Receipt,
    int DeliveryCount,
    Azure.ETag ETag)
{
    public QueueItem ToQueueItem() => new(Id, QueueName, Payload, CreatedAt, Sender);

    public LeasedQueueItem ToLeased() =>
        new(Id, QueueName, Payload, CreatedAt, Sender, Receipt ?? string.Empty, VisibleAt.ToUnixTimeMilliseconds(), DeliveryCount);

    public DeadQueueItem ToDead() => new(Id, QueueName, Payload, CreatedAt, Sender, DeliveryCount);
}

/// <param name="MaxDeliveries">After this many deliveries without an ack an item goes to the dead letters; null: never.</param>
internal sealed record QueueSettings(int? MaxDeliveries);

/// <param name="Status">E.g. <c>online</c>.</param>
/// <param name="LastUpdated">Milliseconds since the Unix epoch.</param>
/// <param name="Details">Numbers in the original's DynamoDB form.</param>
/// <param name="HeartbeatSeconds">How often the machine promised to report; null when it did not say.</param>
/// <param name="Stale">The last report is older than three heartbeats (never without a heartbeat).</param>
internal sealed record PipeStatus(string PipeId, string Status, long LastUpdated, JsonNode? Details, double? HeartbeatSeconds, bool Stale);

/// <summary>What <see cref="PipeQueueService.TakeAsync"/> found.</summary>
internal enum DequeueOutcome
{
    Dequeued,

    /// <summary>The queue exists but holds no visible item.</summary>
    Empty,
    NoQueue,
}

/// <summary>What <see cref="PipeQueueService.AcknowledgeAsync"/> (or extend, release) did with a leased item.</summary>
internal enum AcknowledgeOutcome
{
    /// <summary>The leased item was deleted (or its lease extended or ended).</summary>
    Acknowledged,

    /// <summary>No such queue or item (already acknowledged, or taken by a plain dequeue after its lease ended).</summary>
    NotFound,

    /// <summary>The item is leased under another receipt (its lease ended and it was handed out again).</summary>
    ReceiptMismatch,
}
