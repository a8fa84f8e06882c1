using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhotonRanch.Functions.Http;

/// <summary>Typed reads of a request body's fields; a field of the wrong JSON type is a 400 that names it.</summary>
internal static class JsonFields
{
    /// <summary>The string field <paramref name="name"/>, or null when it is absent or JSON null.</summary>
    /// <exception cref="ApiException">400 when the field holds something other than a string.</exception>
    public static string? OptionalString(this JsonObject body, string name)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body[name] switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
            _ => throw ApiException.BadRequest($"Field '{name}' must be a string."),
        };
    }

    /// <summary>The number field <paramref name="name"/>, or null when it is absent or JSON null.</summary>
    /// <exception cref="ApiException">400 when the field holds something other than a number.</exception>
    public static double? OptionalNumber(this JsonObject body, string name)
    {
        ArgumentNullException.ThrowIfNull(body);
        return body[name] switch
        {
            null => null,
            JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.GetValue<double>(),
            _ => throw ApiException.BadRequest($"Field '{name}' must be a number."),
        };
    }
}
