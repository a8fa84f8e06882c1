using Microsoft.AspNetCore.Mvc;
using PhotonRanch.Functions.Http;

namespace PhotonRanch.Functions.Hosting;

/// <summary>
/// What happens around every HTTP function on both hosts: CORS headers, the correlation id, a logging scope, and
/// exceptions turned into JSON error answers. The Functions worker middleware and the local Kestrel host both call
/// <see cref="RunAsync"/>, so the behaviour is written once.
/// </summary>
internal sealed class HttpFunctionPipeline(ApiErrorResponder errorResponder, ILogger<HttpFunctionPipeline> logger)
{
    public async Task<IActionResult> RunAsync(HttpContext context, Func<Task<IActionResult?>> invokeFunction)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(invokeFunction);

        CorsHeaders.ApplyTo(context.Response);
        var correlationId = CorrelationId.Resolve(context);
        context.Response.Headers[CorrelationId.HeaderName] = correlationId;

        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = correlationId });
        try
        {
            return await invokeFunction() ?? new JsonResponse(StatusCodes.Status204NoContent, null);
        }
        catch (Exception exception)
        {
            return errorResponder.ToResult(exception, context, correlationId);
        }
    }
}
