using Microsoft.AspNetCore.Mvc;

namespace PhotonRanch.Functions.Http;

/// <summary>The shapes of answer the API gives, so every function answers the same way.</summary>
public static class ApiResults
{
    /// <summary>200 (or <paramref name="statusCode"/>) with <paramref name="value"/> as the JSON body.</summary>
    public static IActionResult Json(object? value, int statusCode = StatusCodes.Status200OK) =>
        new JsonResponse(statusCode, value);

    /// <summary>An error answer: <c>{"error": message}</c>.</summary>
    public static IActionResult Error(int statusCode, string message) =>
        new JsonResponse(statusCode, new ErrorBody(message));

    /// <summary>
    /// A bare JSON string body, for the answers where the original API returned only a message
    /// (e.g. <c>"New photon ranch API"</c>, <c>"No results found for X"</c>).
    /// </summary>
    public static IActionResult Message(string message, int statusCode = StatusCodes.Status200OK) =>
        new JsonResponse(statusCode, message);

    /// <summary>The body of every error answer.</summary>
    /// <param name="Error">What went wrong, for the caller.</param>
    public sealed record ErrorBody(string Error);
}
