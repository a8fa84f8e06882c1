using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.OpenApi;
using static PhotonRanch.Functions.MessageTemplate;
using static PhotonRanch.Functions.PipeQueue.PipeQueueMessages;

namespace PhotonRanch.Functions.PipeQueue;

/// <summary>
/// The PIPE queue endpoints of the original (<c>/pipe/...</c>), plus what workers need beyond it (docs/pipe-queue.md):
/// leases they acknowledge, extend or release, long polling, batches, dead letters, idempotent enqueue, heartbeats.
/// </summary>
internal sealed class PipeQueueFunctions(PipeQueueService queues)
{
    public const int MaxPeekLimit = 1000;

    public const int MaxLeaseSeconds = 12 * 60 * 60;

    public const int MaxWaitSeconds = 20;

    /// <summary>Most items one dequeue answers.</summary>
    public const int MaxBatch = 32;

    public const int MaxDeliveriesLimit = 1000;

    public const int MaxHeartbeatSeconds = 86400;

    private const int MaxSenderLength = 1024;
    private const int MaxStatusLength = 1024;

    private const string ItemExample =
        """{"id": "0639000000000000001_3f2a9c1d", "queue_name": "reduction", "payload": {"filename": "sro-kb001ms-20220629-00010442-EX00.fits.fz"}, "created_at": 1764403200000, "sender": "sro"}""";

    private const string LeasedExample =
        """{"id": "0639000000000000001_3f2a9c1d", "queue_name": "reduction", "payload": {"filename": "sro-kb001ms-20220629-00010442-EX00.fits.fz"}, "created_at": 1764403200000, "sender": "sro", "receipt": "9c0f3b7e5a1d42c8b6e0f7a9d3c5e1b2", "lease_expires_at": 1764403500000, "delivery_count": 1}""";

    private const string StatusExample =
        """{"pipe_id": "pipe-1", "status": "online", "last_updated": 1764403200000, "details": {"jobs_running": 2}, "heartbeat_seconds": 60, "stale": false}""";

    private const string LeaseBodyProblems =
        QueueNameProblems + " `Missing required field: id` (or `id` too long or holding a forbidden character). " +
        "`" + MissingField + "` for `receipt`. A field that is not a string: `Field 'receipt' must be a string.` " + ApiAnswerTexts.InvalidBody;

