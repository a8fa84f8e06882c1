using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace PhotonRanch.Functions.Http;

/// <summary>
/// An <see cref="IActionResult"/> that writes a JSON value with <see cref="ApiJson.Options"/>. It writes straight to
/// the response, so it runs the same on the Functions host and on plain Kestrel without MVC's formatter services.
/// </summary>
/// <param name="value">A string becomes a JSON string; a 204 or a HEAD answer has no body.</param>
internal sealed class JsonResponse(int statusCode, object? value) : IActionResult
{
    public int StatusCode { get; } = statusCode;

    public object? Value { get; } = value;

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCode;
        if (StatusCode == StatusCodes.Status204NoContent || HttpMethods.IsHead(context.HttpContext.Request.Method))
        {
            return;
        }

        response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(
            response.Body,
            Value,
            Value?.GetType() ?? typeof(object),
            ApiJson.Options,
            context.HttpContext.RequestAborted);
    }
}
