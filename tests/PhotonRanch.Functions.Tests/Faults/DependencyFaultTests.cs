using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using BitMiracle.LibTiff.Classic;
using ICSharpCode.SharpZipLib.BZip2;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PhotonRanch.Fits;
using PhotonRanch.Functions.LocalHost;
using PhotonRanch.Functions.Tests.Images;
using PhotonRanch.Functions.Tests.Infrastructure;
using PhotonRanch.Functions.Tests.Ingestion;
using PhotonRanch.Functions.Tests.PipeQueue;

namespace PhotonRanch.Functions.Tests.Faults;

/// <summary>
/// Faults of the real dependencies and of the API process itself: PostgreSQL and Azurite stopped and restarted under
/// a running API, and the API killed (SIGKILL) in the middle of a zip build, a TIFF conversion and a burst of
/// enqueues. Whatever was acknowledged before is still there afterwards, requests during an outage get a prompt JSON
/// 503, and no half-written file is ever visible or served. The tests of this class run one after another (they
/// share the dependencies they stop); other classes run beside them on the shared dependencies, untouched.
/// </summary>
public sealed class DependencyFaultTests : IClassFixture<PrivateDependencies>
{
    private const string DatabaseUnavailable = "The image database is unavailable; try again later.";
    private const string StorageUnavailable = "The storage service is unavailable; try again later.";

    // An outage must be answered within this, not hang: the storage client's retries take about 6 s.
    private static readonly TimeSpan OutageAnswerBound = TimeSpan.FromSeconds(20);
    private static readonly DateTime Night = new(2022, 6, 29, 0, 0, 0, DateTimeKind.Unspecified);
    private static readonly HttpClient Outside = new();

    private readonly PrivateDependencies _dependencies;

    public DependencyFaultTests(PrivateDependencies dependencies)
    {
        _dependencies = dependencies;
    }

