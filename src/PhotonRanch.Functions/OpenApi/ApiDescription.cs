using System.Text.Json;
using Microsoft.OpenApi;
using PhotonRanch.Functions.Hosting;

namespace PhotonRanch.Functions.OpenApi;

/// <summary>The API's OpenAPI 3.0 document as JSON, built once from the app's functions on first use.</summary>
internal sealed class ApiDescription(HttpFunctionCatalog catalog)
{
    private readonly Lazy<JsonElement> _json = new(() => Serialize(ApiDescriptionFactory.Create(catalog)));

    /// <summary>The document (an immutable JSON value, safe to write from concurrent requests).</summary>
    public JsonElement Json => _json.Value;

    // OpenAPI 3.0 rather than 3.1: more client generators and viewers read it, and the API needs nothing 3.1 adds.
    private static JsonElement Serialize(OpenApiDocument document)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        document.SerializeAsV3(new OpenApiJsonWriter(text));
        using var parsed = JsonDocument.Parse(text.ToString());
        return parsed.RootElement.Clone();
    }
}
