using Microsoft.AspNetCore.Mvc;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.Http;

/// <summary>The shapes of answer the API gives, so every function answers the same way.</summary>
internal static class ApiResults
{
    public static IActionResult Json(object? value, int statusCode = StatusCodes.Status200OK) =>
        new JsonResponse(statusCode, value);

    public const string NextCursorHeader = "X-Next-Cursor";

    /// <summary>
    /// One page of a bounded listing: <paramref name="page"/>'s value as the body, in the shape the listing always had,
    /// and, when more follows, the next page's cursor in <see cref="NextCursorHeader"/> and a <c>Link: rel="next"</c>.
    /// </summary>
    public static IActionResult Page<T>(HttpRequest request, Paged<T> page)
    {
        ArgumentNullException.ThrowIfNull(page);
        SetNextPage(request, page.Next?.ToString());
        return Json(page.Value);
    }

    /// <summary>
    /// When <paramref name="nextCursor"/> is set, puts it in <see cref="NextCursorHeader"/> and the request's URL with
    /// it as the <c>cursor</c> in a <c>Link: rel="next"</c> header of the answer.
    /// </summary>
    public static void SetNextPage(HttpRequest request, string? nextCursor)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (nextCursor is not null)
        {
            var query = QueryString.Create(request.Query
                .Where(parameter => parameter.Key != QueryParameters.CursorName)
                .SelectMany(parameter => parameter.Value.Select(value => KeyValuePair.Create(parameter.Key, value)))
                .Append(KeyValuePair.Create(QueryParameters.CursorName, (string?)nextCursor)));
            request.HttpContext.Response.Headers[NextCursorHeader] = nextCursor;
            request.HttpContext.Response.Headers.Link = $"<{request.PathBase}{request.Path}{query}>; rel=\"next\"";
        }
    }

    /// <summary><c>{"error": message}</c>.</summary>
    public static IActionResult Error(int statusCode, string message) =>
        new JsonResponse(statusCode, new ErrorBody(message));

    /// <summary>
    /// A bare JSON string body, for the answers where the original API returned only a message
    /// (e.g. <c>"New photon ranch API"</c>, <c>"No results found for X"</c>).
    /// </summary>
    public static IActionResult Message(string message, int statusCode = StatusCodes.Status200OK) =>
        new JsonResponse(statusCode, message);

    public sealed record ErrorBody(string Error);
}
