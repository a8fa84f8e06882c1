using System.Globalization;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.Http;

/// <summary>Typed reads of query-string parameters; a malformed value is a 400 that names the parameter.</summary>
internal static class QueryParameters
{
    /// <summary>
    /// The integer parameter <paramref name="name"/> in 1..<paramref name="max"/>, or <paramref name="defaultValue"/>
    /// when it is absent.
    /// </summary>
    /// <exception cref="ApiException">400 when it is present but not such an integer.</exception>
    public static int PositiveInt(HttpRequest request, string name, int? defaultValue, int max) =>
        WholeNumber(request, name, defaultValue, 1, max);

    /// <summary>
    /// The integer parameter <paramref name="name"/> in <paramref name="min"/>..<paramref name="max"/>, or
    /// <paramref name="defaultValue"/> when it is absent.
    /// </summary>
    /// <exception cref="ApiException">400 when it is present but not such an integer.</exception>
    public static int WholeNumber(HttpRequest request, string name, int? defaultValue, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Query.TryGetValue(name, out var values))
        {
            return defaultValue ?? throw ApiException.BadRequest($"Missing required parameter: {name}");
        }

        return int.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw ApiException.BadRequest($"Parameter '{name}' must be a whole number from {min} to {max}.");
    }

    /// <summary>The parameter that continues a bounded listing where its previous page stopped.</summary>
    public const string CursorName = "cursor";

    /// <summary>The <c>cursor</c> a previous page of a listing handed out, or null for the first page.</summary>
    /// <exception cref="ApiException">400 when it is not a cursor this API handed out.</exception>
    public static TableCursor? Cursor(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Query.TryGetValue(CursorName, out var values))
        {
            return null;
        }

        return TableCursor.TryParse(values.ToString(), out var cursor)
            ? cursor
            : throw ApiException.BadRequest($"Parameter '{CursorName}' must be a cursor from a previous page's X-Next-Cursor header.");
    }

    /// <summary>Whether the parameter <paramref name="name"/> was given at all.</summary>
    public static bool Has(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Query.ContainsKey(name);
    }
}
