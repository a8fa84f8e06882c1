using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PhotonRanch.Functions.Hosting;
using PhotonRanch.Functions.LocalHost;
using PhotonRanch.Functions.Root;
using PhotonRanch.Functions.Tests.Images;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Http;

/// <summary>
/// The local Kestrel host routes as the real Functions host does (FunctionsHostRoutingTests models that from the
/// build's metadata): over real HTTP, every contract request in every stray-slash form reaches the function meant for
/// it, proven by the host's own execution log; the host's reserved paths, its empty 404 and its homepage are there too.
/// </summary>
public sealed class LocalHostRouteTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _api;

    public LocalHostRouteTests(ApiFixture api)
    {
        _api = api;
    }

    public static TheoryData<string, string, string> Requests() => ContractRequests.All();

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task Every_contract_request_reaches_its_function(string method, string path, string function)
    {
        var (_, executed) = await SendAsync(method, path);

        Assert.NotEmpty(executed);
        Assert.Equal(function, executed[^1]);
    }

    [Theory]
    [InlineData("POST", "/api//upload/")]
    [InlineData("GET", "/sro//config//")]
    public async Task A_stray_slash_form_is_served_by_the_fallback_then_its_function(string method, string path)
    {
        var (_, executed) = await SendAsync(method, path);

        Assert.Equal(2, executed.Count);
        Assert.Equal(ApiRootFunctions.FallbackName, executed[0]);
    }

    [Theory]
    [InlineData("GET", "/admin/host/status")]
    [InlineData("POST", "/runtime/webhooks/blobs")]
    [InlineData("GET", "/runtime")]
    [InlineData("POST", "//upload/")]
    [InlineData("GET", "//sro/config")]
    public async Task Reserved_paths_and_an_empty_first_segment_get_the_hosts_empty_404(string method, string path)
    {
        var (response, executed) = await SendAsync(method, path);

        Assert.Empty(executed);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("/administrator")]
    [InlineData("/runtimes/x")]
    [InlineData("/no/such/route")]
    [InlineData("/api/no/such/route")]
    public async Task Paths_no_function_serves_get_the_json_404_from_the_fallback(string path)
    {
        var (response, executed) = await SendAsync("GET", path);

        Assert.Equal([ApiRootFunctions.FallbackName], executed);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("No route matches", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }

    [Theory]
    [InlineData(null, HttpStatusCode.OK)]
    [InlineData("true", HttpStatusCode.NoContent)]
    public async Task Without_a_root_function_the_root_is_the_hosts_homepage_unless_disabled(string? disableHomepage, HttpStatusCode expected)
    {
        // Only the test assembly's functions: none of them routes "/".
        await using var host = await AlternateApiHost.StartAsync(
            _api,
            new Dictionary<string, string?> { [FunctionsHostRouting.DisableHomepageSetting] = disableHomepage, ["LocalIngestion:Enabled"] = "false" },
            services => services.AddSingleton(HttpFunctionCatalog.FromAssemblies(typeof(LocalHostRouteTests).Assembly)));

        using var response = await host.Client.GetAsync("/");

        Assert.Equal(expected, response.StatusCode);
        Assert.Equal(disableHomepage is null, (await response.Content.ReadAsStringAsync()).Contains(FunctionsHostRouting.HomepageText, StringComparison.Ordinal));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private async Task<(HttpResponseMessage Response, List<object?> Executed)> SendAsync(string method, string path)
    {
        var correlationId = "route-" + Guid.NewGuid().ToString("N");
        // Concatenated, not combined: a relative "//upload/" would name a host.
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_api.Client.BaseAddress!.GetLeftPart(UriPartial.Authority) + path));
        request.Headers.Add(CorrelationId.HeaderName, correlationId);
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }

        var response = await _api.Client.SendAsync(request);
        var executed = _api.Logs.Entries
            .Where(entry => entry.EventId.Name == "FunctionExecuting" && Equals(entry.Values.GetValueOrDefault("CorrelationId"), correlationId))
            .Select(entry => entry.Values["FunctionName"])
            .ToList();
        return (response, executed);
    }
}
