using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.InfoImages;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.InfoImages;

/// <summary><c>GET /infoimage/{site}/{channel}</c> over real HTTP against Azurite, with SAS URLs that really download.</summary>
public sealed class InfoImageTests : IClassFixture<ApiFixture>
{
    private static readonly HttpClient Outside = new();
    private readonly ApiFixture _api;
    private readonly InfoImageStore _store;

    public InfoImageTests(ApiFixture api)
    {
        _api = api;
        _store = api.Services.GetRequiredService<InfoImageStore>();
    }

    [Fact]
    public async Task The_package_has_every_attribute_the_defaults_and_a_working_url_for_each_existing_file()
    {
        var jpg = "info-images/tst-inst-20211231-00000001-EX10.jpg"u8.ToArray();
        await UploadAsync("info-images/tst-inst-20211231-00000001-EX10.jpg", jpg);
        await _store.PutImageAsync("pkg1", 2, new JsonObject
        {
            ["base_filename"] = "tst-inst-20211231-00000001",
            ["file_date"] = "20211231",
            ["data_type"] = "EX",
            ["jpg_medium_exists"] = true,
            ["jpg_10_file_path"] = "info-images/tst-inst-20211231-00000001-EX10.jpg",
            ["fits_10_exists"] = false,
            ["fits_10_file_path"] = "info-images/tst-inst-20211231-00000001-EX10.fits.fz",
            ["header"] = new JsonObject { ["EXPTIME"] = 30.0, ["FILTER"] = "Lum", ["GAIN"] = 1.25 },
        }, CancellationToken.None);

        using var response = await _api.Client.GetAsync("/infoimage/pkg1/2");
        var package = await response.AssertJsonAsync();

        Assert.Equal("pkg1#2", package.GetProperty("pk").GetString());
        Assert.Equal("pkg1", package.GetProperty("site").GetString());
        Assert.Equal("2", package.GetProperty("channel").GetString());
        Assert.Equal("tst-inst-20211231-00000001", package.GetProperty("base_filename").GetString());
        Assert.Equal("20211231", package.GetProperty("file_date").GetString());
        Assert.Equal("info-images", package.GetProperty("s3_directory").GetString());
        Assert.True(package.GetProperty("jpg_medium_exists").GetBoolean());
        Assert.False(package.GetProperty("jpg_small_exists").GetBoolean());
        Assert.False(package.GetProperty("fits_01_exists").GetBoolean());
        Assert.False(package.GetProperty("fits_10_exists").GetBoolean());
        Assert.Equal("""{"EXPTIME":30,"FILTER":"Lum","GAIN":1.25}""", package.GetProperty("header").GetRawText());
        Assert.False(package.TryGetProperty("jpg_small_url", out _));
        Assert.False(package.TryGetProperty("fits_01_url", out _));
        Assert.False(package.TryGetProperty("fits_10_url", out _));

        using var download = await Outside.GetAsync(package.GetProperty("jpg_url").GetString());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(jpg, await download.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Each_true_flag_gets_a_read_only_url_for_its_own_file()
    {
        await _store.PutImageAsync("pkg2", 1, new JsonObject
        {
            ["base_filename"] = "pkg2-cam-20240101-00000002",
            ["jpg_medium_exists"] = true,
            ["jpg_10_file_path"] = "info-images/a-EX10.jpg",
            ["jpg_small_exists"] = true,
            ["jpg_11_file_path"] = "info-images/a-EX11.jpg",
            ["fits_01_exists"] = true,
            ["fits_01_file_path"] = "info-images/a-EX01.fits.fz",
            ["fits_10_exists"] = true,
            ["fits_10_file_path"] = "info-images/a-EX10.fits.fz",
        }, CancellationToken.None);

        var package = await (await _api.Client.GetAsync("/infoimage/pkg2/1")).AssertJsonAsync();

        foreach (var (field, blob) in new[] { ("jpg_url", "a-EX10.jpg"), ("jpg_small_url", "a-EX11.jpg"), ("fits_01_url", "a-EX01.fits.fz"), ("fits_10_url", "a-EX10.fits.fz") })
        {
            var url = new Uri(package.GetProperty(field).GetString()!);
            Assert.EndsWith("/info-images/" + blob, url.AbsolutePath, StringComparison.Ordinal);
            Assert.Contains("sp=r&", url.Query, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_true_flag_without_a_path_gives_no_url_instead_of_failing()
    {
        await _store.PutImageAsync("pkg3", 3, new JsonObject { ["base_filename"] = "b", ["fits_01_exists"] = true }, CancellationToken.None);

        var package = await (await _api.Client.GetAsync("/infoimage/pkg3/3")).AssertJsonAsync();

        Assert.True(package.GetProperty("fits_01_exists").GetBoolean());
        Assert.False(package.TryGetProperty("fits_01_url", out _));
    }

    [Fact]
    public async Task An_empty_channel_is_a_204_without_a_body()
    {
        await _store.PutImageAsync("pkg4", 1, new JsonObject { ["base_filename"] = "c" }, CancellationToken.None);

        using var response = await _api.Client.GetAsync("/infoimage/pkg4/2");

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
        HttpResponseAssertions.AssertCors(response);
    }

    [Fact]
    public async Task An_expired_image_reads_as_an_empty_channel_before_the_clean_up_deletes_it()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await _store.PutImageAsync("pkg5", 1, new JsonObject { ["base_filename"] = "old", ["expiration_timestamp"] = now - 1 }, CancellationToken.None);
        await _store.PutImageAsync("pkg5", 2, new JsonObject { ["base_filename"] = "new", ["expiration_timestamp"] = now + 3600 }, CancellationToken.None);

        using var expired = await _api.Client.GetAsync("/infoimage/pkg5/1");
        using var current = await _api.Client.GetAsync("/infoimage/pkg5/2");

        Assert.Equal(HttpStatusCode.NoContent, expired.StatusCode);
        Assert.Equal("new", (await current.AssertJsonAsync()).GetProperty("base_filename").GetString());
        Assert.NotNull(await _store.GetImageAsync("pkg5", 1, CancellationToken.None));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("4")]
    [InlineData("01")]
    [InlineData("1.0")]
    [InlineData("metadata")]
    [InlineData("one")]
    [InlineData("-1")]
    [InlineData("%231")]
    public async Task A_channel_other_than_1_2_or_3_is_a_400(string channel)
    {
        using var response = await _api.Client.GetAsync($"/infoimage/pkg1/{channel}");

        Assert.Contains("channel", await response.AssertErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sa%23f")]
    [InlineData("sa%3Ff")]
    [InlineData("sa%5Cf")]
    [InlineData("sa%7Ff")]
    [InlineData("_saf")]
    public async Task Odd_characters_in_site_are_a_400(string site)
    {
        using var response = await _api.Client.GetAsync($"/infoimage/{site}/1");

        Assert.Contains("site", await response.AssertErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_metadata_row_records_each_channels_next_base_filename_without_touching_the_others()
    {
        await _store.SetChannelBaseFilenameAsync("meta1", 2, "meta1-cam-20240101-00000007", CancellationToken.None);
        await _store.SetChannelBaseFilenameAsync("meta1", 3, "meta1-cam-20240101-00000008", CancellationToken.None);
        await _store.SetChannelBaseFilenameAsync("meta1", 2, "meta1-cam-20240101-00000009", CancellationToken.None);

        var channels = await _store.GetChannelBaseFilenamesAsync("meta1", CancellationToken.None);
        using var channelOne = await _api.Client.GetAsync("/infoimage/meta1/1");

        Assert.Equal(new Dictionary<int, string> { [2] = "meta1-cam-20240101-00000009", [3] = "meta1-cam-20240101-00000008" }, channels);
        Assert.Empty(await _store.GetChannelBaseFilenamesAsync("nometa", CancellationToken.None));
        Assert.Equal(HttpStatusCode.NoContent, channelOne.StatusCode);
    }

    private async Task UploadAsync(string blobName, byte[] content)
    {
        var container = _api.Services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(_api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ContainerName);
        await container.GetBlobClient(blobName).UploadAsync(new BinaryData(content), overwrite: true);
    }
}
