using System.Text.Json;
using PhotonRanch.Functions.Hosting;

namespace PhotonRanch.Functions.Tests.Http;

/// <summary>
/// The Functions SDK writes <c>functions.metadata</c> at build time; it is what the Azure Functions host (and
/// <c>func start</c>) routes by. These tests prove the local host's catalog, read from the same attributes, describes
/// exactly the same HTTP functions, and that host.json keeps the original's paths (no <c>api/</c> prefix).
/// </summary>
public sealed class FunctionsHostParityTests
{
    [Fact]
    public void Sdk_function_metadata_and_the_local_catalog_list_the_same_routes_and_methods()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        var fromSdk = metadata.RootElement.EnumerateArray()
            .SelectMany(function => function.GetProperty("bindings").EnumerateArray()
                .Where(binding => binding.GetProperty("type").GetString() == "httpTrigger")
                .Select(binding => Describe(
                    function.GetProperty("name").GetString()!,
                    binding.GetProperty("route").GetString()!,
                    binding.GetProperty("methods").EnumerateArray().Select(method => method.GetString()!))))
            .Order(StringComparer.Ordinal)
            .ToList();
        var fromCatalog = HttpFunctionCatalog.ForApp().Functions
            .Select(function => Describe(function.Name, function.Route, function.HttpMethods))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.NotEmpty(fromSdk);
        Assert.Equal(fromSdk, fromCatalog);
    }

    [Fact]
    public void Host_json_sets_an_empty_route_prefix()
    {
        using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));

        Assert.Equal(string.Empty, host.RootElement.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    private static string Describe(string name, string route, IEnumerable<string> methods) =>
        $"{name} {route} {string.Join(',', methods.Select(m => m.ToUpperInvariant()).Order(StringComparer.Ordinal))}";
}
