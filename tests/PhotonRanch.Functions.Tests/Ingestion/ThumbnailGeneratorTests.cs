using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PhotonRanch.Functions.Ingestion;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Files;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Ingestion;

/// <summary>
/// Medium JPGs that cannot or should not be decoded, ingested through the service itself (the local poller off, so
/// an exception reaches the test instead of a retry loop): the file still counts, no thumbnail is made, and a warning
/// says why.
/// </summary>
public sealed class ThumbnailGeneratorTests : IAsyncLifetime
{
    private readonly ApiFixture _api = new(new Dictionary<string, string?> { ["LocalIngestion:Enabled"] = "false" });

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Theory]
    [InlineData("hug-kb001ms-20240701-00000001", 60_000, 60_000)]
    [InlineData("hug-kb001ms-20240701-00000002", 9_000, 9_000)]
    public async Task A_jpg_whose_header_claims_too_many_pixels_gets_no_thumbnail_and_is_not_decoded(string baseFilename, int width, int height)
    {
        Assert.True((long)width * height > ThumbnailGenerator.MaxSourcePixels);
        await AssertSkippedAsync(baseFilename, HugeJpegHeader(width, height), $"too large for a thumbnail ({width} × {height} pixels)");
    }

    [Fact]
    public async Task Garbage_named_jpg_gets_no_thumbnail()
    {
        var garbage = new byte[4096];
        new Random(5).NextBytes(garbage);
        await AssertSkippedAsync("gar-kb001ms-20240701-00000001", garbage, "not a readable JPG");
    }

    [Fact]
    public async Task A_jpg_marker_followed_by_garbage_gets_no_thumbnail()
    {
        var garbage = new byte[4096];
        new Random(6).NextBytes(garbage);
        garbage[0] = 0xFF;
        garbage[1] = 0xD8;
        garbage[2] = 0xFF;
        await AssertSkippedAsync("gmk-kb001ms-20240701-00000001", garbage, "not a readable JPG");
    }

    [Fact]
    public async Task A_gif_named_jpg_with_40_frames_on_a_2000_pixel_canvas_gets_no_thumbnail_and_is_not_decoded()
    {
        // Under 2,000 × 2,000 it passes the pixel limit; only the format check keeps its 40 canvases out of memory.
        var gif = HostileUploads.ManyFrameGif(frames: 40, canvas: 2000);
        Assert.True(gif.Length < 1024, $"The fixture is {gif.Length} bytes.");

        await AssertSkippedAsync("gif-kb001ms-20240701-00000001", gif, "not a readable JPG");
    }

    [Fact]
    public async Task A_png_named_jpg_gets_no_thumbnail()
    {
        using var png = new SixLabors.ImageSharp.Image<SixLabors.ImageSharp.PixelFormats.Rgb24>(300, 200);
        using var encoded = new MemoryStream();
        await SixLabors.ImageSharp.ImageExtensions.SaveAsPngAsync(png, encoded);

        await AssertSkippedAsync("png-kb001ms-20240701-00000001", encoded.ToArray(), "not a readable JPG");
    }

    private async Task AssertSkippedAsync(string baseFilename, byte[] content, string warning)
    {
        var container = _api.Services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(_api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ContainerName);
        var medium = $"data/{baseFilename}-EX10.jpg";
        await container.GetBlobClient(medium).UploadAsync(new BinaryData(content));

        await _api.Services.GetRequiredService<IngestionService>().IngestAsync(medium, CancellationToken.None);

        Assert.False(await container.GetBlobClient($"data/{baseFilename}-EX11.jpg").ExistsAsync());
        await using var command = _api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT jpg_medium_exists FROM images WHERE base_filename = $1");
        command.Parameters.AddWithValue(baseFilename);
        Assert.Equal(true, await command.ExecuteScalarAsync());
        Assert.Contains(_api.Logs.Entries, entry => entry.Level == LogLevel.Warning
            && entry.Message.Contains(medium, StringComparison.Ordinal) && entry.Message.Contains(warning, StringComparison.Ordinal));
    }

    // A baseline JPEG's markers up to the scan, with a frame header claiming width × height, and a few bytes of "scan".
    private static byte[] HugeJpegHeader(int width, int height)
    {
        var bytes = new List<byte> { 0xFF, 0xD8 };
        bytes.AddRange([0xFF, 0xDB, 0x00, 0x43, 0x00]);
        bytes.AddRange(Enumerable.Repeat((byte)1, 64));
        bytes.AddRange([0xFF, 0xC0, 0x00, 0x11, 0x08, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 0x03]);
        bytes.AddRange([0x01, 0x11, 0x00, 0x02, 0x11, 0x00, 0x03, 0x11, 0x00]);
        bytes.AddRange([0xFF, 0xC4, 0x00, 0x14, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
        bytes.AddRange([0xFF, 0xC4, 0x00, 0x14, 0x10, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
        bytes.AddRange([0xFF, 0xDA, 0x00, 0x0C, 0x03, 0x01, 0x00, 0x02, 0x00, 0x03, 0x00, 0x00, 0x3F, 0x00]);
        bytes.AddRange(Enumerable.Repeat((byte)0, 256));
        bytes.AddRange([0xFF, 0xD9]);
        return [.. bytes];
    }
}