    /// <summary><c>POST /pipe/queue</c> <c>{queue_name}</c>: 200, 400 without a valid name, 409 when it exists.</summary>
    [Function("CreatePipeQueue")]
    [ApiRequestBody(
        "`queue_name` (string, required): the queue to create; `max_deliveries` (whole number 1-1000, optional): an item " +
        "delivered that many times without an ack goes to the dead letters at its next delivery attempt.",
        Required = true,
        Example = """{"queue_name": "reduction", "max_deliveries": 5}""")]
    [ApiResponse(StatusCodes.Status200OK, "The queue was created.", Example = """{"message": "Queue created: reduction"}""")]
    [ApiResponse(StatusCodes.Status400BadRequest, QueueNameProblems + " `" + WholeNumberRange + "` for `max_deliveries`. " + ApiAnswerTexts.InvalidBody)]
    [ApiResponse(StatusCodes.Status409Conflict, "`" + QueueExists + "`.")]
    [ApiResponse(StatusCodes.Status413PayloadTooLarge, ApiAnswerTexts.BodyTooLarge)]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> CreateQueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pipe/queue")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var queueName = ValidName("queue_name", body.OptionalString("queue_name"));
        var maxDeliveries = WholeNumberField(body, "max_deliveries", 1, MaxDeliveriesLimit);
        return await queues.CreateQueueAsync(queueName, maxDeliveries, cancellationToken)
            ? ApiResults.Json(new MessageBody(Fill(QueueCreated, ("queue_name", queueName))))
            : ApiResults.Error(StatusCodes.Status409Conflict, Fill(QueueExists, ("queue_name", queueName)));
    }

    /// <summary><c>POST /pipe/enqueue</c> <c>{queue_name, payload={}, sender='unknown'}</c>: the new item.</summary>
    [Function("EnqueuePipeItem")]
    [ApiRequestBody(
        "`queue_name` (string, required); `payload` (any JSON, default `{}`, at most 983,040 bytes as stored); " +
        "`sender` (string of at most 1,024 characters, default `unknown`); `dedupe_key` (string of at most 200 characters " +
        "without `/ \\ # ?` or control characters, optional): a second enqueue with the same key on the queue within 5 minutes " +
        "adds nothing and answers the first item.",
        Required = true,
        Example = """{"queue_name": "reduction", "payload": {"filename": "sro-kb001ms-20220629-00010442-EX00.fits.fz"}, "sender": "sro"}""")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "The new item: time-ordered `id`, `created_at` in ms since the epoch, `payload` with whole numbers as integers. " +
        "For a repeated `dedupe_key`, the first item (same `id`).",
        Example = ItemExample)]
    [ApiResponse(
        StatusCodes.Status400BadRequest,
        QueueNameProblems + " `sender is longer than 1024 characters.` A field that is not a string: `Field 'sender' must be a string.` " +
        "`dedupe_key is longer than 200 characters.` or `dedupe_key must not contain '/', '\\', '#', '?' or control characters.` " +
        ApiAnswerTexts.NumberTooLarge + " " + ApiAnswerTexts.InvalidBody)]
    [ApiResponse(StatusCodes.Status404NotFound, "`" + QueueMissing + "`.")]
    [ApiResponse(
        StatusCodes.Status413PayloadTooLarge,
        ApiAnswerTexts.BodyTooLarge + " Or `The JSON value 'payload' is {n} bytes; at most 983040 bytes can be stored.`; nothing is written.")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> Enqueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pipe/enqueue")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var queueName = ValidName("queue_name", body.OptionalString("queue_name"));
        var sender = body.OptionalString("sender") ?? "unknown";
        if (sender.Length > MaxSenderLength)
        {
            throw ApiException.BadRequest(Fill(TextTooLong, ("field", "sender")));
        }

        var dedupeKey = body.OptionalString("dedupe_key") is { } key ? ValidName("dedupe_key", key) : null;
        var payload = body.TryGetPropertyValue("payload", out var given) ? given : new JsonObject();
        return await queues.EnqueueAsync(queueName, payload, sender, dedupeKey, cancellationToken) is { } item
            ? ApiResults.Json(item)
            : ApiResults.Error(StatusCodes.Status404NotFound, Fill(QueueMissing, ("queue_name", queueName)));
    }

    /// <summary><c>GET /pipe/queue/{queue_name}?limit=10</c>: items oldest first, without removing them.</summary>
    /// <param name="queue_name">The queue: at most 200 characters, none of <c>/ \ # ?</c> or control characters.</param>
    [Function("PeekPipeQueue")]
    [ApiQueryParameter("limit", "How many items at most: a whole number from 1 to 1000 (default 10).")]
    [ApiResponse(StatusCodes.Status200OK, "The items, oldest first; leased items included.", Example = "[" + ItemExample + "]")]
    [ApiResponse(StatusCodes.Status400BadRequest, "`Parameter 'limit' must be a whole number from 1 to 1000.` " + QueueNameProblems)]
    [ApiResponse(StatusCodes.Status404NotFound, "`" + QueueMissing + "`.")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> Peek(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pipe/queue/{queue_name}")] HttpRequest request,
        string queue_name,
        CancellationToken cancellationToken)
    {
        var queueName = ValidName("queue_name", queue_name);
        var limit = QueryParameters.PositiveInt(request, "limit", 10, MaxPeekLimit);
        return await queues.PeekAsync(queueName, limit, cancellationToken) is { } items
            ? ApiResults.Json(items)
            : ApiResults.Error(StatusCodes.Status404NotFound, Fill(QueueMissing, ("queue_name", queueName)));
    }

    /// <summary>
    /// <c>POST /pipe/queue/{queue_name}/dequeue</c>: removes and returns the oldest item; with
    /// <c>?lease_seconds=N</c> hides it for N seconds instead and returns it with a <c>receipt</c>; with <c>?max=N</c>
    /// answers an array of up to N items; with <c>?wait_seconds=N</c> waits that long for an item before the 404.
    /// </summary>
    /// <param name="queue_name">The queue: at most 200 characters, none of <c>/ \ # ?</c> or control characters.</param>
    [Function("DequeuePipeItem")]
    [ApiNoRequestBody]
    [ApiQueryParameter(
        "lease_seconds",
        "Lease mode: a whole number from 1 to 43200. The item is hidden for that many seconds instead of removed, and " +
        "comes back unless acknowledged with its `receipt` (or extended, or released). Without it the item is removed.")]
    [ApiQueryParameter(
        "max",
        "A whole number from 1 to 32: answer a JSON array of up to that many items, oldest first, instead of one item.")]
    [ApiQueryParameter(
        "wait_seconds",
        "Long polling: a whole number from 0 to 20 (default 0). When no item is visible, wait up to that long for one " +
        "(answered within about half a second of its enqueue) before answering 404.")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "The oldest visible item, removed. With `lease_seconds`, leased instead, with `receipt`, `lease_expires_at` " +
        "(ms since the epoch) and `delivery_count` added. With `max`, an array of such items, oldest first.",
        Example = LeasedExample)]
    [ApiResponse(
        StatusCodes.Status400BadRequest,
        "`Parameter 'lease_seconds' must be a whole number from 1 to 43200.`, `Parameter 'max' must be a whole number from 1 to 32.`, " +
        "`Parameter 'wait_seconds' must be a whole number from 0 to 20.` " + QueueNameProblems)]
    [ApiResponse(
        StatusCodes.Status404NotFound,
        "`" + QueueMissing + "`, or `" + QueueEmpty + "` (also when every item is leased, and when a wait ends without an item).")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> Dequeue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pipe/queue/{queue_name}/dequeue")] HttpRequest request,
        string queue_name,
        CancellationToken cancellationToken)
    {
        var queueName = ValidName("queue_name", queue_name);
        TimeSpan? lease = QueryParameters.Has(request, "lease_seconds")
            ? TimeSpan.FromSeconds(QueryParameters.PositiveInt(request, "lease_seconds", null, MaxLeaseSeconds))
            : null;
        var batch = QueryParameters.Has(request, "max");
        var max = QueryParameters.PositiveInt(request, "max", 1, MaxBatch);
        var wait = TimeSpan.FromSeconds(QueryParameters.WholeNumber(request, "wait_seconds", 0, 0, MaxWaitSeconds));
        var (outcome, items) = await queues.TakeAsync(queueName, max, lease, wait, cancellationToken);
        if (outcome != DequeueOutcome.Dequeued)
        {
            return ApiResults.Error(
                StatusCodes.Status404NotFound,
                outcome == DequeueOutcome.NoQueue ? Fill(QueueMissing, ("queue_name", queueName)) : Fill(QueueEmpty, ("queue_name", queueName)));
        }

        return ApiResults.Json(batch ? items : items[0]);
    }

    /// <summary>
    /// <c>POST /pipe/queue/{queue_name}/ack</c> <c>{id, receipt}</c>: deletes a leased item. 404 when it is gone,
    /// 409 when the receipt is not the one of its current lease.
    /// </summary>
    /// <param name="queue_name">The queue: at most 200 characters, none of <c>/ \ # ?</c> or control characters.</param>
    [Function("AcknowledgePipeItem")]
    [ApiRequestBody(
        "`id` (string, required): the item; `receipt` (string, required): from the dequeue that leased it.",
        Required = true,
        Example = """{"id": "0639000000000000001_3f2a9c1d", "receipt": "9c0f3b7e5a1d42c8b6e0f7a9d3c5e1b2"}""")]
    [ApiResponse(StatusCodes.Status200OK, "The item was deleted.", Example = """{"message": "Item acknowledged: 0639000000000000001_3f2a9c1d"}""")]
    [ApiResponse(
        StatusCodes.Status400BadRequest,
        QueueNameProblems + " `Missing required field: id` (or `id` too long or holding a forbidden character). " +
        "`" + MissingField + "` for `receipt`. A field that is not a string: `Field 'receipt' must be a string.` " + ApiAnswerTexts.InvalidBody)]
    [ApiResponse(StatusCodes.Status404NotFound, "The item is gone (acknowledged, or removed by a plain dequeue): `" + ItemMissing + "`.")]
    [ApiResponse(
        StatusCodes.Status409Conflict,
        "The receipt is not the one of the item's latest lease (it was leased again after its lease ended, or never leased): " +
        "`" + ReceiptMismatch + "`")]
    [ApiResponse(StatusCodes.Status413PayloadTooLarge, ApiAnswerTexts.BodyTooLarge)]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> Acknowledge(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pipe/queue/{queue_name}/ack")] HttpRequest request,
        string queue_name,
        CancellationToken cancellationToken)
    {
        var (queueName, id, receipt, _) = await LeaseRequestAsync(request, queue_name, cancellationToken);
        var outcome = await queues.AcknowledgeAsync(queueName, id, receipt, cancellationToken);
        return outcome == AcknowledgeOutcome.Acknowledged
            ? ApiResults.Json(new MessageBody(Fill(ItemAcknowledged, ("id", id))))
            : NotLeased(outcome, queueName, id);
    }

    /// <summary>
    /// <c>POST /pipe/queue/{queue_name}/extend</c> <c>{id, receipt, lease_seconds}</c>: keeps a leased item hidden for
    /// <c>lease_seconds</c> from now, under the same receipt.
    /// </summary>
    /// <param name="queue_name">The queue: at most 200 characters, none of <c>/ \ # ?</c> or control characters.</param>
    [Function("ExtendPipeLease")]
    [ApiRequestBody(
        "`id` (string, required): the item; `receipt` (string, required): from the dequeue that leased it; " +
        "`lease_seconds` (whole number 1-43200, required): the new lease, counted from now.",
        Required = true,
        Example = """{"id": "0639000000000000001_3f2a9c1d", "receipt": "9c0f3b7e5a1d42c8b6e0f7a9d3c5e1b2", "lease_seconds": 300}""")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "The item with its lease: the same `receipt`, the new `lease_expires_at`, `delivery_count` unchanged.",
        Example = LeasedExample)]
    [ApiResponse(StatusCodes.Status400BadRequest, LeaseBodyProblems + " `" + WholeNumberRange + "` for `lease_seconds`.")]
    [ApiResponse(StatusCodes.Status404NotFound, "The item is gone: `" + ItemMissing + "`.")]
    [ApiResponse(StatusCodes.Status409Conflict, "The receipt is not the one of the item's latest lease: `" + ReceiptMismatch + "`")]
    [ApiResponse(StatusCodes.Status413PayloadTooLarge, ApiAnswerTexts.BodyTooLarge)]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> Extend(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pipe/queue/{queue_name}/extend")] HttpRequest request,
        string queue_name,
        CancellationToken cancellationToken)
    {
        var (queueName, id, receipt, body) = await LeaseRequestAsync(request, queue_name, cancellationToken);
        var lease = WholeNumberField(body, "lease_seconds", 1, MaxLeaseSeconds)
            ?? throw ApiException.BadRequest(Fill(MissingField, ("field", "lease_seconds")));
        var (outcome, item) = await queues.ExtendAsync(queueName, id, receipt, TimeSpan.FromSeconds(lease), cancellationToken);
        return outcome == AcknowledgeOutcome.Acknowledged ? ApiResults.Json(item) : NotLeased(outcome, queueName, id);
    }

    /// <summary>
    /// <c>POST /pipe/queue/{queue_name}/release</c> <c>{id, receipt}</c>: ends a lease now; the item is visible again
    /// at once, its delivery count kept.
    /// </summary>
    /// <param name="queue_name">The queue: at most 200 characters, none of <c>/ \ # ?</c> or control characters.</param>
    [Function("ReleasePipeLease")]
    [ApiRequestBody(
        "`id` (string, required): the item; `receipt` (string, required): from the dequeue that leased it.",
        Required = true,
        Example = """{"id": "0639000000000000001_3f2a9c1d", "receipt": "9c0f3b7e5a1d42c8b6e0f7a9d3c5e1b2"}""")]
    [ApiResponse(StatusCodes.Status200OK, "The item is visible again; its receipt is void.", Example = """{"message": "Item released: 0639000000000000001_3f2a9c1d"}""")]
    [ApiResponse(StatusCodes.Status400BadRequest, LeaseBodyProblems)]
    [ApiResponse(StatusCodes.Status404NotFound, "The item is gone: `" + ItemMissing + "`.")]
    [ApiResponse(StatusCodes.Status409Conflict, "The receipt is not the one of the item's latest lease: `" + ReceiptMismatch + "`")]
    [ApiResponse(StatusCodes.Status413PayloadTooLarge, ApiAnswerTexts.BodyTooLarge)]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> Release(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pipe/queue/{queue_name}/release")] HttpRequest request,
        string queue_name,
        CancellationToken cancellationToken)
    {
        var (queueName, id, receipt, _) = await LeaseRequestAsync(request, queue_name, cancellationToken);
        var outcome = await queues.ReleaseAsync(queueName, id, receipt, cancellationToken);
        return outcome == AcknowledgeOutcome.Acknowledged
            ? ApiResults.Json(new MessageBody(Fill(ItemReleased, ("id", id))))
            : NotLeased(outcome, queueName, id);
    }

    /// <summary><c>GET /pipe/queue/{queue_name}/dead</c>: the dead letters, oldest first.</summary>
    /// <param name="queue_name">The queue: at most 200 characters, none of <c>/ \ # ?</c> or control characters.</param>
    [Function("ListDeadPipeItems")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "The items moved out of the queue after `max_deliveries` deliveries without an ack, oldest first (at most 1,000), " +
        "with their `delivery_count`.",
        Example = """[{"id": "0639000000000000001_3f2a9c1d", "queue_name": "reduction", "payload": {"filename": "sro-kb001ms-20220629-00010442-EX00.fits.fz"}, "created_at": 1764403200000, "sender": "sro", "delivery_count": 5}]""")]
    [ApiResponse(StatusCodes.Status400BadRequest, QueueNameProblems)]
    [ApiResponse(StatusCodes.Status404NotFound, "`" + QueueMissing + "`.")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> ListDead(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pipe/queue/{queue_name}/dead")] HttpRequest request,
        string queue_name,
        CancellationToken cancellationToken)
    {
        var queueName = ValidName("queue_name", queue_name);
        return await queues.ListDeadAsync(queueName, cancellationToken) is { } dead
            ? ApiResults.Json(dead)
            : ApiResults.Error(StatusCodes.Status404NotFound, Fill(QueueMissing, ("queue_name", queueName)));
    }

    /// <summary><c>POST /pipe/queue/{queue_name}/redrive</c> <c>{ids?}</c>: dead letters back into the queue.</summary>
    /// <param name="queue_name">The queue: at most 200 characters, none of <c>/ \ # ?</c> or control characters.</param>
    [Function("RedrivePipeItems")]
    [ApiRequestBody(
        "Optional. `ids` (array of strings): redrive only these dead letters; without it, all of them.",
        Example = """{"ids": ["0639000000000000001_3f2a9c1d"]}""")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "The dead letters are back in the queue under their own ids (so at their place in the FIFO order), delivery count 0; " +
        "`redriven` says how many.",
        Example = """{"message": "Dead letters put back in queue reduction: 1", "redriven": 1}""")]
    [ApiResponse(StatusCodes.Status400BadRequest, QueueNameProblems + " `" + IdsNotStrings + "` " + ApiAnswerTexts.InvalidBody)]
    [ApiResponse(StatusCodes.Status404NotFound, "`" + QueueMissing + "`.")]
    [ApiResponse(StatusCodes.Status413PayloadTooLarge, ApiAnswerTexts.BodyTooLarge)]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> Redrive(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pipe/queue/{queue_name}/redrive")] HttpRequest request,
        string queue_name,
        CancellationToken cancellationToken)
    {
        var queueName = ValidName("queue_name", queue_name);
        var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        HashSet<string>? ids = body["ids"] switch
        {
            null => null,
            JsonArray array when array.All(id => id is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String) =>
                array.Select(id => id!.GetValue<string>()).ToHashSet(StringComparer.Ordinal),
            _ => throw ApiException.BadRequest(IdsNotStrings),
        };
        return await queues.RedriveAsync(queueName, ids, cancellationToken) is { } redriven
            ? ApiResults.Json(new RedriveBody(Fill(ItemsRedriven, ("queue_name", queueName), ("count", redriven.ToString(System.Globalization.CultureInfo.InvariantCulture))), redriven))
            : ApiResults.Error(StatusCodes.Status404NotFound, Fill(QueueMissing, ("queue_name", queueName)));
    }

    /// <summary><c>DELETE /pipe/queue/{queue_name}</c>: the queue and all its items.</summary>
    /// <param name="queue_name">The queue: at most 200 characters, none of <c>/ \ # ?</c> or control characters.</param>
    [Function("DeletePipeQueue")]
    [ApiResponse(StatusCodes.Status200OK, "The queue and its items were deleted.", Example = """{"message": "Queue deleted: reduction"}""")]
    [ApiResponse(StatusCodes.Status400BadRequest, QueueNameProblems)]
    [ApiResponse(StatusCodes.Status404NotFound, "`" + QueueMissing + "`.")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> DeleteQueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "pipe/queue/{queue_name}")] HttpRequest request,
        string queue_name,
        CancellationToken cancellationToken)
    {
        var queueName = ValidName("queue_name", queue_name);
        return await queues.DeleteQueueAsync(queueName, cancellationToken)
            ? ApiResults.Json(new MessageBody(Fill(QueueDeleted, ("queue_name", queueName))))
            : ApiResults.Error(StatusCodes.Status404NotFound, Fill(QueueMissing, ("queue_name", queueName)));
    }

    /// <summary><c>GET /pipe/queues</c>: <c>{queue_name: item count}</c> for every queue, empty ones included.</summary>
    [Function("ListPipeQueues")]
    [ApiQueryParameter(QueryParameters.CursorName, ApiAnswerTexts.Cursor)]
    [ApiResponse(StatusCodes.Status200OK, "Queue name → item count (leased items included), by name.", Example = """{"reduction": 3, "uploads": 0}""")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> ListQueues(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pipe/queues")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResults.Page(request, await queues.ListQueuesAsync(QueryParameters.Cursor(request), cancellationToken));

    /// <summary><c>POST /pipe/status</c> <c>{pipe_id, status, details={}}</c>: the recorded status.</summary>
    [Function("SetPipeStatus")]
    [ApiRequestBody(
        "`pipe_id` (string, required, at most 200 characters without `/ \\ # ?` or control characters); `status` " +
        "(string, required, at most 1,024 characters); `details` (any JSON, default `{}`, at most 983,040 bytes as stored); " +
        "`heartbeat_seconds` (number greater than 0 and at most 86400, optional): how often the machine will report; " +
        "its status is `stale` once the last report is older than three heartbeats.",
        Required = true,
        Example = """{"pipe_id": "pipe-1", "status": "online", "details": {"jobs_running": 2}, "heartbeat_seconds": 60}""")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "The recorded status; `last_updated` in ms since the epoch; `heartbeat_seconds` as given (null when not); `stale` false.",
        Example = StatusExample)]
    [ApiResponse(
        StatusCodes.Status400BadRequest,
        "`Missing required fields: pipe_id and status`. `pipe_id is longer than 200 characters.` " +
        "`pipe_id must not contain '/', '\\', '#', '?' or control characters.` `status is longer than 1024 characters.` " +
        "A field that is not a string: `Field 'status' must be a string.` `" + HeartbeatRange + "` " + ApiAnswerTexts.NumberTooLarge + " " + ApiAnswerTexts.InvalidBody)]
    [ApiResponse(
        StatusCodes.Status413PayloadTooLarge,
        ApiAnswerTexts.BodyTooLarge + " Or `The JSON value 'details' is {n} bytes; at most 983040 bytes can be stored.`; nothing is written.")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> SetStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pipe/status")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var pipeId = body.OptionalString("pipe_id");
        var status = body.OptionalString("status");
        if (string.IsNullOrWhiteSpace(pipeId) || string.IsNullOrWhiteSpace(status))
        {
            throw ApiException.BadRequest(MissingStatusFields);
        }

        ValidName("pipe_id", pipeId);
        if (status.Length > MaxStatusLength)
        {
            throw ApiException.BadRequest(Fill(TextTooLong, ("field", "status")));
        }

        var heartbeat = body.OptionalNumber("heartbeat_seconds");
        if (heartbeat is <= 0 or > MaxHeartbeatSeconds)
        {
            throw ApiException.BadRequest(HeartbeatRange);
        }

        var details = body.TryGetPropertyValue("details", out var given) ? given : new JsonObject();
        return ApiResults.Json(await queues.SetStatusAsync(pipeId, status, details, heartbeat, cancellationToken));
    }

    /// <summary><c>GET /pipe/status/{pipe_id}</c>: 200 with the status, 404 when none was recorded.</summary>
    /// <param name="pipe_id">The PIPE machine: at most 200 characters, none of <c>/ \ # ?</c> or control characters.</param>
    [Function("GetPipeStatus")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "The machine's last status; `stale` is true when it gave `heartbeat_seconds` and reported last more than three heartbeats ago.",
        Example = StatusExample)]
    [ApiResponse(StatusCodes.Status400BadRequest, PipeIdProblems)]
    [ApiResponse(StatusCodes.Status404NotFound, "`" + MachineMissing + "`.")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> GetStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pipe/status/{pipe_id}")] HttpRequest request,
        string pipe_id,
        CancellationToken cancellationToken)
    {
        var pipeId = ValidName("pipe_id", pipe_id);
        return await queues.GetStatusAsync(pipeId, cancellationToken) is { } status
            ? ApiResults.Json(status)
            : ApiResults.Error(StatusCodes.Status404NotFound, Fill(MachineMissing, ("pipe_id", pipeId)));
    }

    /// <summary><c>GET /pipe/statuses</c>: every PIPE machine's status.</summary>
    [Function("ListPipeStatuses")]
    [ApiQueryParameter(QueryParameters.CursorName, ApiAnswerTexts.Cursor)]
    [ApiResponse(StatusCodes.Status200OK, "Every machine's status (with `stale`), ordered by `pipe_id`.", Example = "[" + StatusExample + "]")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> ListStatuses(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pipe/statuses")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResults.Page(request, await queues.ListStatusesAsync(QueryParameters.Cursor(request), cancellationToken));

    /// <summary><c>DELETE /pipe/status/{pipe_id}</c>: 200 whether or not a status existed, as the original.</summary>
    /// <param name="pipe_id">The PIPE machine: at most 200 characters, none of <c>/ \ # ?</c> or control characters.</param>
    [Function("DeletePipeStatus")]
    [ApiResponse(StatusCodes.Status200OK, "The status is gone (also when there was none).", Example = """{"message": "Status deleted for PIPE: pipe-1"}""")]
    [ApiResponse(StatusCodes.Status400BadRequest, PipeIdProblems)]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> DeleteStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "pipe/status/{pipe_id}")] HttpRequest request,
        string pipe_id,
        CancellationToken cancellationToken)
    {
        var pipeId = ValidName("pipe_id", pipe_id);
        await queues.DeleteStatusAsync(pipeId, cancellationToken);
        return ApiResults.Json(new MessageBody(Fill(StatusDeleted, ("pipe_id", pipeId))));
    }

    private static string ValidName(string field, string? name) =>
        PipeQueueKeys.Problem(field, name) is { } problem ? throw ApiException.BadRequest(problem) : name!;

    private static int? WholeNumberField(JsonObject body, string field, int min, int max) =>
        body.OptionalNumber(field) switch
        {
            null => null,
            { } number when number >= min && number <= max && number == Math.Floor(number) => (int)number,
            _ => throw ApiException.BadRequest(Fill(
                WholeNumberRange,
                ("field", field),
                ("min", min.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("max", max.ToString(System.Globalization.CultureInfo.InvariantCulture)))),
        };

    // The body of ack, extend and release: the item and the receipt of its lease.
    private static async Task<(string QueueName, string Id, string Receipt, JsonObject Body)> LeaseRequestAsync(
        HttpRequest request, string queue_name, CancellationToken cancellationToken)
    {
        var queueName = ValidName("queue_name", queue_name);
        var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var id = ValidName("id", body.OptionalString("id"));
        var receipt = body.OptionalString("receipt");
        return string.IsNullOrEmpty(receipt)
            ? throw ApiException.BadRequest(Fill(MissingField, ("field", "receipt")))
            : (queueName, id, receipt, body);
    }

    private static IActionResult NotLeased(AcknowledgeOutcome outcome, string queueName, string id) =>
        outcome == AcknowledgeOutcome.ReceiptMismatch
            ? ApiResults.Error(StatusCodes.Status409Conflict, Fill(ReceiptMismatch, ("id", id)))
            : ApiResults.Error(StatusCodes.Status404NotFound, Fill(ItemMissing, ("queue_name", queueName), ("id", id)));

    /// <summary>The <c>{"message": ...}</c> answers of the original.</summary>
    public sealed record MessageBody(string Message);

    /// <param name="Redriven">How many dead letters went back into the queue.</param>
    public sealed record RedriveBody(string Message, int Redriven);
}
