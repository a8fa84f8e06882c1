using System.Net;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Files;
using PhotonRanch.Functions.InfoImages;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Files;

/// <summary>POST /upload and the stored-file path of POST /download, through the SAS URLs they return.</summary>
public sealed class UploadDownloadTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _api;
    private readonly FilesApi _files;

    public UploadDownloadTests(ApiFixture api)
    {
        _api = api;
        _files = new FilesApi(api);
    }

    [Fact]
    public async Task A_file_put_through_the_upload_url_comes_back_byte_for_byte_through_the_download_url()
    {
        var content = Enumerable.Range(0, 300_000).Select(i => (byte)(i * 31 % 251)).ToArray();

        using var response = await _files.PostAsync("/upload", new { object_name = "sro-kb001ms-20220629-00010442-EX10.jpg", s3_directory = "data" });
        var ticket = await FilesApi.Json(response);
        await _files.UploadAsync("sro-kb001ms-20220629-00010442-EX10.jpg", content);
        var (url, downloaded, _) = await _files.DownloadAsync(new { object_name = "sro-kb001ms-20220629-00010442-EX10.jpg", image_type = "jpg" });

        Assert.Equal("data/sro-kb001ms-20220629-00010442-EX10.jpg", ticket.GetProperty("fields").GetProperty("key").GetString());
        Assert.Equal("POST", ticket.GetProperty("method").GetString());
        Assert.Equal(new Uri(_api.Client.BaseAddress!, "/upload/receive"), new Uri(ticket.GetProperty("url").GetString()!));
        Assert.Equal(300, ticket.GetProperty("expires_in_seconds").GetInt32());
        var put = ticket.GetProperty("put");
        Assert.Equal("PUT", put.GetProperty("method").GetString());
        Assert.Equal("BlockBlob", put.GetProperty("headers").GetProperty("x-ms-blob-type").GetString());
        Assert.Equal(300, put.GetProperty("expires_in_seconds").GetInt32());
        Assert.Contains("sp=cw", put.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.Contains("sp=r", url.Query, StringComparison.Ordinal);
        Assert.Equal(content, downloaded);
    }

    [Fact]
    public async Task Upload_urls_create_and_write_one_blob_for_300_seconds_and_stored_file_urls_read_it_for_5_days()
    {
        var before = DateTimeOffset.UtcNow;
        using var response = await _files.PostAsync("/upload", new { object_name = "sro-kb001ms-20220629-00010443-EX10.jpg", s3_directory = "allsky" });
        var upload = new Uri((await FilesApi.Json(response)).GetProperty("put").GetProperty("url").GetString()!);
        var uploaded = DateTimeOffset.UtcNow;
        await _files.UploadAsync("sro-kb001ms-20220629-00010443-EX10.jpg", [1, 2, 3], "allsky");
        var asked = DateTimeOffset.UtcNow;
        var (download, _, _) = await _files.DownloadAsync(new { object_name = "sro-kb001ms-20220629-00010443-EX10.jpg", s3_directory = "allsky", image_type = "jpg" });
        var after = DateTimeOffset.UtcNow;

        Assert.EndsWith("/allsky/sro-kb001ms-20220629-00010443-EX10.jpg", upload.AbsolutePath, StringComparison.Ordinal);
        SasParameters.AssertBlobSas(upload, "cw", TimeSpan.FromSeconds(300), before, uploaded);
        Assert.EndsWith("/allsky/sro-kb001ms-20220629-00010443-EX10.jpg", download.AbsolutePath, StringComparison.Ordinal);
        SasParameters.AssertBlobSas(download, "r", TimeSpan.FromDays(5), asked, after);
    }

    [Fact]
    public async Task A_file_asked_for_as_fits_that_is_not_compressed_is_linked_as_stored()
    {
        var content = "SIMPLE  =                    T"u8.ToArray();
        await _files.UploadAsync("plain.fits", content, "test");

        var (_, downloaded, _) = await _files.DownloadAsync(new { object_name = "plain.fits", s3_directory = "test" });

        Assert.Equal(content, downloaded);
    }

    [Theory]
    [InlineData("/upload")]
    [InlineData("/download")]
    public async Task An_unknown_directory_is_the_originals_403_message(string path)
    {
        using var response = await _files.PostAsync(path, new { object_name = "x.jpg", s3_directory = "secrets" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("s3_directory must be either 'data', 'info-images', or 'allsky'.", (await FilesApi.Json(response)).GetString());
    }

    [Theory]
    [InlineData("{}", "Missing required field: object_name")]
    [InlineData("""{"object_name": ""}""", "Missing required field: object_name")]
    [InlineData("""{"object_name": "../etc/passwd"}""", "object_name must be a relative name")]
    [InlineData("""{"object_name": "a/../../b"}""", "object_name must be a relative name")]
    [InlineData("""{"object_name": "a..b.fits"}""", "object_name must be a relative name")]
    [InlineData("""{"object_name": "night/./a.fits"}""", "object_name must be a relative name")]
    [InlineData("""{"object_name": "/abs.jpg"}""", "object_name must be a relative name")]
    [InlineData("""{"object_name": "bell\u0007.jpg"}""", "object_name must not contain control characters")]
    [InlineData("""{"object_name": 12}""", "Field 'object_name' must be a string")]
    [InlineData("""{"object_name": "x.jpg", "metadata": "{not json"}""", "metadata must be JSON")]
    public async Task Unusable_object_names_are_400s(string body, string error)
    {
        foreach (var path in new[] { "/upload", "/download" })
        {
            if (path == "/download" && body.Contains("metadata", StringComparison.Ordinal))
            {
                continue;
            }

            using var response = await _files.PostRawAsync(path, body);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.StartsWith(error, (await FilesApi.Json(response)).GetProperty("error").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_object_name_over_1024_characters_is_a_400()
    {
        using var response = await _files.PostAsync("/upload", new { object_name = new string('n', 1025) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_blob_name_over_1024_characters_is_a_400_on_upload_and_download_and_records_nothing()
    {
        // 1,020 characters, a frame filename of site "lng": short enough alone, but "info-images/" makes 1,032.
        var objectName = $"lng-{new string('k', 989)}-20211231-00000001-EX10.jpg";

        using var upload = await _files.PostAsync("/upload", new { object_name = objectName, s3_directory = "info-images", info_channel = 1 });
        using var download = await _files.PostAsync("/download", new { object_name = objectName, s3_directory = "info-images", image_type = "jpg" });

        Assert.Equal(1020, objectName.Length);
        foreach (var response in new[] { upload, download })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(
                "object_name is too long: 'info-images/' and object_name together must be at most 1024 characters.",
                (await FilesApi.Json(response)).GetProperty("error").GetString());
        }

        Assert.Empty(await _api.Services.GetRequiredService<InfoImageStore>().GetChannelBaseFilenamesAsync("lng", CancellationToken.None));
    }

    [Fact]
    public async Task A_blob_name_of_exactly_1024_characters_uploads_and_downloads()
    {
        var objectName = new string('m', 1019 - ".jpg".Length) + ".jpg";
        var content = "at the limit"u8.ToArray();

        await _files.UploadAsync(objectName, content);
        var (_, downloaded, _) = await _files.DownloadAsync(new { object_name = objectName, image_type = "jpg" });

        Assert.Equal(1024, StorageObjectName.BlobName("data", objectName).Length);
        Assert.Equal(content, downloaded);
    }

    [Fact]
    public async Task A_conversion_whose_generated_name_would_exceed_1024_characters_is_a_400_and_writes_nothing()
    {
        // "data/" + 1,019 = 1,024 characters: a usable source, but "downloads/fits/…" would be 1,031.
        var objectName = new string('f', 1019 - ".fits.fz".Length) + ".fits.fz";
        await _files.UploadAsync(objectName, "not even read"u8.ToArray());

        using var response = await _files.PostAsync("/download", new { object_name = objectName, image_type = "fits" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("object_name is too long to convert", (await FilesApi.Json(response)).GetProperty("error").GetString(), StringComparison.Ordinal);
        var container = _api.Services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(_api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ContainerName);
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Prefix = "downloads/fits/ffff" }))
        {
            Assert.Fail($"Nothing should have been generated, but {blob.Name} was.");
        }
    }

    [Fact]
    public async Task Info_image_uploads_record_each_channels_next_base_filename_keeping_the_others()
    {
        using var second = await _files.PostAsync("/upload", new { object_name = "tst-inst-20211231-00000001-EX10.jpg", s3_directory = "info-images", info_channel = 2 });
        using var third = await _files.PostAsync("/upload", new { object_name = "tst-inst-20211231-00000002-EX10.jpg", s3_directory = "info-images", info_channel = "3" });
        using var first = await _files.PostAsync("/upload", new { object_name = "tst-inst-20211231-00000003-EX10.jpg", s3_directory = "info-images" });

        var channels = await _api.Services.GetRequiredService<InfoImageStore>().GetChannelBaseFilenamesAsync("tst", CancellationToken.None);

        Assert.All(new[] { second, third, first }, response => Assert.Equal(HttpStatusCode.OK, response.StatusCode));
        Assert.Equal("tst-inst-20211231-00000003", channels[1]);
        Assert.Equal("tst-inst-20211231-00000001", channels[2]);
        Assert.Equal("tst-inst-20211231-00000002", channels[3]);
    }

    [Theory]
    [InlineData(4, 403, "Value for info_channel must be either 1, 2, or 3. Received 4 instead.")]
    [InlineData(0, 403, "Value for info_channel must be either 1, 2, or 3. Received 0 instead.")]
    public async Task Info_channels_other_than_1_to_3_are_the_originals_403_and_record_nothing(int channel, int status, string message)
    {
        using var response = await _files.PostAsync("/upload", new { object_name = "chn-inst-20211231-00000001-EX10.jpg", s3_directory = "info-images", info_channel = channel });

        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal(message, (await FilesApi.Json(response)).GetString());
        Assert.Empty(await _api.Services.GetRequiredService<InfoImageStore>().GetChannelBaseFilenamesAsync("chn", CancellationToken.None));
    }

    [Theory]
    [InlineData("""{"object_name": "notaframe.jpg", "s3_directory": "info-images"}""", "An info image's object_name must be a frame filename")]
    [InlineData("""{"object_name": "bad-inst-20211231-00000001-EX10.jpg", "s3_directory": "info-images", "info_channel": "two"}""", "info_channel must be 1, 2 or 3")]
    public async Task Info_images_need_a_frame_filename_and_a_numeric_channel(string body, string error)
    {
        using var response = await _files.PostRawAsync("/upload", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(error, (await FilesApi.Json(response)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Empty(await _api.Services.GetRequiredService<InfoImageStore>().GetChannelBaseFilenamesAsync("bad", CancellationToken.None));
    }

    [Theory]
    [InlineData("jpg")]
    [InlineData("fits")]
    [InlineData("tif")]
    public async Task Downloading_a_missing_file_is_a_404(string imageType)
    {
        using var response = await _files.PostAsync("/download", new { object_name = "sro-kb001ms-20220629-09999999-EX10.fits.fz", image_type = imageType });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("File not found: data/sro-kb001ms-20220629-09999999-EX10.fits.fz", (await FilesApi.Json(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_unknown_stretch_is_a_400()
    {
        using var response = await _files.PostAsync("/download", new { object_name = "x.fits.fz", image_type = "tif", stretch = "log" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("stretch must be 'arcsinh' or 'linear', not 'log'.", (await FilesApi.Json(response)).GetProperty("error").GetString());
    }
}
