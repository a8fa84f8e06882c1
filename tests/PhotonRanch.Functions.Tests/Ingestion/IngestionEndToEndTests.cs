using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PhotonRanch.Functions.InfoImages;
using PhotonRanch.Functions.Ingestion;
using PhotonRanch.Functions.LocalHost;
using PhotonRanch.Functions.RecentUploads;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Files;
using PhotonRanch.Functions.Tests.Infrastructure;
using SixLabors.ImageSharp;

namespace PhotonRanch.Functions.Tests.Ingestion;

/// <summary>
/// Upload through <c>/upload</c> SAS URLs, as a site computer does, and watch the local host's real poller ingest
/// the files into the images table, the info images table and the upload log, as the API then serves them.
/// </summary>
public sealed class IngestionEndToEndTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);
    private readonly FilesApi _files = new(api);

    [Fact]
    public async Task Exposures_uploaded_in_parallel_in_any_order_become_one_complete_row_each_with_a_thumbnail()
    {
        var random = new Random(8);
        var exposures = Enumerable.Range(1, 3).Select(i => new Exposure("ing", $"ing-kb001ms-20240501-0000000{i}", new DateTime(2024, 5, 1, 3, i, 0))).ToList();
        var uploads = new List<(string Name, byte[] Content)>();
        foreach (var exposure in exposures)
        {
            uploads.AddRange(await exposure.FilesAsync());
        }

        // Every file of every exposure at once, shuffled: the poller picks them up together and ingests them in parallel.
        await Task.WhenAll(uploads.OrderBy(_ => random.Next()).Select(upload => _files.UploadAsync(upload.Name, upload.Content)));

        foreach (var exposure in exposures)
        {
            var row = await EventuallyAsync(async () => await RowsAsync(exposure.BaseFilename) is [var only] && only.JpgSmall ? only : null);
            Assert.Single(await RowsAsync(exposure.BaseFilename));
            Assert.True(row.Fits01 && row.Fits10 && row.JpgMedium && row.JpgSmall);
            Assert.Equal(("ing", "EX"), (row.Site, row.DataType));
            Assert.Equal((150.25, -20.5, 45.5, 180.0, 1.4, 30.0), (row.Ra!.Value, row.Dec!.Value, row.Altitude!.Value, row.Azimuth!.Value, row.Airmass!.Value, row.ExposureTime!.Value));
            Assert.Equal(("PL", "user-1", "Wendy"), (row.Filter, row.UserId, row.Username));
            Assert.Equal(exposure.DateObs, row.CaptureDate);
            Assert.Equal(exposure.DateObs, row.SortDate);
            Assert.Equal("Wendy", JsonDocument.Parse(row.Header!).RootElement.GetProperty("USERNAME").GetString());

            using var thumbnail = await Image.LoadAsync(await Container().GetBlobClient($"data/{exposure.BaseFilename}-EX11.jpg").OpenReadAsync());
            Assert.Equal((ThumbnailGenerator.Height, 192), (thumbnail.Height, thumbnail.Width));

            using var image = await api.Client.GetAsync($"/image/{exposure.BaseFilename}");
            Assert.Equal(HttpStatusCode.OK, image.StatusCode);
            var package = await FilesApi.Json(image);
            Assert.Equal(exposure.BaseFilename, package.GetProperty("base_filename").GetString());
            Assert.Contains("EX11.jpg", package.GetProperty("jpg_thumbnail_url").GetString(), StringComparison.Ordinal);
        }

        using var latest = await api.Client.GetAsync("/ing/latest_images/10");
        Assert.Equal(
            exposures.Select(e => e.BaseFilename).Reverse(),
            (await FilesApi.Json(latest)).EnumerateArray().Select(p => p.GetProperty("base_filename").GetString()));

        // Four files from the site and the thumbnail ingestion wrote, per exposure.
        var logged = await EventuallyAsync(async () => await RecentUploadsAsync("ing") is { Count: 15 } all ? all : null);
        Assert.Equal(
            exposures.SelectMany(e => new[] { "EX00.txt", "EX01.fits.fz", "EX10.fits.fz", "EX10.jpg", "EX11.jpg" }.Select(suffix => $"data/{e.BaseFilename}-{suffix}")).Order(StringComparer.Ordinal),
            logged.Order(StringComparer.Ordinal));

        // Each entry describes its blob: its size, its Last-Modified as the upload time, and 48 h after that as expiry.
        foreach (var entry in await RecentUploadEntriesAsync("ing"))
        {
            var blob = (await Container().GetBlobClient(entry.GetProperty("filename").GetString()).GetPropertiesAsync()).Value;
            var uploaded = blob.LastModified.ToUnixTimeSeconds();
            Assert.Equal(
                ("ing", uploaded, uploaded + 172_800, blob.ContentLength),
                (entry.GetProperty("site").GetString(), entry.GetProperty("upload_timestamp_s").GetInt64(), entry.GetProperty("expire_timestamp_s").GetInt64(), entry.GetProperty("size_bytes").GetInt64()));
        }
    }

    [Fact]
    public async Task Reprocessing_every_blob_changes_nothing()
    {
        var exposure = new Exposure("rep", "rep-kb001ms-20240502-00000001", new DateTime(2024, 5, 2, 1, 0, 0));
        foreach (var (name, content) in await exposure.FilesAsync())
        {
            await _files.UploadAsync(name, content);
        }

        var thumbnail = Container().GetBlobClient($"data/{exposure.BaseFilename}-EX11.jpg");
        var before = await EventuallyAsync(async () => await RowsAsync(exposure.BaseFilename) is [{ JpgSmall: true } only] ? only : null);
        var uploadsBefore = await EventuallyAsync(async () => await RecentUploadsAsync("rep") is { Count: 5 } all ? all : null);
        var thumbnailBefore = (await thumbnail.GetPropertiesAsync()).Value.ETag;

        // The service itself, twice per blob, on two threads at once: what a redelivered event does.
        var ingestion = api.Services.GetRequiredService<IngestionService>();
        var blobs = new List<string>();
        await foreach (var item in Container().GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = $"data/{exposure.BaseFilename}" }))
        {
            blobs.Add(item.Name);
        }

        Assert.Equal(5, blobs.Count);
        await Task.WhenAll(blobs.Concat(blobs).Select(name => Task.Run(() => ingestion.IngestAsync(name, CancellationToken.None))));
        await AssertUnchangedAsync();

        // Forget the watermark: the poller ingests every blob of the container again, which its round log shows.
        var listed = 0;
        foreach (var prefix in new[] { IngestionPlan.DataPrefix, IngestionPlan.InfoImagesPrefix })
        {
            await foreach (var item in Container().GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = prefix }))
            {
                listed++;
            }
        }

        var stateTable = api.Services.GetRequiredService<IOptions<LocalIngestionOptions>>().Value.StateTable;
        var state = api.Services.GetRequiredService<Azure.Data.Tables.TableServiceClient>().GetTableClient(stateTable);
        var logsBefore = api.Logs.Entries.Count;
        await state.DeleteEntityAsync("watermark", Container().Name);
        await EventuallyAsync(() => Task.FromResult(api.Logs.Entries.Skip(logsBefore).Any(entry =>
            entry.Category == typeof(LocalIngestionPoller).FullName
            && entry.Values.TryGetValue("Succeeded", out var succeeded) && succeeded is int count && count >= listed) ? "again" : null));
        await AssertUnchangedAsync();

        async Task AssertUnchangedAsync()
        {
            Assert.Equal([before], await RowsAsync(exposure.BaseFilename));
            Assert.Equal(uploadsBefore.Order(StringComparer.Ordinal), (await RecentUploadsAsync("rep")).Order(StringComparer.Ordinal));
            Assert.Equal(thumbnailBefore, (await thumbnail.GetPropertiesAsync()).Value.ETag);
        }
    }

    [Fact]
    public async Task Without_a_text_header_the_fits_header_fills_the_row()
    {
        var exposure = new Exposure("fit", "fit-kb001ms-20240503-00000001", new DateTime(2024, 5, 3, 2, 0, 0));
        foreach (var (name, content) in (await exposure.FilesAsync()).Where(file => !file.Name.EndsWith(".txt", StringComparison.Ordinal)))
        {
            await _files.UploadAsync(name, content);
        }

        var row = await EventuallyAsync(async () => await RowsAsync(exposure.BaseFilename) is [{ Fits01: true, Fits10: true, JpgMedium: true, JpgSmall: true, Header: not null } only] ? only : null);

        Assert.Equal(exposure.DateObs, row.CaptureDate);
        Assert.Equal(exposure.DateObs, row.SortDate);
        Assert.Equal(("PL", 150.25), (row.Filter, row.Ra!.Value));
    }

    [Fact]
    public async Task A_header_without_coordinates_is_recorded_with_nulls_and_a_warning()
    {
        var name = "nrd-kb001ms-20240504-00000001-EX00.txt";
        await _files.UploadAsync(name, Encoding.ASCII.GetBytes(Exposure.Header(new DateTime(2024, 5, 4), withCoordinates: false).ToRecords()));

        var row = await EventuallyAsync(async () => await RowsAsync("nrd-kb001ms-20240504-00000001") is [var only] ? only : null);

        Assert.Null(row.Ra);
        Assert.Null(row.Dec);
        Assert.Equal("PL", row.Filter);
        await EventuallyAsync(() => Task.FromResult(api.Logs.Entries.FirstOrDefault(entry =>
            entry.Message.Contains($"The header of data/{name} has no right ascension", StringComparison.Ordinal))));
    }

    [Fact]
    public async Task The_pointing_is_recorded_in_degrees_from_a_plate_solution_or_from_hours_for_cone_searches()
    {
        var hours = Exposure.Header(new DateTime(2024, 5, 7), withCoordinates: false);
        hours.Set("RAHRS", 23.99);
        hours.Set("DEC", 10.0);
        await _files.UploadAsync("pnt-kb001ms-20240507-00000001-EX00.txt", Encoding.ASCII.GetBytes(hours.ToRecords()));
        await _files.UploadAsync("pnt-kb001ms-20240507-00000001-EX10.jpg", Exposure.Jpg());
        await _files.UploadAsync("pnt-kb001ms-20240507-00000002-EX00.txt", Encoding.ASCII.GetBytes(Exposure.Header(new DateTime(2024, 5, 7, 1, 0, 0)).ToRecords()));
        await _files.UploadAsync("pnt-kb001ms-20240507-00000002-EX10.jpg", Exposure.Jpg());

        var fromHours = await EventuallyAsync(() => NamesAsync("/filtered_images?site=pnt&near=359.85,10,0.001"));
        var solved = await EventuallyAsync(() => NamesAsync("/filtered_images?site=pnt&near=150.25,-20.5,0.001"));

        Assert.Equal(["pnt-kb001ms-20240507-00000001"], fromHours);
        Assert.Equal(["pnt-kb001ms-20240507-00000002"], solved);
    }

    [Fact]
    public async Task Invalid_names_are_logged_as_uploads_and_skipped()
    {
        await _files.UploadAsync("inv-kb001ms-20240505-0000001-EX10.jpg", Exposure.Jpg());
        await _files.UploadAsync("inv-kb001ms-20240505-00000001-EX10.png", Exposure.Jpg());
        await _files.UploadAsync("inv-kb001ms-20240505-00000002-EX10.jpg", Encoding.ASCII.GetBytes("not a jpg"));

        var logged = await EventuallyAsync(async () =>
            await RecentUploadsAsync("inv") is { Count: 2 } site && await RecentUploadsAsync("unknown_site") is { Count: > 0 } unknown ? site.Concat(unknown).ToList() : null);

        Assert.Contains("data/inv-kb001ms-20240505-0000001-EX10.jpg", logged);
        Assert.Contains("data/inv-kb001ms-20240505-00000001-EX10.png", logged);
        Assert.Empty(await RowsAsync("inv-kb001ms-20240505-00000001"));

        // A medium JPG that is not a JPG still counts as the file it is named as, but gets no thumbnail.
        await EventuallyAsync(async () => await RowsAsync("inv-kb001ms-20240505-00000002") is [{ JpgMedium: true } only] ? only : null);
        // The row is written before the thumbnail is attempted, so the warning may come a moment after it.
        await EventuallyAsync(() => Task.FromResult(api.Logs.Entries.FirstOrDefault(entry =>
            entry.Message.Contains("inv-kb001ms-20240505-00000002-EX10.jpg is not a readable JPG", StringComparison.Ordinal))));
        Assert.False(await Container().GetBlobClient("data/inv-kb001ms-20240505-00000002-EX11.jpg").ExistsAsync());
    }

    [Fact]
    public async Task A_long_non_ascii_name_is_logged_as_an_upload()
    {
        // 300 characters, ~1,800 once URI-escaped: more than a table key holds, had the name been the key.
        var name = "Überlänge-Ωμέγα-" + string.Concat(Enumerable.Repeat("星雲é", 95)) + ".jpg";
        await _files.UploadAsync(name, Exposure.Jpg());

        var logged = await EventuallyAsync(async () => await RecentUploadsAsync(IngestionPlan.UnknownSite) is { } all && all.Contains($"data/{name}") ? all : null);

        Assert.Single(logged, $"data/{name}");
    }

    [Fact]
    public async Task An_info_image_lands_in_the_channel_upload_named()
    {
        var exposure = new Exposure("inf", "inf-kb001ms-20240506-00000001", new DateTime(2024, 5, 6, 4, 0, 0));
        var files = await exposure.FilesAsync();
        foreach (var (name, content) in files.Where(file => !file.Name.Contains("EX01", StringComparison.Ordinal)))
        {
            await UploadInfoImageAsync(name, content, channel: 2);
        }

        var package = JsonDocument.Parse(await EventuallyAsync(async () =>
        {
            using var response = await api.Client.GetAsync("/infoimage/inf/2");
            var body = response.StatusCode == HttpStatusCode.OK ? await FilesApi.Json(response) : default;
            return body.ValueKind == JsonValueKind.Object && body.TryGetProperty("header", out _) && body.TryGetProperty("fits_10_url", out _) && body.TryGetProperty("jpg_url", out _)
                ? body.GetRawText()
                : null;
        })).RootElement;

        Assert.Equal(exposure.BaseFilename, package.GetProperty("base_filename").GetString());
        Assert.Equal($"info-images/{exposure.BaseFilename}-EX10.jpg", package.GetProperty("jpg_10_file_path").GetString());
        Assert.True(package.GetProperty("jpg_medium_exists").GetBoolean());
        Assert.False(package.GetProperty("fits_01_exists").GetBoolean());
        Assert.Equal("Wendy", package.GetProperty("header").GetProperty("USERNAME").GetString());
        Assert.Equal("20240506", package.GetProperty("file_date").GetString());
        using var jpg = await FilesApi.Outside.GetAsync(package.GetProperty("jpg_url").GetString());
        Assert.Equal(HttpStatusCode.OK, jpg.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await api.Client.GetAsync("/infoimage/inf/1")).StatusCode);
        Assert.Equal(3, (await EventuallyAsync(async () => await RecentUploadsAsync("inf") is { Count: 3 } all ? all : null)).Count);

        // A file of an image no channel expects is only logged.
        await _files.UploadAsync("inf-kb001ms-20240506-00000009-EX10.jpg", Exposure.Jpg(), "info-images");
        await EventuallyAsync(async () => await RecentUploadsAsync("inf") is { Count: 4 } all ? all : null);
        Assert.Equal(exposure.BaseFilename, (await FilesApi.Json(await api.Client.GetAsync("/infoimage/inf/2"))).GetProperty("base_filename").GetString());
    }

    [Fact]
    public async Task Another_image_in_a_channel_replaces_every_attribute_of_the_one_before()
    {
        var first = new Exposure("rpl", "rpl-kb001ms-20240507-00000001", new DateTime(2024, 5, 7, 4, 0, 0));
        foreach (var (name, content) in (await first.FilesAsync()).Where(file => !file.Name.Contains("EX01", StringComparison.Ordinal)))
        {
            await UploadInfoImageAsync(name, content, channel: 3);
        }

        await EventuallyAsync(async () => await InfoImageAsync("rpl", 3) is { } body
            && body.TryGetProperty("header", out _) && body.TryGetProperty("fits_10_url", out _) && body.TryGetProperty("jpg_url", out _) ? body.GetRawText() : null);

        var second = "rpl-kb001ms-20240507-00000002";
        await UploadInfoImageAsync($"{second}-EX10.jpg", Exposure.Jpg(), channel: 3);
        var package = await EventuallyAsync(async () => await InfoImageAsync("rpl", 3) is { } body
            && body.GetProperty("base_filename").GetString() == second ? body.GetRawText() : null);

        var replaced = JsonNode.Parse(package)!.AsObject();
        foreach (var gone in new[] { "header", "txt_00_file_path", "fits_10_file_path", "fits_10_url" })
        {
            Assert.False(replaced.ContainsKey(gone), $"{gone} of the image before is still there: {package}");
        }

        Assert.False(replaced["fits_10_exists"]!.GetValue<bool>());
        Assert.True(replaced["jpg_medium_exists"]!.GetValue<bool>());
        Assert.Equal($"info-images/{second}-EX10.jpg", replaced["jpg_10_file_path"]!.GetValue<string>());
        Assert.Equal(("EX", "20240507"), (replaced["data_type"]!.GetValue<string>(), replaced["file_date"]!.GetValue<string>()));
        var jpg = (await Container().GetBlobClient($"info-images/{second}-EX10.jpg").GetPropertiesAsync()).Value;
        Assert.Equal(jpg.LastModified.ToUnixTimeSeconds() + 172_800, replaced["expiration_timestamp"]!.GetValue<long>());
    }

    [Fact]
    public async Task Expired_rows_are_deleted_by_the_clean_up()
    {
        var uploads = api.Services.GetRequiredService<RecentUploadsStore>();
        await uploads.AddAsync(new RecentUpload("exp", 100, 200, "data/old.jpg", 1), CancellationToken.None);
        await uploads.AddAsync(new RecentUpload("exp", 100, long.MaxValue / 2, "data/new.jpg", 1), CancellationToken.None);
        var infoImages = api.Services.GetRequiredService<InfoImageStore>();
        await infoImages.PutImageAsync("exp", 1, new JsonObject { ["base_filename"] = "a", ["expiration_timestamp"] = 200L }, CancellationToken.None);
        await infoImages.PutImageAsync("exp", 2, new JsonObject { ["base_filename"] = "b", ["expiration_timestamp"] = long.MaxValue / 2 }, CancellationToken.None);

        await api.Services.GetRequiredService<ExpiredRowsCleaner>().CleanUpAsync(CancellationToken.None);

        Assert.Equal(["data/new.jpg"], (await api.RowsAsync(t => t.RecentUploadsLog)).Where(r => r.PartitionKey == "exp").Select(r => r.GetString("filename")));
        Assert.Null(await infoImages.GetImageAsync("exp", 1, CancellationToken.None));
        Assert.NotNull(await infoImages.GetImageAsync("exp", 2, CancellationToken.None));
    }

    private async Task UploadInfoImageAsync(string name, byte[] content, int channel)
    {
        using var response = await api.Client.PostAsJsonAsync("/upload", new { object_name = name, s3_directory = "info-images", info_channel = channel });
        var ticket = (await FilesApi.Json(response)).GetProperty("put");
        using var put = new HttpRequestMessage(HttpMethod.Put, ticket.GetProperty("url").GetString()) { Content = new ByteArrayContent(content) };
        foreach (var header in ticket.GetProperty("headers").EnumerateObject())
        {
            put.Headers.Add(header.Name, header.Value.GetString());
        }

        using var uploaded = await FilesApi.Outside.SendAsync(put);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
    }

    private BlobContainerClient Container() =>
        api.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ContainerName);

    private async Task<List<string>> RecentUploadsAsync(string site)
    {
        using var response = await api.Client.GetAsync($"/recentuploads?site={site}");
        return (await FilesApi.Json(response)).EnumerateArray().Select(upload => upload.GetProperty("filename").GetString()!).ToList();
    }

    private async Task<List<JsonElement>> RecentUploadEntriesAsync(string site)
    {
        using var response = await api.Client.GetAsync($"/recentuploads?site={site}");
        return (await FilesApi.Json(response)).EnumerateArray().ToList();
    }

    private async Task<JsonElement?> InfoImageAsync(string site, int channel)
    {
        using var response = await api.Client.GetAsync($"/infoimage/{site}/{channel}");
        return response.StatusCode == HttpStatusCode.OK ? await FilesApi.Json(response) : null;
    }

    private async Task<IReadOnlyList<StoredRow>> RowsAsync(string baseFilename)
    {
        await using var command = api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT site, data_type, fits_01_exists, fits_10_exists, jpg_medium_exists, jpg_small_exists, right_ascension, declination, " +
            "altitude, azimuth, airmass, exposure_time, filter_used, user_id, username, capture_date, sort_date, header FROM images WHERE base_filename = $1");
        command.Parameters.AddWithValue(baseFilename);
        var rows = new List<StoredRow>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            double? Number(int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);
            string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
            DateTime? Time(int i) => reader.IsDBNull(i) ? null : reader.GetDateTime(i);
            rows.Add(new StoredRow(
                Text(0), Text(1), reader.GetBoolean(2), reader.GetBoolean(3), reader.GetBoolean(4), reader.GetBoolean(5), Number(6), Number(7),
                Number(8), Number(9), Number(10), Number(11), Text(12), Text(13), Text(14), Time(15), Time(16), Text(17)));
        }

        return rows;
    }

    private async Task<List<string?>?> NamesAsync(string path)
    {
        using var response = await api.Client.GetAsync(path);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var names = body.RootElement.EnumerateArray().Select(p => p.GetProperty("base_filename").GetString()).ToList();
        return names.Count > 0 ? names : null;
    }

    private async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            Assert.True(
                DateTime.UtcNow < deadline,
                "Ingestion did not reach the expected state in time. Warnings:\n" + string.Join("\n", api.Logs.Entries
                    .Where(entry => entry.Level >= LogLevel.Warning).TakeLast(5).Select(entry => $"{entry.Message} {entry.Exception}")));
            await Task.Delay(100);
        }
    }

    private sealed record StoredRow(
        string? Site, string? DataType, bool Fits01, bool Fits10, bool JpgMedium, bool JpgSmall, double? Ra, double? Dec,
        double? Altitude, double? Azimuth, double? Airmass, double? ExposureTime, string? Filter, string? UserId, string? Username,
        DateTime? CaptureDate, DateTime? SortDate, string? Header);
}