    [Fact]
    public async Task Postgres_stopped_is_a_prompt_503_and_once_restarted_every_row_written_before_is_served()
    {
        await using var api = await ApiProcess.StartAsync(_dependencies, "faults-postgres");
        var images = Enumerable.Range(1, 4).Select(i => new SeedImage($"fpa-kb001ms-20220629-{i:D8}", "fpa") { CaptureDate = Night.AddHours(i), SortDate = Night.AddHours(i) }).ToArray();
        await SeedAsync(images);

        // Several at once, so the connection pool holds several idle connections that the stop breaks.
        var before = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => LatestImagesAsync(api)));
        await CreateQueueAsync(api, "during-postgres-outage");

        await _dependencies.StopPostgresAsync();
        try
        {
            await Task.WhenAll(
                AssertUnavailableAsync(api, HttpMethod.Get, "/fpa/latest_images/10", null, DatabaseUnavailable),
                AssertUnavailableAsync(api, HttpMethod.Post, "/downloadzip", ZipBody("fpa"), DatabaseUnavailable));

            // What does not need the database goes on working.
            using var enqueued = await new PipeQueueApi(api.Client).EnqueueAsync("during-postgres-outage", new { n = 1 });
            Assert.Equal(HttpStatusCode.OK, enqueued.StatusCode);
        }
        finally
        {
            await _dependencies.StartPostgresAsync();
        }

        // The first requests after the restart succeed: no broken pooled connection is handed out.
        var after = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => LatestImagesAsync(api)));
        Assert.All(before, names => Assert.Equal(images.Select(i => i.BaseFilename).Reverse(), names));
        Assert.All(after, names => Assert.Equal(images.Select(i => i.BaseFilename).Reverse(), names));
    }

    [Fact]
    public async Task An_upload_acknowledged_while_postgres_is_down_is_ingested_once_it_is_back()
    {
        const string ContainerName = "faults-ingestion";
        await using var api = await ApiProcess.StartAsync(_dependencies, ContainerName, ingestion: true);
        var exposure = new Exposure("fpi", "fpi-kb001ms-20220629-00000001", new DateTime(2022, 6, 29, 3, 0, 0));
        var files = await exposure.FilesAsync();

        await _dependencies.StopPostgresAsync();
        try
        {
            // Storage is up: the site's uploads are acknowledged.
            foreach (var (name, content) in files)
            {
                await Container(ContainerName).GetBlobClient($"data/{name}").UploadAsync(new BinaryData(content));
            }

            // More failed rounds than the poller's limit of attempts for a blob that is itself at fault.
            var failing = $"Ingesting data/{exposure.BaseFilename}-EX00.txt failed";
            var waited = Stopwatch.StartNew();
            while (api.Output.Split('\n').Count(line => line.Contains(failing, StringComparison.Ordinal)) <= LocalIngestionPoller.MaxAttempts)
            {
                Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"The poller stopped trying the upload while PostgreSQL was down: {api.Output}");
                await Task.Delay(100);
            }
        }
        finally
        {
            await _dependencies.StartPostgresAsync();
        }

        var ingested = Stopwatch.StartNew();
        while (true)
        {
            using var image = await api.Client.GetAsync($"/image/{exposure.BaseFilename}");
            if (image.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            Assert.True(ingested.Elapsed < TimeSpan.FromSeconds(30), $"The upload was not ingested after the restart: {(int)image.StatusCode} {api.Output}");
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Azurite_stopped_is_a_prompt_503_and_once_restarted_every_acknowledged_enqueue_is_dequeued_in_order()
    {
        await using var api = await ApiProcess.StartAsync(_dependencies, "faults-azurite");
        var queue = new PipeQueueApi(api.Client);
        await CreateQueueAsync(api, "across-azurite-restart");
        var acknowledged = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            acknowledged.Add(await queue.EnqueueIdAsync("across-azurite-restart", new { before = i }));
        }

        await Container("faults-azurite").GetBlobClient("data/fza-kb001ms-20220629-00000001-EX10.fits.fz").UploadAsync(new BinaryData("stored before"));

        await _dependencies.StopAzuriteAsync();
        try
        {
            // At once: each waits out the storage client's retries.
            await Task.WhenAll(
                AssertUnavailableAsync(api, HttpMethod.Post, "/pipe/enqueue", """{"queue_name": "across-azurite-restart", "payload": {"during": 1}}""", StorageUnavailable),
                AssertUnavailableAsync(api, HttpMethod.Post, "/pipe/queue/across-azurite-restart/dequeue", null, StorageUnavailable),
                AssertUnavailableAsync(api, HttpMethod.Post, "/download", """{"object_name": "fza-kb001ms-20220629-00000001-EX10.fits.fz", "image_type": "original"}""", StorageUnavailable));
        }
        finally
        {
            await _dependencies.StartAzuriteAsync();
        }

        for (var i = 0; i < 5; i++)
        {
            acknowledged.Add(await queue.EnqueueIdAsync("across-azurite-restart", new { after = i }));
        }

        Assert.Equal(acknowledged, await queue.DrainAsync("across-azurite-restart"));
        using var download = await api.Client.PostAsJsonAsync("/download", new { object_name = "fza-kb001ms-20220629-00000001-EX10.fits.fz", image_type = "original" });
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("stored before", await Outside.GetStringAsync((await download.Content.ReadFromJsonAsync<string>())!));
    }

    [Fact]
    public async Task Killing_the_api_mid_zip_build_leaves_no_zip_and_the_restarted_api_builds_it_whole()
    {
        const string ContainerName = "faults-zip-kill";
        var api = await ApiProcess.StartAsync(_dependencies, ContainerName);
        var (contents, zipBlob) = await SeedZipAsync(ContainerName, "fzk");

        var request = api.Client.PostAsync("/downloadzip", Json(ZipBody("fzk")));
        await WaitForStagedBlocksAsync(zipBlob, request, api);
        api.Kill();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => request);
        await api.DisposeAsync();

        Assert.False(await zipBlob.ExistsAsync(), "A zip half-built when the API died must not be visible.");

        await using var restarted = await ApiProcess.StartAsync(_dependencies, ContainerName);
        using var response = await restarted.Client.PostAsync("/downloadzip", Json(ZipBody("fzk")));
        await AssertWholeZipAsync(response, zipBlob, contents);
    }

    [Fact]
    public async Task A_zip_request_given_up_mid_build_leaves_no_partial_zip_and_the_next_identical_request_gets_it_whole()
    {
        const string ContainerName = "faults-zip-cancel";
        await using var api = await ApiProcess.StartAsync(_dependencies, ContainerName);
        var (contents, zipBlob) = await SeedZipAsync(ContainerName, "fzc");

        using (var givingUp = new CancellationTokenSource())
        {
            var request = api.Client.PostAsync("/downloadzip", Json(ZipBody("fzc")), givingUp.Token);
            await WaitForStagedBlocksAsync(zipBlob, request, api);
            await givingUp.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        }

        // Mid-build: blocks are staged but none is visible; nothing is ever served but the whole zip.
        Assert.False(await zipBlob.ExistsAsync(), "A zip whose request was given up mid-build must not be visible half-built.");

        using var response = await api.Client.PostAsync("/downloadzip", Json(ZipBody("fzc")));
        await AssertWholeZipAsync(response, zipBlob, contents);
    }

    [Fact]
    public async Task Killing_the_api_mid_tiff_conversion_leaves_no_tiff_and_the_restarted_api_makes_a_whole_one()
    {
        const string ContainerName = "faults-tiff-kill";
        const string Frame = "ftk-kb001ms-20220629-00000001-EX01";
        const int Side = 2048;
        var api = await ApiProcess.StartAsync(_dependencies, ContainerName);
        await Container(ContainerName).GetBlobClient($"data/{Frame}.fits.fz").UploadAsync(await NoisyFrameAsync(Side));
        var tiffBlob = Container(ContainerName).GetBlockBlobClient($"downloads/tif/rp-arcsinh-{Frame}.tif.bz2");
        var body = $$"""{"object_name": "{{Frame}}.fits.fz", "image_type": "tif"}""";

        var request = api.Client.PostAsync("/download", Json(body));
        await WaitForStagedBlocksAsync(tiffBlob, request, api);
        api.Kill();
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => request);
        await api.DisposeAsync();

        Assert.False(await tiffBlob.ExistsAsync(), "A TIFF half-written when the API died must not be visible.");

        await using var restarted = await ApiProcess.StartAsync(_dependencies, ContainerName);
        using var response = await restarted.Client.PostAsync("/download", Json(body));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var url = new Uri((await response.Content.ReadFromJsonAsync<string>())!);
        Assert.EndsWith(tiffBlob.Name, url.AbsolutePath, StringComparison.Ordinal);
        AssertWholeTiff(await Outside.GetByteArrayAsync(url), Side);
    }

    [Fact]
    public async Task Killing_the_api_during_an_enqueue_burst_loses_no_acknowledged_item()
    {
        var api = await ApiProcess.StartAsync(_dependencies, "faults-burst");
        await CreateQueueAsync(api, "burst");
        var acknowledged = new System.Collections.Concurrent.ConcurrentBag<string>();
        var acknowledgedCount = 0;
        var refused = 0;
        using var enoughAcknowledged = new SemaphoreSlim(0);

        // 40 callers at once, each enqueueing until the API is gone.
        var callers = Enumerable.Range(0, 40).Select(caller => Task.Run(async () =>
        {
            for (var i = 0; ; i++)
            {
                try
                {
                    using var response = await api.Client.PostAsync("/pipe/enqueue", Json(JsonSerializer.Serialize(new { queue_name = "burst", payload = new { caller, i } })));
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    acknowledged.Add((await PipeQueueApi.Json(response)).GetProperty("id").GetString()!);
                    if (Interlocked.Increment(ref acknowledgedCount) == 150)
                    {
                        enoughAcknowledged.Release();
                    }
                }
                catch (HttpRequestException)
                {
                    Interlocked.Increment(ref refused);
                    return;
                }
            }
        })).ToList();

        Assert.True(await enoughAcknowledged.WaitAsync(TimeSpan.FromSeconds(60)), $"150 enqueues were not acknowledged in time: {api.Output}");
        api.Kill();
        await Task.WhenAll(callers);
        await api.DisposeAsync();

        await using var restarted = await ApiProcess.StartAsync(_dependencies, "faults-burst");
        var dequeued = await new PipeQueueApi(restarted.Client).DrainAsync("burst");

        Assert.Equal(40, refused);
        Assert.Empty(acknowledged.Except(dequeued));
        Assert.Equal(dequeued.Count, dequeued.Distinct().Count());
    }

    private async Task<(Dictionary<string, byte[]> Contents, BlockBlobClient Zip)> SeedZipAsync(string containerName, string site)
    {
        // 48 files of 1 MiB: 12 staged blocks of 4 MiB, so there is a "middle" of the build to stop in.
        var contents = Enumerable.Range(0, 48).ToDictionary(
            i => $"{site}-kb001ms-20220629-{i:D8}-EX10.fits.fz",
            i =>
            {
                var bytes = new byte[1024 * 1024];
                new Random(i).NextBytes(bytes);
                return bytes;
            });
        await SeedAsync([.. contents.Keys.Select((name, i) => new SeedImage(name[..^"-EX10.fits.fz".Length], site) { CaptureDate = Night.AddMinutes(i) })]);
        var container = Container(containerName);
        await Parallel.ForEachAsync(contents, async (file, token) => await container.GetBlobClient($"data/{file.Key}").UploadAsync(new BinaryData(file.Value), token));

        // The zip's name is the SHA-256 of the sorted file list (ZipDownloadBuilder); the answer is checked against it.
        var list = string.Join('\n', contents.Keys.Order(StringComparer.Ordinal));
        return (contents, container.GetBlockBlobClient($"downloads/{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(list)))}.zip"));
    }

    private static async Task AssertWholeZipAsync(HttpResponseMessage response, BlockBlobClient zipBlob, Dictionary<string, byte[]> contents)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        var url = new Uri(JsonDocument.Parse(text).RootElement.GetProperty("message").GetString()!);
        Assert.EndsWith(zipBlob.Name, url.AbsolutePath, StringComparison.Ordinal);
        using var zip = new ZipArchive(new MemoryStream(await Outside.GetByteArrayAsync(url)));
        Assert.Equal(contents.Keys.Order(StringComparer.Ordinal), zip.Entries.Select(entry => entry.FullName).Order(StringComparer.Ordinal));
        foreach (var entry in zip.Entries)
        {
            using var read = new MemoryStream();
            await using (var entryStream = await entry.OpenAsync())
            {
                await entryStream.CopyToAsync(read);
            }

            Assert.True(contents[entry.FullName].AsSpan().SequenceEqual(read.ToArray()), $"{entry.FullName} differs from its source.");
        }
    }

    // Waits until the output has blocks staged but not committed: the moment a crash or a cancel is most dangerous.
    private static async Task WaitForStagedBlocksAsync(BlockBlobClient output, Task<HttpResponseMessage> request, ApiProcess api)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (request.IsCompleted)
            {
                using var early = await request;
                Assert.Fail($"The request ended before any block was staged: {(int)early.StatusCode} {await early.Content.ReadAsStringAsync()}");
            }

            try
            {
                if ((await output.GetBlockListAsync(BlockListTypes.Uncommitted)).Value.UncommittedBlocks.Any())
                {
                    return;
                }
            }
            catch (RequestFailedException nothingYet) when (nothingYet.Status == 404)
            {
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"No block of {output.Name} was staged within 60 s: {api.Output}");
            await Task.Delay(20);
        }
    }

    private static async Task AssertUnavailableAsync(ApiProcess api, HttpMethod method, string path, string? body, string error)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : Json(body) };
        var elapsed = Stopwatch.StartNew();
        using var response = await api.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{method} {path}: {(int)response.StatusCode} {text}");
        Assert.True(elapsed.Elapsed < OutageAnswerBound, $"{method} {path} took {elapsed.Elapsed} to answer.");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(text);
        Assert.Equal(error, json.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(json.RootElement.GetProperty("correlation_id").GetString()));
    }

    private static async Task<List<string>> LatestImagesAsync(ApiProcess api)
    {
        using var response = await api.Client.GetAsync("/fpa/latest_images/10");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return [.. JsonDocument.Parse(text).RootElement.EnumerateArray().Select(image => image.GetProperty("base_filename").GetString()!)];
    }

    private static async Task CreateQueueAsync(ApiProcess api, string name)
    {
        using var response = await new PipeQueueApi(api.Client).CreateQueueAsync(name);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task SeedAsync(SeedImage[] images)
    {
        await using var database = NpgsqlDataSource.Create(_dependencies.PostgresConnectionString);
        await using var services = new ServiceCollection().AddSingleton(database).BuildServiceProvider();
        await ImageSeeding.InsertAsync(services, images);
    }

    private BlobContainerClient Container(string containerName) =>
        new BlobServiceClient(_dependencies.StorageConnectionString).GetBlobContainerClient(containerName);

    private static string ZipBody(string site) => JsonSerializer.Serialize(new
    {
        site,
        start_timestamp_s = new DateTimeOffset(DateTime.SpecifyKind(Night, DateTimeKind.Utc)).ToUnixTimeSeconds(),
        end_timestamp_s = new DateTimeOffset(DateTime.SpecifyKind(Night, DateTimeKind.Utc).AddDays(1)).ToUnixTimeSeconds(),
        fits_size = "small",
    });

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    // A tile-compressed frame of noise (bzip2 gains little on noise, so the TIFF is written in several blocks).
    private static async Task<BinaryData> NoisyFrameAsync(int side)
    {
        var work = Directory.CreateTempSubdirectory("photonranch-faults-frame-").FullName;
        try
        {
            var random = new Random(7);
            var pixels = new short[side * side];
            for (var i = 0; i < pixels.Length; i++)
            {
                pixels[i] = (short)random.Next(short.MinValue, short.MaxValue);
            }

            var plain = Path.Combine(work, "frame.fits");
            await using (var file = File.Create(plain))
            {
                await FitsWriter.WriteImageAsync(file, pixels, [side, side], [FitsCard.Create("FILTER", "rp")], CancellationToken.None);
            }

            await CfitsioTools.RunAsync("fpack", "-r", plain);
            return new BinaryData(await File.ReadAllBytesAsync(plain + ".fz"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void AssertWholeTiff(byte[] bz2, int side)
    {
        using var tiffBytes = new MemoryStream();
        using (var bzip2 = new BZip2InputStream(new MemoryStream(bz2)))
        {
            bzip2.CopyTo(tiffBytes);
        }

        tiffBytes.Position = 0;
        using var tiff = Tiff.ClientOpen("download", "r", tiffBytes, new TiffStream()) ?? throw new InvalidDataException("Not a TIFF.");
        Assert.Equal(side, tiff.GetField(TiffTag.IMAGEWIDTH)[0].ToInt());
        Assert.Equal(side, tiff.GetField(TiffTag.IMAGELENGTH)[0].ToInt());
        var row = new byte[tiff.ScanlineSize()];
        for (var y = 0; y < side; y++)
        {
            Assert.True(tiff.ReadScanline(row, y), $"Row {y} of the TIFF cannot be read.");
        }
    }
}
