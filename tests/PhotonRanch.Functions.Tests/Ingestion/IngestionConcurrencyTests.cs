using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PhotonRanch.Functions.Ingestion;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Ingestion;

/// <summary>
/// The files of one exposure ingested at once by two instances of the ingestion service — two DI containers, each
/// with its own storage clients and database pool, as two Azure instances — with the local poller off, so the test
/// alone decides what runs when.
/// </summary>
public sealed class IngestionConcurrencyTests : IAsyncLifetime
{
    private static readonly string[] Suffixes = ["EX00.txt", "EX01.fits.fz", "EX10.fits.fz", "EX10.jpg", "EX11.jpg"];

    private readonly ApiFixture _api = new(new Dictionary<string, string?> { ["LocalIngestion:Enabled"] = "false" });
    private ServiceProvider? _second;

    public async Task InitializeAsync()
    {
        await _api.InitializeAsync();
        var configuration = _api.Services.GetRequiredService<IConfiguration>();
        // A host registers its configuration as a service (options bound by section name read it from there).
        _second = new ServiceCollection()
            .AddSingleton(configuration)
            .AddLogging(logging => logging.AddProvider(_api.Logs))
            .AddPhotonRanch(configuration)
            .BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        if (_second is not null)
        {
            await _second.DisposeAsync();
        }

        await _api.DisposeAsync();
    }

    [Fact]
    public async Task The_files_of_an_exposure_ingested_at_once_on_two_instances_end_as_if_ingested_one_by_one()
    {
        var instances = new[] { _api.Services.GetRequiredService<IngestionService>(), _second!.GetRequiredService<IngestionService>() };
        Assert.NotSame(instances[0], instances[1]);
        var dateObs = new DateTime(2024, 6, 1, 2, 0, 0);

        var reference = await UploadAsync(new Exposure("cnc", "cnc-kb001ms-20240601-00000001", dateObs));
        foreach (var name in reference.Blobs)
        {
            await instances[0].IngestAsync(name, CancellationToken.None);
        }

        var expected = await RowsAsync(reference.Exposure.BaseFilename);
        Assert.Single(expected);
        Assert.Contains("\"jpg_small_exists\": true", expected[0], StringComparison.Ordinal);
        Assert.Contains("\"fits_01_exists\": true", expected[0], StringComparison.Ordinal);

        var random = new Random(4);
        List<int[]> orders = [[0, 1, 2, 3, 4], [4, 3, 2, 1, 0], [3, 4, 0, 1, 2]];
        orders.AddRange(Enumerable.Range(0, 5).Select(_ => Enumerable.Range(0, 5).OrderBy(_ => random.Next()).ToArray()));
        for (var i = 0; i < orders.Count; i++)
        {
            var uploaded = await UploadAsync(new Exposure("cnc", $"cnc-kb001ms-20240601-{i + 2:D8}", dateObs));

            // Every file on both instances (a redelivered event), started in this order and all running together.
            var ingestions = orders[i]
                .SelectMany(file => new (int File, int Instance)[] { (file, 0), (file, 1) })
                .Select(job => Task.Run(() => instances[job.Instance].IngestAsync(uploaded.Blobs[job.File], CancellationToken.None)))
                .ToList();
            await Task.WhenAll(ingestions);

            Assert.Equal(expected, await RowsAsync(uploaded.Exposure.BaseFilename));

            // The site's own thumbnail was there before any medium JPG was ingested: it stands, untouched.
            var thumbnail = (await Container().GetBlobClient(uploaded.Blobs[4]).GetPropertiesAsync()).Value;
            Assert.Equal(uploaded.SiteThumbnailETag, thumbnail.ETag);
            Assert.False(thumbnail.Metadata.ContainsKey(ThumbnailGenerator.SourceETagMetadata));
        }
    }

    private async Task<UploadedExposure> UploadAsync(Exposure exposure)
    {
        var files = await exposure.FilesAsync();
        files.Add(($"{exposure.BaseFilename}-EX11.jpg", Exposure.Jpg(150, 100)));
        var blobs = files.Select(file => $"data/{file.Name}").ToArray();
        Assert.Equal(Suffixes.Select(suffix => $"data/{exposure.BaseFilename}-{suffix}"), blobs);
        Azure.ETag siteThumbnail = default;
        foreach (var (name, content) in files)
        {
            var info = (await Container().GetBlobClient($"data/{name}").UploadAsync(new BinaryData(content))).Value;
            siteThumbnail = info.ETag;
        }

        return new UploadedExposure(exposure, blobs, siteThumbnail);
    }

    private BlobContainerClient Container() =>
        _api.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(_api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ContainerName);

    // Every column but the key, as JSON text, one entry per row of the base filename.
    private async Task<List<string>> RowsAsync(string baseFilename)
    {
        await using var command = _api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT (to_jsonb(images) - 'image_id' - 'base_filename')::text FROM images WHERE base_filename = $1");
        command.Parameters.AddWithValue(baseFilename);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetString(0));
        }

        return rows;
    }

    private sealed record UploadedExposure(Exposure Exposure, string[] Blobs, Azure.ETag SiteThumbnailETag);
}
