using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhotonRanch.Fits;
using PhotonRanch.Functions.InfoImages;
using PhotonRanch.Functions.RecentUploads;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Files;
using PhotonRanch.Functions.Tests.Images;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Callers;

/// <summary>
/// Every call the web UI (LCOGT/ptr_ui) makes to this API, replayed as axios 0.21 sends it from the browser
/// (<c>active_api + path</c>, its Accept header, the page's Origin, <c>params</c> serialised as axios does: nulls left
/// out, spaces as '+', ':' kept), asserting the status codes and fields the UI's code reads. Not here: the shape of
/// <c>/all/config</c> and the upload flow (their own tests), and the preflight's header list.
/// </summary>
public sealed class WebUiReplayTests : IClassFixture<ApiFixture>
{
    private const string Site = "wui";
    private static readonly DateTime Night = new(2022, 6, 29, 3, 0, 0, DateTimeKind.Unspecified);

    private readonly ApiFixture _api;

    public WebUiReplayTests(ApiFixture api)
    {
        _api = api;
    }

    [Fact]
    public async Task One_image_by_base_filename_has_what_the_image_views_read()
    {
        const string Base = "wui-kb001ms-20220629-00000001";
        await SeedImageAsync(Base, SeedImage.HeaderOf(("SMARTSTK", "no"), ("SSTKNUM", "")));

        // ptr_ui src/store/modules/images.js:172 (update_new_image) and src/components/SingleImage.vue:300 (fetchImageData):
        // axios.get(`${active_api}/image/${base}`); reads data.base_filename, user_id, SMARTSTK, and the package's fields.
        using var response = await _api.AxiosAsync(HttpMethod.Get, $"/image/{Base}");

        var image = await response.AssertJsonAsync();
        Assert.Equal(JsonValueKind.Object, image.ValueKind);
        Assert.Equal(Base, image.GetProperty("base_filename").GetString());
        Assert.Equal("google-oauth2|100354044221813550027", image.GetProperty("user_id").GetString());
        Assert.Equal("no", image.GetProperty("SMARTSTK").GetString());
        Assert.Equal("data", image.GetProperty("s3_directory").GetString());
        Assert.Equal("EX", image.GetProperty("data_type").GetString());
        Assert.Equal(new DateTimeOffset(DateTime.SpecifyKind(Night, DateTimeKind.Utc)).ToUnixTimeMilliseconds(), image.GetProperty("capture_date").GetInt64());
        Assert.Contains($"/data/{Base}-EX10.jpg", image.GetProperty("jpg_url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_image_is_an_error_status_the_single_image_view_reports()
    {
        // ptr_ui src/components/SingleImage.vue:300-309: any error status shows "The requested image could not be found."
        using var response = await _api.AxiosAsync(HttpMethod.Get, "/image/wui-kb001ms-20220629-99999999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_observe_pages_latest_images_then_the_noon_to_noon_filtered_images()
    {
        const string Base = "wui-kb001ms-20220629-00000002";
        await SeedImageAsync(Base, null, "wul");

        // ptr_ui src/store/modules/images.js:305 (load_latest_x_images): `${active_api}/${site}/latest_images/${n}?userid=...`; reads data[0] and the list.
        using var latestX = await _api.AxiosAsync(HttpMethod.Get, "/wul/latest_images/25?userid=google-oauth2%7C100354044221813550027");
        Assert.Equal([Base], (await latestX.AssertJsonAsync()).EnumerateArray().Select(i => i.GetProperty("base_filename").GetString()));

        // ptr_ui src/store/modules/images.js:376-386 (load_latest_images): `${active_api}/${site}/latest_images/1`; reads data.length and data[0].capture_date.
        using var latest = await _api.AxiosAsync(HttpMethod.Get, "/wul/latest_images/1");
        var newest = (await latest.AssertJsonAsync()).EnumerateArray().Single();
        Assert.Equal(JsonValueKind.Number, newest.GetProperty("capture_date").ValueKind);

        // ptr_ui src/store/modules/images.js:443-451: params {site, start_date, end_date} as 'YYYY-MM-DD HH:mm:ss' (UTC), user_id when
        // only the user's data is shown; reads data.length, data[0] and the list.
        using var filtered = await _api.AxiosAsync(
            HttpMethod.Get, "/filtered_images?site=wul&start_date=2022-06-28+19:00:00&end_date=2022-06-29+19:00:00&user_id=google-oauth2%7C100354044221813550027");
        Assert.Equal([Base], (await filtered.AssertJsonAsync()).EnumerateArray().Select(i => i.GetProperty("base_filename").GetString()));
    }

    [Fact]
    public async Task The_image_filter_forms_queries_are_lists()
    {
        const string Base = "wui-kb001ms-20220629-00000003";
        await SeedImageAsync(Base, null, "wuf");

        // ptr_ui src/components/ImageFilter.vue:182-189: params {filename, exposure_time_min, exposure_time_max, site, start_date, end_date, filter}
        // (null ones left out by axios; dates 'YYYY-MM-DD hh:mm:ss'); reads data.length and the list.
        using var all = await _api.AxiosAsync(
            HttpMethod.Get, "/filtered_images?exposure_time_min=1&exposure_time_max=100&site=wuf&start_date=2022-06-28+01:00:00&end_date=2022-06-29+11:00:00&filter=w");
        using var onlySite = await _api.AxiosAsync(HttpMethod.Get, "/filtered_images?site=wuf");

        // ptr_ui src/store/modules/images.js:239-247 (get_filtered_images with the same params) and 264-275 (get_last_24hrs:
        // start_date and end_date only, 12-hour 'hh'); reads data.length.
        using var lastDay = await _api.AxiosAsync(HttpMethod.Get, "/filtered_images?start_date=2022-06-28+03:00:00&end_date=2022-06-29+03:00:00");

        Assert.Equal([Base], (await all.AssertJsonAsync()).EnumerateArray().Select(i => i.GetProperty("base_filename").GetString()));
        Assert.Equal([Base], (await onlySite.AssertJsonAsync()).EnumerateArray().Select(i => i.GetProperty("base_filename").GetString()));
        Assert.Contains(Base, (await lastDay.AssertJsonAsync()).EnumerateArray().Select(i => i.GetProperty("base_filename").GetString()));
    }

    [Fact]
    public async Task Info_images_are_204_for_an_empty_channel_and_the_package_for_a_filled_one()
    {
        await _api.Services.GetRequiredService<InfoImageStore>().PutImageAsync("wui", 2, new JsonObject
        {
            ["base_filename"] = "wui-kb001ms-20220629-00000004",
            ["data_type"] = "EX",
            ["jpg_medium_exists"] = true,
            ["jpg_10_file_path"] = "info-images/wui-kb001ms-20220629-00000004-EX10.jpg",
        }, CancellationToken.None);

        // ptr_ui src/store/modules/images.js:473-487 (load_latest_info_images): `${active_api}/infoimage/${site}/${channel}` for 1..3;
        // status 204 → empty; else data (its s3_directory, jpg_url) becomes the info image.
        var statuses = new List<HttpStatusCode>();
        JsonElement? filled = null;
        for (var channel = 1; channel <= 3; channel++)
        {
            using var response = await _api.AxiosAsync(HttpMethod.Get, $"/infoimage/wui/{channel}");
            statuses.Add(response.StatusCode);
            if (channel == 2)
            {
                filled = await response.AssertJsonAsync();
            }
        }

        Assert.Equal([HttpStatusCode.NoContent, HttpStatusCode.OK, HttpStatusCode.NoContent], statuses);
        Assert.Equal("info-images", filled!.Value.GetProperty("s3_directory").GetString());
        Assert.Equal("wui-kb001ms-20220629-00000004", filled.Value.GetProperty("base_filename").GetString());
        Assert.Contains("/info-images/wui-kb001ms-20220629-00000004-EX10.jpg", filled.Value.GetProperty("jpg_url").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_fits_header_with_the_uis_trailing_slash_is_the_header_object()
    {
        const string Base = "wui-kb001ms-20220629-00000005";
        await SeedImageAsync(Base, SeedImage.HeaderOf(("EXPTIME", 30.0), ("FILTER", "w")));

        // ptr_ui src/store/modules/images.js:503-507 (loadCurrentImageFitsHeader): `${active_api}/fitsheader/${base}/`; data is the header.
        using var response = await _api.AxiosAsync(HttpMethod.Get, $"/fitsheader/{Base}/");

        var header = await response.AssertJsonAsync();
        Assert.Equal(30.0, header.GetProperty("EXPTIME").GetDouble());
        Assert.Equal("w", header.GetProperty("FILTER").GetString());
    }

    [Fact]
    public async Task Fits_and_tif_downloads_answer_a_url_string_the_browser_can_open()
    {
        const string Base = "wui-kb001ms-20220629-00000006";
        var fz = await CompressedFitsAsync();
        await Container().GetBlobClient($"data/{Base}-EX10.fits.fz").UploadAsync(new BinaryData(fz), overwrite: true);
        await Container().GetBlobClient($"data/{Base}-EX01.fits.fz").UploadAsync(new BinaryData(fz), overwrite: true);

        // ptr_ui src/store/modules/images.js:578-586 (get_fits_url): POST `${active_api}/download` {object_name}; window.location.assign(data).
        using var small = await _api.AxiosAsync(HttpMethod.Post, "/download", $$"""{"object_name":"{{Base}}-EX10.fits.fz"}""");
        // ptr_ui src/components/ImagesTable.vue:272-280 (download_fits): {s3_directory, object_name, image_type: 'fits'}.
        using var large = await _api.AxiosAsync(HttpMethod.Post, "/download", $$"""{"s3_directory":"data","object_name":"{{Base}}-EX01.fits.fz","image_type":"fits"}""");
        // ptr_ui src/components/ImagesTable.vue:293-302 and src/components/ImageDisplay/ButtonRowBelowImage.vue:257-282 (download_tif):
        // {s3_directory, object_name, stretch, image_type: 'tif'}.
        using var arcsinh = await _api.AxiosAsync(HttpMethod.Post, "/download", $$"""{"s3_directory":"data","object_name":"{{Base}}-EX01.fits.fz","stretch":"arcsinh","image_type":"tif"}""");
        using var linear = await _api.AxiosAsync(HttpMethod.Post, "/download", $$"""{"s3_directory":"data","object_name":"{{Base}}-EX10.fits.fz","stretch":"linear","image_type":"tif"}""");

        foreach (var response in new[] { small, large, arcsinh, linear })
        {
            var url = (await response.AssertJsonAsync()).GetString();
            using var opened = await FilesApi.Outside.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        }
    }

    [Fact]
    public async Task The_zip_download_answers_message_with_fractional_seconds_and_404_when_nothing_matches()
    {
        const string Base = "wuz-kb001ms-20220629-00000001";
        await ImageSeeding.InsertAsync(_api.Services, new SeedImage(Base, "wuz") { CaptureDate = Night });
        await Container().GetBlobClient($"data/{Base}-EX10.fits.fz").UploadAsync(new BinaryData("small fits"), overwrite: true);
        var night = new DateTimeOffset(DateTime.SpecifyKind(Night, DateTimeKind.Utc)).ToUnixTimeMilliseconds();

        // ptr_ui src/components/DownloadInterface.vue:85-96 (download_fits_batch): {start_timestamp_s: getTime()/1000, end_timestamp_s,
        // fits_size, site}; reads data.message (then window.location.assign) or error.response.status 404 / 504.
        using var batch = await _api.AxiosAsync(
            HttpMethod.Post,
            "/downloadzip",
            $$"""{"start_timestamp_s":{{Seconds(night - 3_600_123)}},"end_timestamp_s":{{Seconds(night + 3_600_456)}},"fits_size":"small","site":"wuz"}""");
        var url = (await batch.AssertJsonAsync()).GetProperty("message").GetString();
        using var zip = new ZipArchive(new MemoryStream(await FilesApi.Outside.GetByteArrayAsync(url)));
        Assert.Equal([$"{Base}-EX10.fits.fz"], zip.Entries.Select(e => e.FullName));

        // ptr_ui src/components/ImageDisplay/ButtonRowBelowImage.vue:164-176 (download_fits_previous_24hrs): whole seconds from Math.round;
        // here a day with nothing in it, which the UI reports from error.response.status == 404.
        using var none = await _api.AxiosAsync(
            HttpMethod.Post,
            "/downloadzip",
            $$"""{"site":"wuz","fits_size":"small","start_timestamp_s":{{(night / 1000) + 86_400}},"end_timestamp_s":{{(night / 1000) + 172_800}}}""");
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task Recent_uploads_list_the_fields_the_admin_table_shows()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        await _api.Services.GetRequiredService<RecentUploadsStore>()
            .AddAsync(new RecentUpload("wur", now - 60, now + 86_400, "wur-kb001ms-20220629-00000001-EX10.jpg", 123_456), CancellationToken.None);

        // ptr_ui src/components/AdminTools/RecentS3UploadsTable.vue:98-105: `${active_api}/recentuploads?site=${encodeURIComponent(site)}`;
        // the table shows upload_timestamp_s, filename and size_bytes of each row.
        using var response = await _api.AxiosAsync(HttpMethod.Get, "/recentuploads?site=wur");

        var upload = (await response.AssertJsonAsync()).EnumerateArray().Single();
        Assert.Equal(now - 60, upload.GetProperty("upload_timestamp_s").GetInt64());
        Assert.Equal("wur-kb001ms-20220629-00000001-EX10.jpg", upload.GetProperty("filename").GetString());
        Assert.Equal(123_456, upload.GetProperty("size_bytes").GetInt64());
    }

    [Fact]
    public async Task The_night_log_is_read_written_with_a_token_and_deleted_as_the_ui_does()
    {
        var token = TestTokens.Mint();

        // ptr_ui src/components/NightLog.vue:180-184 (getNote): axios.get(`${active_api}/nightlog/${site}`); status 204 → no note.
        using var none = await _api.AxiosAsync(HttpMethod.Get, "/nightlog/wun");
        Assert.Equal(HttpStatusCode.NoContent, none.StatusCode);

        // ptr_ui src/components/NightLog.vue:203-217 (newNote): POST {note_data: {site, username, userid, message, ttl_hours, selected_image}}
        // with the Auth0 bearer header; any 2xx then reloads the note.
        using var created = await _api.AxiosAsync(
            HttpMethod.Post,
            "/nightlog/wun",
            """{"note_data":{"site":"wun","username":"Tim Beccue","userid":"google-oauth2|100354044221813550027","message":"Dome stuck","ttl_hours":12,"selected_image":{"base_filename":"wun-kb001ms-20220629-00000001","jpg_url":"https://example.org/x.jpg"}}}""",
            token);
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        // ptr_ui src/components/NightLog.vue:180-190, 241-252: reads note.site, note.created_timestamp and note.note_data.username.
        using var read = await _api.AxiosAsync(HttpMethod.Get, "/nightlog/wun");
        var note = await read.AssertJsonAsync();
        Assert.Equal("wun", note.GetProperty("site").GetString());
        Assert.Equal(JsonValueKind.Number, note.GetProperty("created_timestamp").ValueKind);
        Assert.Equal("Tim Beccue", note.GetProperty("note_data").GetProperty("username").GetString());
        Assert.Equal("Dome stuck", note.GetProperty("note_data").GetProperty("message").GetString());

        // ptr_ui src/components/NightLog.vue:224-229 (deleteNote): axios.delete with the bearer header; any 2xx clears the note.
        using var deleted = await _api.AxiosAsync(HttpMethod.Delete, "/nightlog/wun", bearer: token);
        Assert.True(deleted.IsSuccessStatusCode, await deleted.Content.ReadAsStringAsync());
        using var gone = await _api.AxiosAsync(HttpMethod.Get, "/nightlog/wun");
        Assert.Equal(HttpStatusCode.NoContent, gone.StatusCode);
    }

    [Fact]
    public async Task The_sites_overview_gets_each_sites_latest_jpg_url()
    {
        const string Base = "wua-kb001ms-20220629-00000001";
        await ImageSeeding.InsertAsync(_api.Services, new SeedImage(Base, "wua"));
        await _api.Services.GetRequiredService<TableServiceClient>()
            .GetTableClient(_api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Tables.SiteConfigurations)
            .UpsertEntityAsync(new TableEntity("wua", "config") { ["site"] = "wua" });

        // ptr_ui src/components/SitesOverviewCards.vue:92-96 (updateAllSiteImages): data[site] is a jpg URL whose file name carries the date
        // (orderedSites reads parseInt(url.split('-')[3]), the date with the default container name "photonranch-001").
        using var response = await _api.AxiosAsync(HttpMethod.Get, "/latest_image_all_sites");

        var url = (await response.AssertJsonAsync()).GetProperty("wua").GetString();
        Assert.Contains($"/data/{Base}-EX10.jpg?", url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_calendars_moon_times_are_rise_set_transit_and_illumination()
    {
        // ptr_ui src/components/calendar/TheCalendar.vue:825-846 (getMoonTimesFromAPI): params {start, end, lat, lng}, start/end
        // 'YYYY-MM-DDTHH:mm:ss[Z]' (1206-1209); reads moon.rise, moon.set, moon.transit and moon.illumination of each item.
        using var response = await _api.AxiosAsync(
            HttpMethod.Get, "/events/moon/rise-set-illum?start=2022-06-17T07:00:00Z&end=2022-08-12T07:00:00Z&lat=34.34293&lng=-119.68112");

        var moons = (await response.AssertJsonAsync()).EnumerateArray().ToList();
        // About one rise→set pair a day in 56 days.
        Assert.InRange(moons.Count, 50, 57);
        foreach (var moon in moons)
        {
            var rise = DateTimeOffset.Parse(moon.GetProperty("rise").GetString()!, CultureInfo.InvariantCulture);
            var set = DateTimeOffset.Parse(moon.GetProperty("set").GetString()!, CultureInfo.InvariantCulture);
            var transit = DateTimeOffset.Parse(moon.GetProperty("transit").GetString()!, CultureInfo.InvariantCulture);
            Assert.True(rise < transit && transit < set, $"{rise:o} {transit:o} {set:o}");
            Assert.InRange(moon.GetProperty("illumination").GetDouble(), 0, 1);
        }
    }

    [Fact]
    public async Task The_global_config_is_a_json_object()
    {
        // ptr_ui src/store/modules/site_config.js:347, src/components/sitepages/SiteTargets.vue:720, src/views/PlanTargets.vue:236:
        // axios.get(`${active_api}/all/config`). Only the status and that it is an object are asserted: its shape is the site configs' own.
        using var response = await _api.AxiosAsync(HttpMethod.Get, "/all/config");

        Assert.Equal(JsonValueKind.Object, (await response.AssertJsonAsync()).ValueKind);
    }

    // JavaScript's Date.getTime() / 1000 of a millisecond time: seconds with up to three decimals.
    private static string Seconds(long milliseconds) => (milliseconds / 1000m).ToString(CultureInfo.InvariantCulture);

    private Task SeedImageAsync(string baseFilename, string? header, string site = Site) =>
        ImageSeeding.InsertAsync(_api.Services, new SeedImage(baseFilename, site) { CaptureDate = Night, SortDate = Night, Header = header });

    private BlobContainerClient Container() =>
        _api.Services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(_api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ContainerName);

    private static async Task<byte[]> CompressedFitsAsync()
    {
        var directory = Directory.CreateTempSubdirectory("photonranch-ui-replay-");
        try
        {
            var plain = Path.Combine(directory.FullName, "image.fits");
            await using (var file = File.Create(plain))
            {
                var pixels = Enumerable.Range(0, 64 * 48).Select(i => (short)((i * 37 % 4000) - 1000)).ToArray();
                await FitsWriter.WriteImageAsync(file, pixels, [64, 48], [FitsCard.Create("FILTER", "w")], CancellationToken.None);
            }

            await CfitsioTools.RunAsync("fpack", "-r", plain);
            return await File.ReadAllBytesAsync(plain + ".fz");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
