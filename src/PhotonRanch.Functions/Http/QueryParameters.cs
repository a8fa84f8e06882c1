using System.Globalization;
using PhotonRanch.Functions.Storage;
using static PhotonRanch.Functions.Http.RequestMessages;

namespace PhotonRanch.Functions.Http;

/// <summary>Typed reads of query-string parameters; a malformed value is a 400 that names the parameter.</summary>
internal static class QueryParameters
{
    /// <summary>An integer in 1..<paramref name="max"/>, or <paramref name="defaultValue"/> when absent (400 when that is null).</summary>
    public static int PositiveInt(HttpRequest request, string name, int? defaultValue, int max) =>
        WholeNumber(request, name, defaultValue, 1, max);

    /// <summary>An integer in <paramref name="min"/>..<paramref name="max"/>, or <paramref name="defaultValue"/> when absent (400 when that is null).</summary>
    public static int WholeNumber(HttpRequest request, string name, int? defaultValue, int min, int max)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Query.TryGetValue(name, out var values))
        {
            return defaultValue ?? throw ApiException.BadRequest(MessageTemplate.Fill(MissingParameter, ("name", name)));
        }

        return int.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw ApiException.BadRequest(MessageTemplate.Fill(
                ParameterOutOfRange,
                ("name", name),
                ("min", min.ToString(CultureInfo.InvariantCulture)),
                ("max", max.ToString(CultureInfo.InvariantCulture))));
    }

    public const string CursorName = "cursor";

    /// <summary>The <c>cursor</c> a previous page of a listing handed out (400 for any other), or null for the first page.</summary>
    public static TableCursor? Cursor(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!request.Query.TryGetValue(CursorName, out var values))
        {
            return null;
        }

        return TableCursor.TryParse(values.ToString(), out var cursor)
            ? cursor
            : throw ApiException.BadRequest(CursorInvalid);
    }

    public static bool Has(HttpRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.Query.ContainsKey(name);
    }
}
