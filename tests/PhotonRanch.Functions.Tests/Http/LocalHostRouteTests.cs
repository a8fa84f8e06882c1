using System.Text.RegularExpressions;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Http;

/// <summary>
/// The local Kestrel host serves every HTTP-triggered function of the app at the route and methods its attributes
/// declare: each request is proven to reach the intended function through the host's own execution log.
/// </summary>
public sealed partial class LocalHostRouteTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _api;

    public LocalHostRouteTests(ApiFixture api)
    {
        _api = api;
    }

    public static TheoryData<string, string, string> RoutesAndMethods()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var function in HttpFunctionCatalog.ForApp().Functions)
        {
            foreach (var method in function.HttpMethods.Count == 0 ? ["GET"] : function.HttpMethods)
            {
                data.Add(function.Name, method, function.Route);
            }
        }

        return data;
    }

    [Fact]
    public void The_app_declares_its_root_health_preflight_and_not_found_functions()
    {
        var names = HttpFunctionCatalog.ForApp().Functions.Select(f => f.Name).ToHashSet();

        Assert.Superset(new HashSet<string> { "Root", "Health", "Preflight", "RouteNotFound" }, names);
    }

    [Theory]
    [MemberData(nameof(RoutesAndMethods))]
    public async Task Every_function_route_and_method_reaches_that_function(string functionName, string method, string route)
    {
        var correlationId = "route-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(new HttpMethod(method), "/" + SampleUrl(route));
        request.Headers.Add(CorrelationId.HeaderName, correlationId);
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await _api.Client.SendAsync(request);

        var executed = _api.Logs.Entries
            .Where(entry => entry.EventId.Name == "FunctionExecuting" && Equals(entry.Values.GetValueOrDefault("CorrelationId"), correlationId))
            .Select(entry => entry.Values["FunctionName"])
            .ToList();
        Assert.Equal([functionName], executed);
    }

    [Theory]
    [InlineData("GET", "/admin/host/status")]
    [InlineData("POST", "/runtime/webhooks/blobs")]
    [InlineData("GET", "/runtime")]
    public async Task The_functions_hosts_reserved_paths_reach_no_app_function(string method, string path)
    {
        var correlationId = "reserved-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        request.Headers.Add(CorrelationId.HeaderName, correlationId);

        using var response = await _api.Client.SendAsync(request);

        Assert.DoesNotContain(
            _api.Logs.Entries,
            entry => entry.EventId.Name == "FunctionExecuting" && Equals(entry.Values.GetValueOrDefault("CorrelationId"), correlationId));
    }

    [Theory]
    [InlineData("/administrator")]
    [InlineData("/runtimes/x")]
    [InlineData("/no/such/route")]
    public async Task Paths_that_only_start_like_reserved_ones_still_get_the_json_404(string path)
    {
        using var response = await _api.Client.GetAsync(path);

        Assert.Equal(System.Net.HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No route matches", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    // A concrete URL for a route template: each parameter becomes a sample value its constraint accepts.
    private static string SampleUrl(string route) =>
        RouteParameter().Replace(route, match => match.Groups["constraint"].Value switch
        {
            "int" or "long" => "1",
            _ => match.Groups["catchall"].Success ? "sample/path" : "sample",
        });

    [GeneratedRegex(@"\{(?<catchall>\*)?(?<name>\w+)(:(?<constraint>\w+)(\([^}]*\))?)?\??\}")]
    private static partial Regex RouteParameter();
}
