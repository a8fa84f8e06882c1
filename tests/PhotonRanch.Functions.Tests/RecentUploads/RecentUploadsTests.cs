using System.Net;
using Microsoft.Extensions.DependencyInjection;
using PhotonRanch.Functions.RecentUploads;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.RecentUploads;

/// <summary><c>GET /recentuploads?site=X|all</c> over real HTTP against Azurite.</summary>
public sealed class RecentUploadsTests : IClassFixture<ApiFixture>, IAsyncLifetime
{
    private readonly ApiFixture _api;
    // One clock reading for the class: the rows are seeded once, by whichever test runs first.
    private static readonly long Now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public RecentUploadsTests(ApiFixture api)
    {
        _api = api;
    }

    public async Task InitializeAsync()
    {
        if ((await _api.RowsAsync(t => t.RecentUploadsLog)).Count > 0)
        {
            return;
        }

        var store = _api.Services.GetRequiredService<RecentUploadsStore>();
        RecentUpload[] uploads =
        [
            new("saf", Now - 300, Now + 86400, "saf-kb01-20240101-00000001-EX10.jpg", 120_000),
            new("saf", Now - 100, Now + 86400, "saf-kb01-20240101-00000002-EX10.jpg", 121_000),
            new("saf", Now - 100, Now + 86400, "saf-kb01-20240101-00000002-EX01.fits.fz", 9_000_000),
            new("saf", Now - 200, Now - 1, "saf-kb01-20240101-00000000-EX10.jpg", 1),
            new("mrc", Now - 150, Now + 86400, "mrc-sq01-20240101-00000005-EX11.jpg", 8_000),
            new("mrc", Now - 50, Now + 86400, "odd name #1?/\\.txt", 3),
        ];
        foreach (var upload in uploads)
        {
            await store.AddAsync(upload, CancellationToken.None);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_sites_unexpired_uploads_come_newest_first_in_the_original_shape()
    {
        using var response = await _api.Client.GetAsync("/recentuploads?site=saf");
        var uploads = await response.AssertJsonAsync();

        Assert.Equal(
            ["saf-kb01-20240101-00000002-EX01.fits.fz", "saf-kb01-20240101-00000002-EX10.jpg", "saf-kb01-20240101-00000001-EX10.jpg"],
            uploads.EnumerateArray().Select(upload => upload.GetProperty("filename").GetString()));
        var first = uploads[0];
        Assert.Equal(["site", "upload_timestamp_s", "expire_timestamp_s", "filename", "size_bytes"], first.EnumerateObject().Select(p => p.Name));
        Assert.Equal("saf", first.GetProperty("site").GetString());
        Assert.Equal(Now - 100, first.GetProperty("upload_timestamp_s").GetInt64());
        Assert.Equal(Now + 86400, first.GetProperty("expire_timestamp_s").GetInt64());
        Assert.Equal(9_000_000, first.GetProperty("size_bytes").GetInt64());
    }

    [Fact]
    public async Task All_lists_every_sites_unexpired_uploads_newest_first()
    {
        using var response = await _api.Client.GetAsync("/recentuploads?site=all");
        var uploads = await response.AssertJsonAsync();

        Assert.Equal(
            ["odd name #1?/\\.txt", "saf-kb01-20240101-00000002-EX01.fits.fz", "saf-kb01-20240101-00000002-EX10.jpg", "mrc-sq01-20240101-00000005-EX11.jpg", "saf-kb01-20240101-00000001-EX10.jpg"],
            uploads.EnumerateArray().Select(upload => upload.GetProperty("filename").GetString()));
    }

    [Fact]
    public async Task A_site_without_uploads_is_an_empty_list()
    {
        using var response = await _api.Client.GetAsync("/recentuploads?site=tst");

        Assert.Empty((await response.AssertJsonAsync()).EnumerateArray());
    }

    [Theory]
    [InlineData("/recentuploads")]
    [InlineData("/recentuploads?site=")]
    [InlineData("/recentuploads?other=saf")]
    public async Task A_missing_site_is_the_originals_404_message(string path)
    {
        using var response = await _api.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("\"" + RecentUploadsMessages.MissingSite + "\"", await response.Content.ReadAsStringAsync());
        HttpResponseAssertions.AssertCors(response);
    }

    [Theory]
    [InlineData("sa%23f")]
    [InlineData("sa'f")]
    [InlineData("saf'%20or%20true%20or%20'")]
    [InlineData("saf&site=mrc")]
    [InlineData("%0Asaf")]
    public async Task Odd_characters_in_site_are_a_400(string site)
    {
        using var response = await _api.Client.GetAsync("/recentuploads?site=" + site);

        Assert.Contains("site", await response.AssertErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }
}
