using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Functions.Http;

namespace PhotonRanch.Functions.PipeQueue;

/// <summary>
/// The PIPE queue endpoints of the original (<c>/pipe/...</c>), plus the optional lease mode: dequeue with
/// <c>?lease_seconds=N</c> and acknowledge with <c>POST /pipe/queue/{queue_name}/ack</c>.
/// </summary>
public sealed class PipeQueueFunctions
{
    /// <summary>Largest <c>limit</c> of a peek.</summary>
    public const int MaxPeekLimit = 1000;

    /// <summary>Longest lease: 12 hours.</summary>
    public const int MaxLeaseSeconds = 12 * 60 * 60;

    private const int MaxSenderLength = 1024;
    private const int MaxStatusLength = 1024;

    private readonly PipeQueueService _queues;

    /// <summary>Creates the function class.</summary>
    public PipeQueueFunctions(PipeQueueService queues)
    {
        _queues = queues;
    }

    /// <summary><c>POST /pipe/queue</c> <c>{queue_name}</c>: 200, 400 without a valid name, 409 when it exists.</summary>
    [Function("CreatePipeQueue")]
    public async Task<IActionResult> CreateQueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pipe/queue")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var queueName = ValidName("queue_name", body.OptionalString("queue_name"));
        return await _queues.CreateQueueAsync(queueName, cancellationToken)
            ? ApiResults.Json(new MessageBody($"Queue created: {queueName}"))
            : ApiResults.Error(StatusCodes.Status409Conflict, $"Queue already exists: {queueName}");
    }

    /// <summary><c>POST /pipe/enqueue</c> <c>{queue_name, payload={}, sender='unknown'}</c>: the new item.</summary>
    [Function("EnqueuePipeItem")]
    public async Task<IActionResult> Enqueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pipe/enqueue")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var queueName = ValidName("queue_name", body.OptionalString("queue_name"));
        var sender = body.OptionalString("sender") ?? "unknown";
        if (sender.Length > MaxSenderLength)
        {
            throw ApiException.BadRequest($"sender is longer than {MaxSenderLength} characters.");
        }

        var payload = body.TryGetPropertyValue("payload", out var given) ? given : new JsonObject();
        return await _queues.EnqueueAsync(queueName, payload, sender, cancellationToken) is { } item
            ? ApiResults.Json(item)
            : ApiResults.Error(StatusCodes.Status404NotFound, $"Queue does not exist: {queueName}");
    }

    /// <summary><c>GET /pipe/queue/{queue_name}?limit=10</c>: items oldest first, without removing them.</summary>
    [Function("PeekPipeQueue")]
    public async Task<IActionResult> Peek(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pipe/queue/{queue_name}")] HttpRequest request,
        string queue_name,
        CancellationToken cancellationToken)
    {
        var queueName = ValidName("queue_name", queue_name);
        var limit = QueryParameters.PositiveInt(request, "limit", 10, MaxPeekLimit);
        return await _queues.PeekAsync(queueName, limit, cancellationToken) is { } items
            ? ApiResults.Json(items)
            : ApiResults.Error(StatusCodes.Status404NotFound, $"Queue does not exist: {queueName}");
    }

    /// <summary>
    /// <c>POST /pipe/queue/{queue_name}/dequeue</c>: removes and returns the oldest item; with
    /// <c>?lease_seconds=N</c> hides it for N seconds instead and returns it with a <c>receipt</c>.
    /// </summary>
    [Function("DequeuePipeItem")]
    public async Task<IActionResult> Dequeue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pipe/queue/{queue_name}/dequeue")] HttpRequest request,
        string queue_name,
        CancellationToken cancellationToken)
    {
        var queueName = ValidName("queue_name", queue_name);
        if (QueryParameters.Has(request, "lease_seconds"))
        {
            var lease = TimeSpan.FromSeconds(QueryParameters.PositiveInt(request, "lease_seconds", null, MaxLeaseSeconds));
            var (leaseOutcome, leased) = await _queues.LeaseAsync(queueName, lease, cancellationToken);
            return leaseOutcome == DequeueOutcome.Dequeued ? ApiResults.Json(leased) : NotDequeued(leaseOutcome, queueName);
        }

        var (outcome, item) = await _queues.DequeueAsync(queueName, cancellationToken);
        return outcome == DequeueOutcome.Dequeued ? ApiResults.Json(item) : NotDequeued(outcome, queueName);
    }

    /// <summary>
    /// <c>POST /pipe/queue/{queue_name}/ack</c> <c>{id, receipt}</c>: deletes a leased item. 404 when it is gone,
    /// 409 when the receipt is not the one of its current lease.
    /// </summary>
    [Function("AcknowledgePipeItem")]
    public async Task<IActionResult> Acknowledge(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pipe/queue/{queue_name}/ack")] HttpRequest request,
        string queue_name,
        CancellationToken cancellationToken)
    {
        var queueName = ValidName("queue_name", queue_name);
        var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var id = ValidName("id", body.OptionalString("id"));
        var receipt = body.OptionalString("receipt");
        if (string.IsNullOrEmpty(receipt))
        {
            throw ApiException.BadRequest("Missing required field: receipt");
        }

        return await _queues.AcknowledgeAsync(queueName, id, receipt, cancellationToken) switch
        {
            AcknowledgeOutcome.Acknowledged => ApiResults.Json(new MessageBody($"Item acknowledged: {id}")),
            AcknowledgeOutcome.ReceiptMismatch => ApiResults.Error(StatusCodes.Status409Conflict, $"Receipt does not match the current lease of item {id}."),
            _ => ApiResults.Error(StatusCodes.Status404NotFound, $"Item not found in queue {queueName}: {id}"),
        };
    }

    /// <summary><c>DELETE /pipe/queue/{queue_name}</c>: the queue and all its items.</summary>
    [Function("DeletePipeQueue")]
    public async Task<IActionResult> DeleteQueue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "pipe/queue/{queue_name}")] HttpRequest request,
        string queue_name,
        CancellationToken cancellationToken)
    {
        var queueName = ValidName("queue_name", queue_name);
        return await _queues.DeleteQueueAsync(queueName, cancellationToken)
            ? ApiResults.Json(new MessageBody($"Queue deleted: {queueName}"))
            : ApiResults.Error(StatusCodes.Status404NotFound, $"Queue does not exist: {queueName}");
    }

    /// <summary><c>GET /pipe/queues</c>: <c>{queue_name: item count}</c> for every queue, empty ones included.</summary>
    [Function("ListPipeQueues")]
    public async Task<IActionResult> ListQueues(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pipe/queues")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResults.Json(await _queues.ListQueuesAsync(cancellationToken));

    /// <summary><c>POST /pipe/status</c> <c>{pipe_id, status, details={}}</c>: the recorded status.</summary>
    [Function("SetPipeStatus")]
    public async Task<IActionResult> SetStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "pipe/status")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var pipeId = body.OptionalString("pipe_id");
        var status = body.OptionalString("status");
        if (string.IsNullOrWhiteSpace(pipeId) || string.IsNullOrWhiteSpace(status))
        {
            throw ApiException.BadRequest("Missing required fields: pipe_id and status");
        }

        ValidName("pipe_id", pipeId);
        if (status.Length > MaxStatusLength)
        {
            throw ApiException.BadRequest($"status is longer than {MaxStatusLength} characters.");
        }

        var details = body.TryGetPropertyValue("details", out var given) ? given : new JsonObject();
        return ApiResults.Json(await _queues.SetStatusAsync(pipeId, status, details, cancellationToken));
    }

    /// <summary><c>GET /pipe/status/{pipe_id}</c>: 200 with the status, 404 when none was recorded.</summary>
    [Function("GetPipeStatus")]
    public async Task<IActionResult> GetStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pipe/status/{pipe_id}")] HttpRequest request,
        string pipe_id,
        CancellationToken cancellationToken)
    {
        var pipeId = ValidName("pipe_id", pipe_id);
        return await _queues.GetStatusAsync(pipeId, cancellationToken) is { } status
            ? ApiResults.Json(status)
            : ApiResults.Error(StatusCodes.Status404NotFound, $"PIPE machine not found: {pipeId}");
    }

    /// <summary><c>GET /pipe/statuses</c>: every PIPE machine's status.</summary>
    [Function("ListPipeStatuses")]
    public async Task<IActionResult> ListStatuses(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "pipe/statuses")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResults.Json(await _queues.ListStatusesAsync(cancellationToken));

    /// <summary><c>DELETE /pipe/status/{pipe_id}</c>: 200 whether or not a status existed, as the original.</summary>
    [Function("DeletePipeStatus")]
    public async Task<IActionResult> DeleteStatus(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "pipe/status/{pipe_id}")] HttpRequest request,
        string pipe_id,
        CancellationToken cancellationToken)
    {
        var pipeId = ValidName("pipe_id", pipe_id);
        await _queues.DeleteStatusAsync(pipeId, cancellationToken);
        return ApiResults.Json(new MessageBody($"Status deleted for PIPE: {pipeId}"));
    }

    private static string ValidName(string field, string? name) =>
        PipeQueueKeys.Problem(field, name) is { } problem ? throw ApiException.BadRequest(problem) : name!;

    private static IActionResult NotDequeued(DequeueOutcome outcome, string queueName) =>
        ApiResults.Error(
            StatusCodes.Status404NotFound,
            outcome == DequeueOutcome.NoQueue ? $"Queue does not exist: {queueName}" : $"Queue is empty: {queueName}");

    /// <summary>The <c>{"message": ...}</c> answers of the original.</summary>
    /// <param name="Message">The message.</param>
    public sealed record MessageBody(string Message);
}
