using System.Text.Json.Nodes;

namespace PhotonRanch.Functions.PipeQueue;

/// <summary>A queue item as callers see it.</summary>
/// <param name="Id">Time-ordered id (see <see cref="QueueItemIdGenerator"/>).</param>
/// <param name="QueueName">The queue it belongs to.</param>
/// <param name="Payload">The caller's JSON, numbers in the original's DynamoDB form (see <see cref="Storage.DynamoDbNumbers"/>).</param>
/// <param name="CreatedAt">Enqueue time, milliseconds since the Unix epoch.</param>
/// <param name="Sender">Who enqueued it (<c>unknown</c> when not given).</param>
internal sealed record QueueItem(string Id, string QueueName, JsonNode? Payload, long CreatedAt, string Sender);

/// <summary>A queue item handed out under a lease: hidden from other consumers until the lease ends or it is acknowledged.</summary>
/// <param name="Id">Time-ordered id.</param>
/// <param name="QueueName">The queue it belongs to.</param>
/// <param name="Payload">The caller's JSON, numbers in the original's DynamoDB form (see <see cref="Storage.DynamoDbNumbers"/>).</param>
/// <param name="CreatedAt">Enqueue time, milliseconds since the Unix epoch.</param>
/// <param name="Sender">Who enqueued it.</param>
/// <param name="Receipt">The proof of this lease that <c>POST /pipe/queue/{name}/ack</c> needs.</param>
/// <param name="LeaseExpiresAt">When the item becomes visible again unless acknowledged, milliseconds since the Unix epoch.</param>
/// <param name="DeliveryCount">How many times the item has been handed out, this time included.</param>
internal sealed record LeasedQueueItem(
    string Id,
    string QueueName,
    JsonNode? Payload,
    long CreatedAt,
    string Sender,
    string Receipt,
    long LeaseExpiresAt,
    int DeliveryCount);

/// <summary>A PIPE machine's last reported status.</summary>
/// <param name="PipeId">The machine.</param>
/// <param name="Status">What it reported, e.g. <c>online</c>.</param>
/// <param name="LastUpdated">When, milliseconds since the Unix epoch.</param>
/// <param name="Details">The caller's JSON, numbers in the original's DynamoDB form.</param>
internal sealed record PipeStatus(string PipeId, string Status, long LastUpdated, JsonNode? Details);

/// <summary>What <see cref="PipeQueueService.DequeueAsync"/> found.</summary>
internal enum DequeueOutcome
{
    /// <summary>An item was removed (or leased) and returned.</summary>
    Dequeued,

    /// <summary>The queue exists but holds no visible item.</summary>
    Empty,

    /// <summary>There is no such queue.</summary>
    NoQueue,
}

/// <summary>What <see cref="PipeQueueService.AcknowledgeAsync"/> did.</summary>
internal enum AcknowledgeOutcome
{
    /// <summary>The leased item was deleted.</summary>
    Acknowledged,

    /// <summary>No such queue or item (already acknowledged, or taken by a plain dequeue after its lease ended).</summary>
    NotFound,

    /// <summary>The item is leased under another receipt (its lease ended and it was handed out again).</summary>
    ReceiptMismatch,
}
