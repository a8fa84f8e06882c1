using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;

namespace PhotonRanch.Functions.Http;

/// <summary>The routes that belong to no service: the API root, CORS preflight and the JSON 404 for unknown routes.</summary>
public sealed class ApiRootFunctions
{
    /// <summary>The greeting the original API answered at its root.</summary>
    public const string Greeting = "New photon ranch API";

    /// <summary>
    /// Every path except the Functions host's reserved <c>admin/…</c> and <c>runtime/…</c> ones: with an empty route
    /// prefix a bare catch-all would take requests meant for the host itself (azure-functions-host #2590, #6990) —
    /// among them the Event Grid blob trigger's <c>POST /runtime/webhooks/blobs</c>.
    /// </summary>
    public const string NotFoundRoute = "{*path:regex(^(?!(admin|runtime)(/|$)))}";

    /// <summary><c>GET /</c>: 200 <c>"New photon ranch API"</c>, as the original.</summary>
    [Function("Root")]
    [ApiResponse(StatusCodes.Status200OK, "The greeting.", Example = "\"New photon ranch API\"")]
    public IActionResult Root([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "")] HttpRequest request) =>
        ApiResults.Message(Greeting);

    /// <summary><c>OPTIONS</c> on any path: the CORS preflight answer the original API Gateway gave.</summary>
    [Function("Preflight")]
    [ExcludeFromDescription]
    public IActionResult Preflight(
        [HttpTrigger(AuthorizationLevel.Anonymous, "options", Route = "{*path}")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        CorsHeaders.ApplyPreflightTo(request.HttpContext.Response);
        return new JsonResponse(StatusCodes.Status204NoContent, null);
    }

    /// <summary>Any other method and path that no function serves: a JSON 404 instead of an empty one.</summary>
    [Function("RouteNotFound")]
    [ExcludeFromDescription]
    public IActionResult RouteNotFound(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", "patch", Route = NotFoundRoute)] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ApiResults.Error(StatusCodes.Status404NotFound, $"No route matches {request.Method} {request.Path}.");
    }
}
