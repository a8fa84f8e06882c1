using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Hosting;
using PhotonRanch.Functions.Images;
using PhotonRanch.Functions.SiteConfigs;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Images;

/// <summary>
/// The image endpoints over real HTTP against real PostgreSQL and Azurite. Each test seeds rows under its own site
/// codes and base filenames, so the tests of this class share the fixture's schema without seeing each other's rows.
/// </summary>
public sealed class ImagesEndpointTests : IClassFixture<ApiFixture>
{
    private static readonly HttpClient Outside = new();

    private static readonly string[] PackageProperties =
    [
        "image_id", "base_filename", "data_type", "site", "exposure_time", "filter_used", "right_ascension",
        "declination", "azimuth", "altitude", "airmass", "fits_01_exists", "fits_10_exists", "jpg_medium_exists",
        "jpg_small_exists", "s3_directory", "username", "user_id", "fits_filename", "fits_path", "SMARTSTK", "SSTKNUM",
        "capture_date", "sort_date", "jpg_url", "jpg_thumbnail_url",
    ];

    private readonly ApiFixture _api;

    public ImagesEndpointTests(ApiFixture api)
    {
        _api = api;
    }

    [Fact]
    public async Task Latest_images_are_the_newest_with_a_medium_jpg_in_the_contract_shape()
    {
        var header = SeedImage.HeaderOf(("SITEID", "lat"), ("INSTRUME", "kb001ms"), ("DAY-OBS", "20220629"), ("ORIGNAME", "lat-kb001ms-20220629-00000003-e00.fits"), ("SMARTSTK", "no"));
        await ImageSeeding.InsertAsync(
            _api.Services,
            Image("lat-kb001ms-20220629-00000001", "lat", hour: 1),
            Image("lat-kb001ms-20220629-00000002", "lat", hour: 2) with { JpgSmallExists = true },
            Image("lat-kb001ms-20220629-00000003", "lat", hour: 3) with { Header = header },
            Image("lat-kb001ms-20220629-00000004", "lat", hour: 4) with { JpgMediumExists = false },
            Image("oth-kb001ms-20220629-00000005", "oth", hour: 5));

        var (status, body) = await GetAsync("/lat/latest_images/2");

        Assert.Equal(HttpStatusCode.OK, status);
        var packages = body.EnumerateArray().ToList();
        Assert.Equal(["lat-kb001ms-20220629-00000003", "lat-kb001ms-20220629-00000002"], packages.Select(p => p.GetProperty("base_filename").GetString()));
        Assert.All(packages, p => Assert.Equal(PackageProperties, p.EnumerateObject().Select(property => property.Name)));

        var newest = packages[0];
        Assert.Equal("EX", newest.GetProperty("data_type").GetString());
        Assert.Equal("lat", newest.GetProperty("site").GetString());
        Assert.Equal(10, newest.GetProperty("exposure_time").GetDouble());
        Assert.Equal(12.5, newest.GetProperty("right_ascension").GetDouble());
        Assert.Equal(-30.25, newest.GetProperty("declination").GetDouble());
        Assert.Equal("data", newest.GetProperty("s3_directory").GetString());
        Assert.Equal("lat-kb001ms-20220629-00000003-e00.fits", newest.GetProperty("fits_filename").GetString());
        Assert.Equal("lat/kb001ms/20220629/raw", newest.GetProperty("fits_path").GetString());
        Assert.Equal("no", newest.GetProperty("SMARTSTK").GetString());
        Assert.Equal(string.Empty, newest.GetProperty("SSTKNUM").GetString());
        Assert.Equal(new DateTimeOffset(2022, 6, 29, 3, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), newest.GetProperty("capture_date").GetInt64());
        Assert.Equal(new DateTimeOffset(2022, 6, 29, 3, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds(), newest.GetProperty("sort_date").GetInt64());
        Assert.Contains("/data/lat-kb001ms-20220629-00000003-EX10.jpg?", newest.GetProperty("jpg_url").GetString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, newest.GetProperty("jpg_thumbnail_url").GetString());
        Assert.Contains("/data/lat-kb001ms-20220629-00000002-EX11.jpg?", packages[1].GetProperty("jpg_thumbnail_url").GetString(), StringComparison.Ordinal);
        Assert.Equal(string.Empty, packages[1].GetProperty("fits_path").GetString());
    }

    [Fact]
    public async Task Latest_images_filter_by_userid_and_an_empty_userid_is_no_filter()
    {
        await ImageSeeding.InsertAsync(
            _api.Services,
            Image("usr-a-20220629-00000001", "usr", hour: 1) with { UserId = "alice" },
            Image("usr-a-20220629-00000002", "usr", hour: 2) with { UserId = "bob" },
            Image("usr-a-20220629-00000003", "usr", hour: 3) with { UserId = "alice" });

        var (_, alice) = await GetAsync("/usr/latest_images/10?userid=alice");
        var (_, nobody) = await GetAsync("/usr/latest_images/10?userid=carol");
        var (_, everyone) = await GetAsync("/usr/latest_images/10?userid=");
        var (_, otherSpelling) = await GetAsync("/usr/latest_images/10?UserId=alice");

        Assert.Equal(["usr-a-20220629-00000003", "usr-a-20220629-00000001"], Names(alice));
        Assert.Empty(Names(nobody));
        Assert.Equal(3, Names(everyone).Count);
        Assert.Equal(3, Names(otherSpelling).Count);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("ten")]
    [InlineData("99999999999999999999")]
    public async Task Latest_images_refuse_a_number_of_images_outside_1_to_1000(string number)
    {
        var (status, body) = await GetAsync($"/lat/latest_images/{number}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("number_of_images", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Latest_images_accept_the_largest_number_of_images()
    {
        var (status, body) = await GetAsync("/nobody-here/latest_images/1000");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(JsonValueKind.Array, body.ValueKind);
    }

    [Fact]
    public async Task Jpg_url_reads_the_medium_jpg_from_outside_is_the_same_all_day_and_lets_browsers_cache_it()
    {
        await ImageSeeding.InsertAsync(_api.Services, Image("sas-kb001ms-20220629-00000001", "sas", hour: 1));
        var storage = _api.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        var jpg = _api.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(storage.ContainerName)
            .GetBlobClient("data/sas-kb001ms-20220629-00000001-EX10.jpg");
        await jpg.UploadAsync(BinaryData.FromBytes([0xFF, 0xD8, 0xFF, 0xE0]), overwrite: true);
        var today = DateTimeOffset.UtcNow.UtcDateTime.Date;

        var (_, body) = await GetAsync("/sas/latest_images/1");
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        var (_, again) = await GetAsync("/sas/latest_images/1");
        var url = new Uri(body[0].GetProperty("jpg_url").GetString()!);
        using var downloaded = await Outside.GetAsync(url);

        Assert.Equal(url.AbsoluteUri, again[0].GetProperty("jpg_url").GetString());
        Assert.Equal(HttpStatusCode.OK, downloaded.StatusCode);
        Assert.Equal([0xFF, 0xD8, 0xFF, 0xE0], await downloaded.Content.ReadAsByteArrayAsync());
        Assert.Equal(ImagesService.JpgCacheControl, downloaded.Headers.CacheControl?.ToString());
        var query = System.Web.HttpUtility.ParseQueryString(url.Query);
        var starts = DateTimeOffset.Parse(query["st"]!, System.Globalization.CultureInfo.InvariantCulture);
        var expires = DateTimeOffset.Parse(query["se"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(today - TimeSpan.FromMinutes(5), starts.UtcDateTime);
        Assert.Equal(today + BlobSasIssuer.DailyLifetime, expires.UtcDateTime);
    }

    [Fact]
    public async Task Latest_image_all_sites_lists_configured_sites_with_an_image_in_one_query_with_or_without_the_slash()
    {
        await ImageSeeding.InsertAsync(
            _api.Services,
            Image("als-kb001ms-20220629-00000001", "als", hour: 1),
            Image("als-kb001ms-20220629-00000002", "als", hour: 2) with { DataType = "e" },
            Image("als-kb001ms-20220629-00000003", "als", hour: 3) with { JpgMediumExists = false },
            Image("alt-kb001ms-20220629-00000001", "alt", hour: 1) with { JpgMediumExists = false },
            Image("unc-kb001ms-20220629-00000001", "unc", hour: 1));
        var table = SiteConfigurations();
        foreach (var site in new[] { "als", "alt", "alu" })
        {
            await table.AddEntityAsync(new TableEntity(site, "config") { ["site"] = site });
        }

        var correlationId = "all-sites-" + Guid.NewGuid().ToString("N");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/latest_image_all_sites/");
        request.Headers.Add(CorrelationId.HeaderName, correlationId);
        using var withSlash = await _api.Client.SendAsync(request);
        using var body = JsonDocument.Parse(await withSlash.Content.ReadAsStringAsync());
        var (withoutSlashStatus, withoutSlash) = await GetAsync("/latest_image_all_sites");

        Assert.Equal(HttpStatusCode.OK, withSlash.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withoutSlashStatus);
        var urls = body.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
        Assert.Equal(["als"], urls.Keys);
        Assert.Contains("/data/als-kb001ms-20220629-00000002-e10.jpg?", urls["als"], StringComparison.Ordinal);
        Assert.Equal(["als"], withoutSlash.EnumerateObject().Select(p => p.Name));
        var imageQueries = _api.Logs.Entries.Count(entry =>
            entry.Category.StartsWith("Npgsql.Command", StringComparison.Ordinal)
            && entry.Message.Contains("FROM images", StringComparison.Ordinal)
            && Equals(entry.Values.GetValueOrDefault("CorrelationId"), correlationId));
        Assert.Equal(1, imageQueries);
    }

    [Fact]
    public async Task Site_codes_are_read_across_pages_of_the_site_configurations_table()
    {
        var table = SiteConfigurations();
        var sites = Enumerable.Range(0, 7).Select(i => $"pg{i}").ToList();
        foreach (var site in sites)
        {
            await table.AddEntityAsync(new TableEntity(site, "config"));
        }

        var store = new SiteConfigStore(_api.Services.GetRequiredService<TableServiceClient>(), _api.Services.GetRequiredService<IOptions<StorageOptions>>()) { PageSize = 2 };

        var read = await store.ListSitesAsync(CancellationToken.None);

        Assert.Superset(sites.ToHashSet(), read.ToHashSet());
        Assert.Equal(read.Count, read.Distinct().Count());
    }

    [Fact]
    public async Task Image_by_base_filename_answers_the_one_row_and_404s_for_none_or_several()
    {
        await ImageSeeding.InsertAsync(
            _api.Services,
            Image("one-kb001ms-20220629-00000001", "one", hour: 1),
            Image("one-kb001ms-20220629-00000002", "one", hour: 2) with { JpgMediumExists = false },
            Image("one-kb001ms-20220629-00000003", "one", hour: 3) with { DataType = "EX" },
            Image("one-kb001ms-20220629-00000003", "one", hour: 3) with { DataType = "e" });

        var (foundStatus, found) = await GetAsync("/image/one-kb001ms-20220629-00000001");
        var (noJpgStatus, noJpg) = await GetAsync("/image/one-kb001ms-20220629-00000002");
        var (missingStatus, missing) = await GetAsync("/image/one-kb001ms-20220629-00000009");
        var (severalStatus, several) = await GetAsync("/image/one-kb001ms-20220629-00000003");

        Assert.Equal(HttpStatusCode.OK, foundStatus);
        Assert.Equal("one-kb001ms-20220629-00000001", found.GetProperty("base_filename").GetString());
        Assert.Equal(PackageProperties, found.EnumerateObject().Select(property => property.Name));
        Assert.Equal(string.Empty, found.GetProperty("fits_path").GetString());
        Assert.Equal(string.Empty, found.GetProperty("fits_filename").GetString());
        Assert.Equal(string.Empty, found.GetProperty("SMARTSTK").GetString());
        Assert.Equal(HttpStatusCode.NotFound, noJpgStatus);
        Assert.Equal("No results found for one-kb001ms-20220629-00000002", noJpg.GetString());
        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
        Assert.Equal("No results found for one-kb001ms-20220629-00000009", missing.GetString());
        Assert.Equal(HttpStatusCode.NotFound, severalStatus);
        Assert.Equal("Multiple images found for one-kb001ms-20220629-00000003", several.GetString());
    }

    [Fact]
    public async Task Fits_header_answers_the_header_object_or_an_empty_object_and_404s_without_a_row_or_with_several()
    {
        var header = SeedImage.HeaderOf(("EXPTIME", 30.5), ("SITEID", "fhd"), ("SSTKNUM", "4"));
        await ImageSeeding.InsertAsync(
            _api.Services,
            Image("fhd-kb001ms-20220629-00000001", "fhd", hour: 1) with { Header = header, JpgMediumExists = false },
            Image("fhd-kb001ms-20220629-00000002", "fhd", hour: 2),
            Image("fhd-kb001ms-20220629-00000003", "fhd", hour: 3) with { Header = "not json {" },
            Image("fhd-kb001ms-20220629-00000004", "fhd", hour: 4) with { Header = header, DataType = "EX" },
            Image("fhd-kb001ms-20220629-00000004", "fhd", hour: 4) with { Header = header, DataType = "e" });

        var (status, found) = await GetAsync("/fitsheader/fhd-kb001ms-20220629-00000001");
        var (emptyStatus, empty) = await GetAsync("/fitsheader/fhd-kb001ms-20220629-00000002");
        var (damagedStatus, damaged) = await GetAsync("/fitsheader/fhd-kb001ms-20220629-00000003");
        var (missingStatus, missing) = await GetAsync("/fitsheader/fhd-kb001ms-20220629-00000009");
        var (severalStatus, several) = await GetAsync("/fitsheader/fhd-kb001ms-20220629-00000004");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(30.5, found.GetProperty("EXPTIME").GetDouble());
        Assert.Equal("4", found.GetProperty("SSTKNUM").GetString());
        Assert.Equal(HttpStatusCode.OK, emptyStatus);
        Assert.Equal("{}", empty.GetRawText());
        Assert.Equal(HttpStatusCode.OK, damagedStatus);
        Assert.Equal("{}", damaged.GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, missingStatus);
        Assert.Equal("No fits header found in the db for fhd-kb001ms-20220629-00000009", missing.GetString());
        Assert.Equal(HttpStatusCode.NotFound, severalStatus);
        Assert.Equal("Multiple images found for fhd-kb001ms-20220629-00000004", several.GetString());
    }

    [Theory]
    [InlineData("username=Alice%20Smith", "flt-a-20210601-00000001")]
    [InlineData("user_id=uid-bob", "flt-a-20210601-00000003,flt-a-20210601-00000002")]
    [InlineData("filter=ha", "flt-a-20210601-00000003")]
    [InlineData("exposure_time_min=100", "flt-a-20210601-00000004")]
    [InlineData("exposure_time_max=1.5", "flt-a-20210601-00000001")]
    [InlineData("start_date=2021-06-04", "flt-a-20210601-00000004")]
    [InlineData("end_date=2021-06-01T23:59:59", "flt-a-20210601-00000001")]
    [InlineData("filename=flt-a-20210601-0000000_", "flt-a-20210601-00000004,flt-a-20210601-00000003,flt-a-20210601-00000002,flt-a-20210601-00000001")]
    [InlineData("filename=%25-00000002", "flt-a-20210601-00000002")]
    [InlineData("username=Alice%20Smith&exposure_time_max=1.5&filter=w&end_date=2021-06-02", "flt-a-20210601-00000001")]
    [InlineData("exposure_time_min=1&exposure_time_max=20&start_date=2021-06-02&end_date=2021-06-03T23:00:00&filter=ha", "flt-a-20210601-00000003")]
    [InlineData("username=Alice%20Smith&user_id=uid-bob", "")]
    public async Task Filtered_images_apply_each_filter_alone_and_combined(string filters, string expected)
    {
        await SeedFilterRowsOnceAsync();

        var (status, body) = await GetAsync($"/filtered_images?site=flt&{filters}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(expected.Length == 0 ? [] : expected.Split(','), Names(body));
    }

    [Fact]
    public async Task Filtered_images_filter_by_site_alone_and_never_return_rows_without_a_medium_jpg()
    {
        await SeedFilterRowsOnceAsync();

        var (_, body) = await GetAsync("/filtered_images?site=flt");

        Assert.Equal(
            ["flt-a-20210601-00000004", "flt-a-20210601-00000003", "flt-a-20210601-00000002", "flt-a-20210601-00000001"],
            Names(body));
    }

    [Theory]
    [InlineData("start_date=2021-06-02%2B12")]
    [InlineData("start_date=2021-06-02+12")]
    [InlineData("start_date=2021-06-02T00:00:00Z")]
    [InlineData("start_date=2021-06-02T00:00:00.000%2B02:00")]
    [InlineData("start_date=2021-06-02-07")]
    public async Task Filtered_images_read_plus_12_style_and_iso_dates_as_the_original_database_did(string filter)
    {
        await SeedFilterRowsOnceAsync();

        var (status, body) = await GetAsync($"/filtered_images?site=flt&{filter}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["flt-a-20210601-00000004", "flt-a-20210601-00000003", "flt-a-20210601-00000002"], Names(body));
    }

    [Fact]
    public async Task Filtered_images_ignore_unknown_keys_keys_are_case_sensitive_and_repeat_keys_use_the_last_value()
    {
        await SeedFilterRowsOnceAsync();

        var (status, body) = await GetAsync("/filtered_images?site=nowhere&site=flt&SITE=nowhere&bogus=1&order=drop%20table&filter=w");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["flt-a-20210601-00000004", "flt-a-20210601-00000002", "flt-a-20210601-00000001"], Names(body));
    }

    [Theory]
    [InlineData("username=%27%20OR%201%3D1%20--")]
    [InlineData("filename=%25%27%20OR%20%271%27%3D%271")]
    [InlineData("site=flt%27%3B%20DROP%20TABLE%20images%3B%20--")]
    public async Task Filtered_images_treat_sql_in_values_as_data(string filter)
    {
        await SeedFilterRowsOnceAsync();

        var (status, body) = await GetAsync($"/filtered_images?{filter}");
        var (_, stillThere) = await GetAsync("/filtered_images?site=flt");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(Names(body));
        Assert.Equal(4, Names(stillThere).Count);
    }

    [Theory]
    [InlineData("exposure_time_min=abc", "exposure_time_min")]
    [InlineData("exposure_time_max=", "exposure_time_max")]
    [InlineData("exposure_time_min=NaN", "exposure_time_min")]
    [InlineData("start_date=yesterday", "start_date")]
    [InlineData("end_date=2021-02-30", "end_date")]
    [InlineData("start_date=2021-06-02%2012:00:00%20PST", "start_date")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=5001", "limit")]
    [InlineData("filename=abc%5C", "filename")]
    [InlineData("username=a%00b", "username")]
    public async Task Filtered_images_refuse_unusable_values_with_a_400(string filter, string named)
    {
        var (status, body) = await GetAsync($"/filtered_images?site=flt&{filter}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(named, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Filtered_images_without_filters_are_capped_by_limit_newest_first()
    {
        var future = new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
        await ImageSeeding.InsertAsync(
            _api.Services,
            Image("cap-a-20990101-00000001", "cap", hour: 0) with { SortDate = future.AddMinutes(1) },
            Image("cap-a-20990101-00000002", "cap", hour: 0) with { SortDate = future.AddMinutes(3) },
            Image("cap-a-20990101-00000003", "cap", hour: 0) with { SortDate = future.AddMinutes(2) });

        var (status, body) = await GetAsync("/filtered_images?limit=2");
        var (noQueryStatus, noQuery) = await GetAsync("/filtered_images");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["cap-a-20990101-00000002", "cap-a-20990101-00000003"], Names(body));
        Assert.Equal(HttpStatusCode.OK, noQueryStatus);
        Assert.Equal(["cap-a-20990101-00000002", "cap-a-20990101-00000003", "cap-a-20990101-00000001"], Names(noQuery).Take(3));
    }

    [Fact]
    public async Task Filtered_images_keep_only_the_final_frame_of_each_smart_stack()
    {
        static string Stack(object smartStack, object number) => SeedImage.HeaderOf(("SMARTSTK", smartStack), ("SSTKNUM", number));
        await ImageSeeding.InsertAsync(
            _api.Services,
            Image("stk-a-20220629-00000001", "stk", hour: 1) with { Header = Stack("101", "1") },
            Image("stk-a-20220629-00000002", "stk", hour: 2) with { Header = Stack("101", "2") },
            Image("stk-a-20220629-00000003", "stk", hour: 3) with { Header = Stack("101", "3") },
            Image("stk-a-20220629-00000004", "stk", hour: 4) with { Header = Stack("202", "9") },
            Image("stk-a-20220629-00000005", "stk", hour: 5) with { Header = Stack("202", "10") },
            Image("stk-a-20220629-00000006", "stk", hour: 6) with { Header = Stack("no", "5") },
            Image("stk-a-20220629-00000007", "stk", hour: 7) with { Header = Stack("101", string.Empty) },
            Image("stk-a-20220629-00000008", "stk", hour: 8) with { Header = Stack("101", "x") },
            Image("stk-a-20220629-00000009", "stk", hour: 9) with { Header = Stack("abc", "1") },
            Image("stk-a-20220629-00000010", "stk", hour: 10),
            Image("stk-a-20220629-00000011", "stk", hour: 11) with { Header = SeedImage.HeaderOf(("SMARTSTK", "101")) });

        var (status, body) = await GetAsync("/filtered_images?site=stk");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            [
                "stk-a-20220629-00000011", "stk-a-20220629-00000010", "stk-a-20220629-00000009", "stk-a-20220629-00000008",
                "stk-a-20220629-00000007", "stk-a-20220629-00000006", "stk-a-20220629-00000005", "stk-a-20220629-00000003",
            ],
            Names(body));
    }

    private static SeedImage Image(string baseFilename, string site, int hour) =>
        new(baseFilename, site)
        {
            CaptureDate = new DateTime(2022, 6, 29, hour, 0, 0, DateTimeKind.Unspecified),
            SortDate = new DateTime(2022, 6, 29, hour, 0, 0, DateTimeKind.Unspecified),
        };

    private static List<string?> Names(JsonElement packages) =>
        packages.EnumerateArray().Select(p => p.GetProperty("base_filename").GetString()).ToList();

    // The filter tests share one set of rows at site "flt", seeded by whichever runs first: the fixture's schema
    // outlives each test instance, and xunit runs the tests of one class one at a time.
    private async Task SeedFilterRowsOnceAsync()
    {
        var (_, existing) = await GetAsync("/filtered_images?site=flt&limit=1");
        if (existing.GetArrayLength() > 0)
        {
            return;
        }

        await ImageSeeding.InsertAsync(
                _api.Services,
                new SeedImage("flt-a-20210601-00000001", "flt") { Username = "Alice Smith", UserId = "uid-alice", FilterUsed = "w", ExposureTime = 1.5, CaptureDate = new DateTime(2021, 6, 1, 12, 0, 0), SortDate = new DateTime(2021, 6, 1, 12, 0, 0) },
                new SeedImage("flt-a-20210601-00000002", "flt") { Username = "Bob", UserId = "uid-bob", FilterUsed = "w", ExposureTime = 10, CaptureDate = new DateTime(2021, 6, 2, 0, 0, 0), SortDate = new DateTime(2021, 6, 2, 0, 0, 0) },
                new SeedImage("flt-a-20210601-00000003", "flt") { Username = "Bob", UserId = "uid-bob", FilterUsed = "ha", ExposureTime = 20, CaptureDate = new DateTime(2021, 6, 3, 22, 0, 0), SortDate = new DateTime(2021, 6, 3, 22, 0, 0) },
                new SeedImage("flt-a-20210601-00000004", "flt") { Username = "Carol", UserId = "uid-carol", FilterUsed = "w", ExposureTime = 120, CaptureDate = new DateTime(2021, 6, 4, 0, 0, 1), SortDate = new DateTime(2021, 6, 4, 0, 0, 1) },
                new SeedImage("flt-a-20210601-00000005", "flt") { Username = "Alice Smith", UserId = "uid-alice", FilterUsed = "w", ExposureTime = 1, JpgMediumExists = false, CaptureDate = new DateTime(2021, 6, 5, 0, 0, 0), SortDate = new DateTime(2021, 6, 5, 0, 0, 0) });
    }

    private TableClient SiteConfigurations() =>
        _api.Services.GetRequiredService<TableServiceClient>()
            .GetTableClient(_api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Tables.SiteConfigurations);

    private async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(string path)
    {
        using var response = await _api.Client.GetAsync(path);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.Clone());
    }
}
