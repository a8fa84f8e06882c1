using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace PhotonRanch.Functions.Http;

/// <summary>
/// An <see cref="IActionResult"/> that writes a JSON value with <see cref="ApiJson.Options"/>. It writes straight to
/// the response, so it runs the same on the Functions host and on plain Kestrel without MVC's formatter services.
/// </summary>
internal sealed class JsonResponse : IActionResult
{
    /// <summary>Creates a response.</summary>
    /// <param name="statusCode">The HTTP status code.</param>
    /// <param name="value">The value to serialize; a string becomes a JSON string.</param>
    public JsonResponse(int statusCode, object? value)
    {
        StatusCode = statusCode;
        Value = value;
    }

    /// <summary>The HTTP status code.</summary>
    public int StatusCode { get; }

    /// <summary>The value written as the JSON body.</summary>
    public object? Value { get; }

    /// <inheritdoc />
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
