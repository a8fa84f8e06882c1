using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace PhotonRanch.Functions.Http;

/// <summary>
/// A 200 answer that carries an <c>ETag</c> (a hash of its body) and a <c>Cache-Control</c>, and becomes a bodiless
/// 304 when the request's <c>If-None-Match</c> names that ETag. The answers are small and computed whole, so the
/// body is held in memory to hash it. A weak ETag hashes a validator instead: what the body means, without the parts
/// that change on every call (an image answer's fresh SAS signatures).
/// </summary>
internal sealed class CacheableResponse(byte[] body, string contentType, string cacheControl, byte[]? weakValidator = null) : IActionResult
{
    // A weak validator's hash stands for what the body means; the body's own hash is the strong tag.
    private readonly string _tag = "\"" + Convert.ToHexStringLower(SHA256.HashData(weakValidator ?? body).AsSpan(0, 16)) + "\"";

    /// <summary>Quoted, with <c>W/</c> when weak.</summary>
    public string ETag => weakValidator is null ? _tag : "W/" + _tag;

    /// <summary>A JSON answer, serialized with <see cref="ApiJson.Options"/>.</summary>
    public static CacheableResponse Json(object value, string cacheControl)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), ApiJson.Options), "application/json; charset=utf-8", cacheControl);
    }

    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.HttpContext.Request;
        var response = context.HttpContext.Response;
        response.Headers.ETag = ETag;
        response.Headers.CacheControl = cacheControl;
        if (Matches(request.Headers.IfNoneMatch))
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = contentType;
        response.ContentLength = body.Length;
        if (!HttpMethods.IsHead(request.Method))
        {
            await response.Body.WriteAsync(body, context.HttpContext.RequestAborted);
        }
    }

    // If-None-Match compares weakly (RFC 9110 13.1.2): a W/ prefix on the caller's copy still matches.
    private bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch) =>
        EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
        && tags.Any(tag => tag.Tag.Equals("*", StringComparison.Ordinal) || tag.Tag.Equals(_tag, StringComparison.Ordinal));
}
