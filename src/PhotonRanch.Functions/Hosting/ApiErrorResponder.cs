using Azure;
using Microsoft.AspNetCore.Mvc;
using PhotonRanch.Functions.Health;
using PhotonRanch.Functions.Http;
using static PhotonRanch.Functions.Http.RequestMessages;

namespace PhotonRanch.Functions.Hosting;

/// <summary>
/// Turns an exception that escaped a function into the answer the caller sees: the caller's own faults as 4xx with
/// the message, unreachable dependencies as 503, anything else as a 500 that names only the correlation id. Stack
/// traces go to the log, never into a response.
/// </summary>
internal sealed partial class ApiErrorResponder(ILogger<ApiErrorResponder> logger)
{
    public IActionResult ToResult(Exception exception, HttpContext context, string correlationId)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(context);

        if (ExceptionChain.Find<ApiException>(exception) is { } api)
        {
            return ApiResults.Error(api.StatusCode, api.Message);
        }

        if (ExceptionChain.Find<RefusedException>(exception) is { } refused)
        {
            return ApiResults.Error(StatusCodeOf(refused.Refusal), refused.Message);
        }

        if (ExceptionChain.Find<BadHttpRequestException>(exception) is { } badRequest)
        {
            return ApiResults.Error(badRequest.StatusCode, badRequest.Message);
        }

        if (ExceptionChain.Find<RequestFailedException>(exception) is { ErrorCode: { } code } && RefusedRequestData.TryGetValue(code, out var status))
        {
            LogStorageRefusedData(code, context.Request.Method, context.Request.Path, correlationId);
            return ApiResults.Error(status, MessageTemplate.Fill(StorageRefusedData, ("code", code)));
        }

        if (exception is OperationCanceledException && context.RequestAborted.IsCancellationRequested)
        {
            LogRequestAborted(context.Request.Method, context.Request.Path, correlationId);
            return ApiResults.Error(StatusCodes.Status499ClientClosedRequest, CancelledByCaller);
        }

        if (DependencyOutage.Of(exception) is { } dependency)
        {
            LogDependencyUnavailable(exception, dependency, context.Request.Method, context.Request.Path, correlationId);
            return ApiResults.Json(
                new DependencyErrorBody(MessageTemplate.Fill(DependencyUnavailable, ("dependency", dependency)), correlationId),
                StatusCodes.Status503ServiceUnavailable);
        }

        LogUnhandled(exception, context.Request.Method, context.Request.Path, correlationId);
        return ApiResults.Json(
            new DependencyErrorBody(InternalError, correlationId),
            StatusCodes.Status500InternalServerError);
    }

    // Storage error codes that mean the caller's data cannot be stored as sent (sizes, values, names): the caller's
    // 4xx, not a fault of the service. Any other 4xx from storage is a bug of ours and stays a 500.
    private static readonly Dictionary<string, int> RefusedRequestData = new(StringComparer.Ordinal)
    {
        ["EntityTooLarge"] = StatusCodes.Status413PayloadTooLarge,
        ["PropertyValueTooLarge"] = StatusCodes.Status413PayloadTooLarge,
        ["RequestBodyTooLarge"] = StatusCodes.Status413PayloadTooLarge,
        ["KeyValueTooLarge"] = StatusCodes.Status400BadRequest,
        ["PropertyNameTooLong"] = StatusCodes.Status400BadRequest,
        ["PropertyNameInvalid"] = StatusCodes.Status400BadRequest,
        ["OutOfRangeInput"] = StatusCodes.Status400BadRequest,
        ["InvalidBlobOrBlock"] = StatusCodes.Status400BadRequest,
    };

    private static int StatusCodeOf(Refusal refusal) => refusal switch
    {
        Refusal.NotFound => StatusCodes.Status404NotFound,
        Refusal.Conflict => StatusCodes.Status409Conflict,
        Refusal.TooLarge => StatusCodes.Status413PayloadTooLarge,
        Refusal.Unprocessable => StatusCodes.Status422UnprocessableEntity,
        _ => StatusCodes.Status400BadRequest,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path}: storage refused the request's data with {ErrorCode} (correlation id {CorrelationId})")]
    private partial void LogStorageRefusedData(string errorCode, string method, string path, string correlationId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} was aborted by the caller (correlation id {CorrelationId})")]
    private partial void LogRequestAborted(string method, string path, string correlationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} failed because the {Dependency} is unavailable (correlation id {CorrelationId})")]
    private partial void LogDependencyUnavailable(Exception exception, string dependency, string method, string path, string correlationId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception in {Method} {Path} (correlation id {CorrelationId})")]
    private partial void LogUnhandled(Exception exception, string method, string path, string correlationId);

    /// <summary>The body of a 5xx answer: the error, without internals, and the id under which it was logged.</summary>
    public sealed record DependencyErrorBody(string Error, string CorrelationId);
}
