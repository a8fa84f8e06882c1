using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using static PhotonRanch.Functions.Http.RequestMessages;

namespace PhotonRanch.Functions.Http;

/// <summary>
/// Reads request bodies. The original API swallowed undecodable bodies as <c>{}</c>; here a body that is not a JSON
/// object is a 400 that names the problem, raised before any function writes anything.
/// </summary>
internal static class JsonBody
{
    /// <summary>The largest JSON body accepted (4 MiB, <see cref="RequestMessages.BodyTooLarge"/>); larger bodies answer 413.</summary>
    public const int MaxBytes = 4 * 1024 * 1024;

    /// <summary>
    /// The longest number literal accepted. DynamoDB numbers, which the stores keep, have at most 38 significant
    /// digits and an exponent of three; converting a literal of megabytes would cost seconds before its 400.
    /// </summary>
    public const int MaxNumberLength = 64;

    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 64 };

    /// <summary>An empty body is an empty object, as callers that send no body expect.</summary>
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
        var json = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
        if (json.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            return [];
        }

        JsonNode? node;
        try
        {
            RejectUnrepresentableValues(json);
            node = JsonNode.Parse(json, NodeOptions, DocumentOptions);
        }
        catch (JsonException exception)
        {
            throw ApiException.BadRequest(MessageTemplate.Fill(BodyNotJson, ("detail", exception.Message)));
        }

        return node as JsonObject
            ?? throw ApiException.BadRequest(BodyNotObject);
    }

    // One cheap pass before anything reads a value: a number no store could keep, or a string whose escapes make no
    // valid UTF-16 (a lone surrogate such as "\ud800", which System.Text.Json refuses only when the string is read).
    private static void RejectUnrepresentableValues(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = DocumentOptions.MaxDepth });
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.Number && reader.ValueSpan.Length > MaxNumberLength)
            {
                throw ApiException.BadRequest(BodyNumberTooLong);
            }

            if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && !IsValidText(ref reader))
            {
                throw ApiException.BadRequest(BodyTextInvalid);
            }
        }
    }

    private static bool IsValidText(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return Utf8.IsValid(reader.ValueSpan);
        }

        try
        {
            _ = reader.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
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

    private static ApiException TooLarge() => new(StatusCodes.Status413PayloadTooLarge, BodyTooLarge);
}
