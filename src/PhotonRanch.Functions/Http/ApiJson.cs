using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace PhotonRanch.Functions.Http;

/// <summary>The one set of JSON conventions every response and request body uses.</summary>
internal static class ApiJson
{
    /// <summary>
    /// snake_case property names as the original Python API wrote them (types override single names with
    /// <see cref="JsonPropertyNameAttribute"/>); dictionary keys are left as they are, because some are data
    /// (site codes, event names). The relaxed encoder keeps SAS URLs readable (<c>&amp;</c> rather than <c>\u0026</c>);
    /// responses are always <c>application/json</c>, never embedded in HTML.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.General)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        };
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
