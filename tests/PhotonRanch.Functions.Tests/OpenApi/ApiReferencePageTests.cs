using System.Net;
using System.Text.Json;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.OpenApi;

/// <summary>
/// <c>/docs</c> is the interactive API reference: headless Chromium loads it from the API alone (no CDN), under the
/// prefixes callers' base URLs have, and the rendered page lists the routes of <c>/openapi.json</c>.
/// </summary>
public sealed class ApiReferencePageTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Theory]
    [InlineData("/docs")]
    [InlineData("/api/docs/")]
    public async Task The_docs_page_rendered_in_chromium_lists_the_api_routes(string page)
    {
        using var description = JsonDocument.Parse(await api.Client.GetStringAsync("/openapi.json"));
        var paths = description.RootElement.GetProperty("paths").EnumerateObject().Select(path => path.Name).ToList();

        var dom = WebUtility.HtmlDecode(await HeadlessChromium.DumpDomAsync(new Uri(api.Client.BaseAddress!, page)));

        Assert.NotEmpty(paths);
        Assert.All(paths, path => Assert.Contains(path, dom, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/docs/scalar.js")]
    [InlineData("/api/docs/scalar.js")]
    public async Task The_script_is_served_by_the_api_itself(string path)
    {
        using var response = await api.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("createApiReference", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
