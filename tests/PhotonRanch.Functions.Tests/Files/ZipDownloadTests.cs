using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Files;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Images;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Files;

/// <summary>POST /downloadzip: files chosen from PostgreSQL, zipped from Blob Storage, fetched through the SAS URL.</summary>
public sealed class ZipDownloadTests : IClassFixture<ApiFixture>
{
    private static readonly DateTime Night = new(2022, 6, 29, 0, 0, 0, DateTimeKind.Utc);

    private readonly ApiFixture _api;
    private readonly FilesApi _files;

    public ZipDownloadTests(ApiFixture api)
    {
        _api = api;
        _files = new FilesApi(api);
    }

    [Fact]
    public async Task A_zip_of_200_files_holds_every_file_byte_identical_and_is_named_for_the_site()
    {
        var contents = new Dictionary<string, byte[]>();
        var seeds = new List<SeedImage>();
        for (var i = 0; i < 200; i++)
        {
            var baseName = $"zpa-kb001ms-20220629-{i:D8}";
            seeds.Add(new SeedImage(baseName, "zpa") { CaptureDate = Local(Night.AddMinutes(i)), Fits10Exists = true });
            contents[$"{baseName}-EX10.fits.fz"] = Enumerable.Range(0, 5000 + i * 37).Select(b => (byte)((b * (i + 3)) % 256)).ToArray();
        }

        await ImageSeeding.InsertAsync(_api.Services, [.. seeds]);
        await Parallel.ForEachAsync(contents, async (file, token) => await Data().GetBlobClient($"data/{file.Key}").UploadAsync(new BinaryData(file.Value), token));

        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var (url, response) = await ZipUrlAsync("zpa", Night, Night.AddHours(10), "small");
        using var fetched = await FilesApi.Outside.GetAsync(url);
        using var zip = new ZipArchive(new MemoryStream(await fetched.Content.ReadAsByteArrayAsync()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contents.Keys.Order(StringComparer.Ordinal), zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        foreach (var entry in zip.Entries)
        {
            using var read = new MemoryStream();
            await using (var entryStream = entry.Open())
            {
                await entryStream.CopyToAsync(read);
            }

            Assert.Equal(contents[entry.FullName], read.ToArray());
        }

        var downloadName = fetched.Content.Headers.ContentDisposition?.FileName?.Trim('"') ?? string.Empty;
        Assert.StartsWith("zpa-", downloadName, StringComparison.Ordinal);
        Assert.InRange(long.Parse(downloadName["zpa-".Length..^".zip".Length], System.Globalization.CultureInfo.InvariantCulture), before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
    }

    [Fact]
    public async Task The_same_request_again_reuses_the_stored_zip()
    {
        await SeedWithFilesAsync("zpb", 3, fits01: false);

        var (first, _) = await ZipUrlAsync("zpb", Night, Night.AddHours(1), "small");
        var zipBlob = Data().GetBlobClient(first.AbsolutePath[(first.AbsolutePath.IndexOf("/downloads/", StringComparison.Ordinal) + 1)..]);
        var built = (await zipBlob.GetPropertiesAsync()).Value.LastModified;
        await Task.Delay(1100);
        var (second, _) = await ZipUrlAsync("zpb", Night, Night.AddHours(1), "small");

        Assert.Equal(first.AbsolutePath, second.AbsolutePath);
        Assert.Equal(built, (await zipBlob.GetPropertiesAsync()).Value.LastModified);
    }

    [Fact]
    public async Task Identical_requests_at_once_build_the_zip_once_and_all_get_it_whole()
    {
        await SeedWithFilesAsync("zpk", 6, fits01: false);

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => ZipUrlAsync("zpk", Night, Night.AddHours(1), "small")));

        var paths = answers.Select(answer => answer.Url.AbsolutePath).Distinct().ToList();
        var blobName = Assert.Single(paths)[(paths[0].IndexOf("/downloads/", StringComparison.Ordinal) + 1)..];
        Assert.Single(_api.Logs.Entries, entry => entry.Message.StartsWith($"Built zip {blobName} ", StringComparison.Ordinal));
        using var fetched = await new HttpClient().GetAsync(answers[0].Url);
        using var zip = new ZipArchive(await fetched.Content.ReadAsStreamAsync());
        Assert.Equal(6, zip.Entries.Count);
    }

    [Theory]
    [InlineData("Downloads:MaxZipFiles", "2", "zpl")]
    [InlineData("Downloads:MaxZipBytes", "10", "zpm")]
    public async Task A_zip_over_its_limits_is_a_413_naming_them_and_nothing_is_written(string setting, string value, string site)
    {
        await SeedWithFilesAsync(site, 3, fits01: false);
        await using var limited = await AlternateApiHost.StartAsync(
            _api, new Dictionary<string, string?> { [setting] = value, ["LocalIngestion:Enabled"] = "false" });

        var before = await DownloadsAsync();

        using var response = await limited.Client.PostAsJsonAsync("/downloadzip", new
        {
            site,
            start_timestamp_s = new DateTimeOffset(Night).ToUnixTimeSeconds(),
            end_timestamp_s = new DateTimeOffset(Night.AddHours(1)).ToUnixTimeSeconds(),
            fits_size = "small",
        });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        var error = (await FilesApi.Json(response)).GetProperty("error").GetString()!;
        Assert.Contains(value == "2" ? "at most 2 files" : "and 10 bytes", error, StringComparison.Ordinal);
        Assert.Equal(before, await DownloadsAsync());
    }

    private async Task<List<string>> DownloadsAsync()
    {
        var names = new List<string>();
        await foreach (var blob in Data().GetBlobsAsync(BlobTraits.None, BlobStates.None, "downloads/", CancellationToken.None))
        {
            names.Add(blob.Name);
        }

        return names;
    }

    [Fact]
    public async Task The_zip_url_reads_one_blob_for_7_days_less_one_hour()
    {
        await SeedWithFilesAsync("zpg", 1, fits01: false);

        var before = DateTimeOffset.UtcNow;
        var (url, _) = await ZipUrlAsync("zpg", Night, Night.AddHours(1), "small");
        var after = DateTimeOffset.UtcNow;

        // The contract's 7 days, less the hour that lets one user-delegation key sign many URLs (docs/decisions.md).
        Assert.Matches("/downloads/[0-9a-f]{64}\\.zip$", url.AbsolutePath);
        SasParameters.AssertBlobSas(url, "r", TimeSpan.FromDays(7) - TimeSpan.FromHours(1), before, after);
    }

    [Fact]
    public async Task Files_listed_but_absent_from_storage_are_named_in_missing_txt_and_that_zip_is_not_reused()
    {
        await SeedWithFilesAsync("zpc", 2, fits01: false);
        await ImageSeeding.InsertAsync(_api.Services, new SeedImage("zpc-kb001ms-20220629-00000099", "zpc") { CaptureDate = Local(Night.AddMinutes(30)) });

        var (first, _) = await ZipUrlAsync("zpc", Night, Night.AddHours(1), "small");
        using var zip = new ZipArchive(new MemoryStream(await FilesApi.Outside.GetByteArrayAsync(first)));
        var (second, _) = await ZipUrlAsync("zpc", Night, Night.AddHours(1), "small");

        Assert.Equal(3, zip.Entries.Count);
        using var reader = new StreamReader(zip.GetEntry(ZipDownloadBuilder.MissingListName)!.Open());
        Assert.Equal("zpc-kb001ms-20220629-00000099-EX10.fits.fz\n", await reader.ReadToEndAsync());
        Assert.NotEqual(first.AbsolutePath, second.AbsolutePath);
    }

    [Fact]
    public async Task A_listed_file_whose_blob_name_would_exceed_1024_characters_is_named_in_missing_txt()
    {
        // "data/" + 1,010 + "-EX10.fits.fz" = 1,028 characters: no such blob can exist.
        var longBase = $"zpf-{new string('k', 1010 - "zpf--20220629-00000001".Length)}-20220629-00000001";
        await SeedWithFilesAsync("zpf", 1, fits01: false);
        await ImageSeeding.InsertAsync(_api.Services, new SeedImage(longBase, "zpf") { CaptureDate = Local(Night.AddMinutes(30)) });

        var (url, _) = await ZipUrlAsync("zpf", Night, Night.AddHours(1), "small");
        using var zip = new ZipArchive(new MemoryStream(await FilesApi.Outside.GetByteArrayAsync(url)));

        Assert.Equal(1010, longBase.Length);
        Assert.Equal([ZipDownloadBuilder.MissingListName, "zpf-kb001ms-20220629-00000000-EX10.fits.fz"], zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        using var reader = new StreamReader(zip.GetEntry(ZipDownloadBuilder.MissingListName)!.Open());
        Assert.Equal($"{longBase}-EX10.fits.fz\n", await reader.ReadToEndAsync());
    }

    [Fact]
    public async Task Best_takes_the_large_file_where_it_exists_and_the_small_one_otherwise()
    {
        await ImageSeeding.InsertAsync(
            _api.Services,
            new SeedImage("zpd-kb001ms-20220629-00000001", "zpd") { CaptureDate = Local(Night), Fits01Exists = true, Fits10Exists = true },
            new SeedImage("zpd-kb001ms-20220629-00000002", "zpd") { CaptureDate = Local(Night), Fits01Exists = false, Fits10Exists = true },
            new SeedImage("zpd-kb001ms-20220629-00000003", "zpd") { CaptureDate = Local(Night), Fits01Exists = true, Fits10Exists = false });
        foreach (var name in new[] { "zpd-kb001ms-20220629-00000001-EX01.fits.fz", "zpd-kb001ms-20220629-00000002-EX10.fits.fz", "zpd-kb001ms-20220629-00000003-EX01.fits.fz", "zpd-kb001ms-20220629-00000001-EX10.fits.fz" })
        {
            await Data().GetBlobClient($"data/{name}").UploadAsync(new BinaryData(name));
        }

        var best = await EntriesAsync("zpd", "best");
        var large = await EntriesAsync("zpd", "LARGE");
        var small = await EntriesAsync("zpd", "small");

        Assert.Equal(["zpd-kb001ms-20220629-00000001-EX01.fits.fz", "zpd-kb001ms-20220629-00000002-EX10.fits.fz", "zpd-kb001ms-20220629-00000003-EX01.fits.fz"], best);
        Assert.Equal(["zpd-kb001ms-20220629-00000001-EX01.fits.fz", "zpd-kb001ms-20220629-00000003-EX01.fits.fz"], large);
        Assert.Equal(["zpd-kb001ms-20220629-00000001-EX10.fits.fz", "zpd-kb001ms-20220629-00000002-EX10.fits.fz"], small);
    }

    [Fact]
    public async Task The_range_is_inclusive_at_both_ends_and_nothing_in_it_is_the_originals_404()
    {
        await ImageSeeding.InsertAsync(
            _api.Services,
            new SeedImage("zpe-kb001ms-20220629-00000001", "zpe") { CaptureDate = Local(Night) },
            new SeedImage("zpe-kb001ms-20220629-00000002", "zpe") { CaptureDate = Local(Night.AddHours(1)) },
            new SeedImage("zpe-kb001ms-20220629-00000003", "zpe") { CaptureDate = Local(Night.AddHours(1).AddSeconds(1)) });
        for (var i = 1; i <= 3; i++)
        {
            await Data().GetBlobClient($"data/zpe-kb001ms-20220629-{i:D8}-EX10.fits.fz").UploadAsync(new BinaryData($"file {i}"));
        }

        using var none = await PostZipAsync("zpe", Night.AddDays(5), Night.AddDays(6), "small");
        var inRange = await EntriesAsync("zpe", "small", Night, Night.AddHours(1));

        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal("No images exist for the given query.", (await FilesApi.Json(none)).GetString());
        Assert.Equal(["zpe-kb001ms-20220629-00000001-EX10.fits.fz", "zpe-kb001ms-20220629-00000002-EX10.fits.fz"], inRange);
    }

    [Fact]
    public async Task Fractional_timestamps_as_numbers_or_strings_are_truncated_to_whole_seconds()
    {
        await ImageSeeding.InsertAsync(
            _api.Services,
            new SeedImage("zph-kb001ms-20220629-00000001", "zph") { CaptureDate = Local(Night) },
            new SeedImage("zph-kb001ms-20220629-00000002", "zph") { CaptureDate = Local(Night.AddHours(1)) },
            new SeedImage("zph-kb001ms-20220629-00000003", "zph") { CaptureDate = Local(Night.AddHours(1).AddSeconds(1)) });
        for (var i = 1; i <= 3; i++)
        {
            await Data().GetBlobClient($"data/zph-kb001ms-20220629-{i:D8}-EX10.fits.fz").UploadAsync(new BinaryData($"file {i}"));
        }

        // Rounding instead of truncating would move the start past the first image and the end onto the third.
        var start = new DateTimeOffset(Night).ToUnixTimeSeconds();
        var end = new DateTimeOffset(Night.AddHours(1)).ToUnixTimeSeconds();
        using var response = await _files.PostRawAsync(
            "/downloadzip", $$"""{"site": "zph", "start_timestamp_s": {{start}}.9, "end_timestamp_s": "{{end}}.999", "fits_size": "small"}""");

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var url = new Uri((await FilesApi.Json(response)).GetProperty("message").GetString()!);
        using var zip = new ZipArchive(new MemoryStream(await FilesApi.Outside.GetByteArrayAsync(url)));
        Assert.Equal(
            ["zph-kb001ms-20220629-00000001-EX10.fits.fz", "zph-kb001ms-20220629-00000002-EX10.fits.fz"],
            zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{"start_timestamp_s": 1, "end_timestamp_s": 2, "fits_size": "small"}""", "'site' must be")]
    [InlineData("""{"site": "saf", "end_timestamp_s": 2, "fits_size": "small"}""", "start_timestamp_s must be")]
    [InlineData("""{"site": "saf", "start_timestamp_s": "yesterday", "end_timestamp_s": 2, "fits_size": "small"}""", "start_timestamp_s must be")]
    [InlineData("""{"site": "saf", "start_timestamp_s": 1, "end_timestamp_s": "NaN", "fits_size": "small"}""", "end_timestamp_s must be")]
    [InlineData("""{"site": "saf", "start_timestamp_s": 1, "end_timestamp_s": "Infinity", "fits_size": "small"}""", "end_timestamp_s must be")]
    [InlineData("""{"site": "saf", "start_timestamp_s": 1, "end_timestamp_s": 1e300, "fits_size": "small"}""", "end_timestamp_s must be")]
    [InlineData("""{"site": "saf", "start_timestamp_s": 1, "end_timestamp_s": "253402300800", "fits_size": "small"}""", "end_timestamp_s must be")]
    [InlineData("""{"site": "saf", "start_timestamp_s": -1.5, "end_timestamp_s": 2, "fits_size": "small"}""", "start_timestamp_s must be")]
    [InlineData("""{"site": "saf", "start_timestamp_s": true, "end_timestamp_s": 2, "fits_size": "small"}""", "start_timestamp_s must be")]
    [InlineData("""{"site": "saf", "start_timestamp_s": 1, "end_timestamp_s": 2, "fits_size": "medium"}""", "fits_size must be")]
    [InlineData("""{"site": "saf", "start_timestamp_s": 1, "end_timestamp_s": 2}""", "fits_size must be")]
    public async Task Malformed_requests_are_400s(string body, string error)
    {
        using var response = await _files.PostRawAsync("/downloadzip", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith(error, (await FilesApi.Json(response)).GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    // Seeded capture dates are UTC wall-clock values in a timestamp without time zone.
    private static DateTime Local(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Unspecified);

    private BlobContainerClient Data() =>
        _api.Services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(_api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ContainerName);

    private async Task SeedWithFilesAsync(string site, int count, bool fits01)
    {
        for (var i = 0; i < count; i++)
        {
            var baseName = $"{site}-kb001ms-20220629-{i:D8}";
            await ImageSeeding.InsertAsync(_api.Services, new SeedImage(baseName, site) { CaptureDate = Local(Night.AddMinutes(i)), Fits01Exists = fits01 });
            await Data().GetBlobClient($"data/{baseName}-EX10.fits.fz").UploadAsync(new BinaryData($"file {i}"));
        }
    }

    private Task<HttpResponseMessage> PostZipAsync(string site, DateTime from, DateTime to, string size) =>
        _files.PostAsync("/downloadzip", new
        {
            site,
            start_timestamp_s = new DateTimeOffset(from).ToUnixTimeSeconds(),
            end_timestamp_s = new DateTimeOffset(to).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture),
            fits_size = size,
        });

    private async Task<(Uri Url, HttpResponseMessage Response)> ZipUrlAsync(string site, DateTime from, DateTime to, string size)
    {
        var response = await PostZipAsync(site, from, to, size);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return (new Uri((await FilesApi.Json(response)).GetProperty("message").GetString()!), response);
    }

    private async Task<string[]> EntriesAsync(string site, string size, DateTime? from = null, DateTime? to = null)
    {
        var (url, _) = await ZipUrlAsync(site, from ?? Night, to ?? Night.AddHours(1), size);
        using var zip = new ZipArchive(new MemoryStream(await FilesApi.Outside.GetByteArrayAsync(url)));
        return [.. zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal)];
    }
}
