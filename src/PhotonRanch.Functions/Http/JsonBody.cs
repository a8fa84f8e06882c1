using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhotonRanch.Functions.Http;

/// <summary>
/// Reads request bodies. The original API swallowed undecodable bodies as <c>{}</c>; here a body that is not a JSON
/// object is a 400 that names the problem, raised before any function writes anything.
/// </summary>
public static class JsonBody
{
    /// <summary>The largest JSON body accepted (4 MiB); larger bodies answer 413.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>
    /// Reads the body as a JSON object. An empty body is an empty object, as callers that send no body expect.
    /// </summary>
    /// <exception cref="ApiException">400 when the body is not JSON or not an object; 413 when it is too large.</exception>
    public static async Task<JsonObject> ReadObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        await CopyWithLimitAsync(request.Body, buffer, cancellationToken);
        if (buffer.Length == 0 || IsWhiteSpace(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)))
        {
            return [];
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), NodeOptions, DocumentOptions);
        }
        catch (JsonException exception)
        {
            throw ApiException.BadRequest($"Request body is not valid JSON: {exception.Message}");
        }

        return node as JsonObject
            ?? throw ApiException.BadRequest("Request body must be a JSON object.");
    }

    private static async Task CopyWithLimitAsync(Stream source, MemoryStream destination, CancellationToken cancellationToken)
    {
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (destination.Length + read > MaxBytes)
            {
                throw TooLarge();
            }

            destination.Write(chunk, 0, read);
        }
    }

    private static bool IsWhiteSpace(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'))
            {
                return false;
            }
        }

        return true;
    }

    private static ApiException TooLarge() =>
        new(StatusCodes.Status413PayloadTooLarge, $"Request body is larger than {MaxBytes} bytes.");
}
