using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Functions.Hosting;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.OpenApi;

namespace PhotonRanch.Functions.Root;

/// <summary>
/// The routes that belong to no service: the API root, CORS preflight, and the fallback that serves the stray-slash
/// forms of every route and answers a JSON 404 for the rest. Their routes follow the Functions host's rules
/// (docs/architecture.md, "Routing on the Functions host").
/// </summary>
internal sealed class ApiRootFunctions(HttpFunctionRouter router)
{
    /// <summary>The greeting the original API answered at its root.</summary>
    public const string Greeting = "New photon ranch API";

    /// <summary>
    /// Matches <c>/</c> and nothing else. An empty route would be the function's name on the Functions host (and
    /// <c>/</c> its HTML homepage); the optional parameter is absent only at the root, and present it must be empty.
    /// </summary>
    public const string RootRoute = "{root:regex(^$)?}";

    /// <summary>
    /// The fallback's name. The host tries routes in order of function name, case-insensitively, and the first match
    /// wins: a catch-all must sort after every other function or it shadows them (a test keeps it last).
    /// </summary>
    public const string FallbackName = "ZzzFallback";

    /// <summary>
    /// Every path except the host's reserved <c>admin/…</c> and <c>runtime/…</c> ones: the host maps its own
    /// <c>admin/warmup</c> after the functions' routes, and a bare catch-all would take it (azure-functions-host #2590,
    /// #6990).
    /// </summary>
    public const string FallbackRoute = "{*path:regex(^(?!(admin|runtime)(/|$)))}";

    /// <summary><c>GET /</c>: 200 <c>"New photon ranch API"</c>, as the original.</summary>
    [Function("Root")]
    [ApiResponse(StatusCodes.Status200OK, "The greeting.", Example = "\"New photon ranch API\"")]
    public IActionResult Root([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = RootRoute)] HttpRequest request) =>
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

    /// <summary>
    /// Whatever no other route matched. The host's router matches no template across an empty segment, so
    /// <c>/api//upload/</c> or <c>/sro//config</c> end here: routed again in canonical form (slashes collapsed, the
    /// original's <c>/api</c> stage prefix dropped) they reach their function; anything else is a JSON 404.
    /// </summary>
    [Function(FallbackName)]
    [ExcludeFromDescription]
    public async Task<IActionResult> Fallback(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", "post", "put", "delete", "patch", Route = FallbackRoute)] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (await HttpFunctionRouter.ResolveFallbackAsync(router.Table, request.Method, request.Path) is not { } resolved)
        {
            return ApiResults.Error(
                StatusCodes.Status404NotFound, MessageTemplate.Fill(RequestMessages.NoRoute, ("method", request.Method), ("path", request.Path.ToString())));
        }

        request.Path = resolved.Path;
        return await router.Invoker(resolved.Match.FunctionName).InvokeAsync(request.HttpContext, resolved.Match.Values)
            ?? new JsonResponse(StatusCodes.Status204NoContent, null);
    }
}
