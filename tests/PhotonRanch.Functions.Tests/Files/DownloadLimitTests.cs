using System.Net;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Files;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Files;

/// <summary>
/// POST /download of files whose headers declare more than the Downloads__* limits allow (defaults): a 413 naming the
/// limit, decided from the headers, and nothing written under <c>downloads/</c>.
/// </summary>
public sealed class DownloadLimitTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly FilesApi _files = new(api);

    [Theory]
    [InlineData("fits")]
    [InlineData("tif")]
    public async Task A_476_byte_bzip2_file_declaring_23000_squared_pixels_is_a_413_naming_the_pixel_limit(string imageType)
    {
        var name = $"hos-kb001ms-20240701-0000000{(imageType == "fits" ? 1 : 2)}-EX10.{Extension(imageType)}";
        var hostile = await HostileUploads.Declaring23000SquaredAsync();
        Assert.True(hostile.Length < 1024, $"The fixture is {hostile.Length} bytes.");

        await AssertRefusedAsync(name, hostile, imageType, "linear", "declares a 23000 × 23000 image (529000000 pixels)", "Downloads__MaxImagePixels");
    }

    [Theory]
    [InlineData("fits")]
    [InlineData("tif")]
    public async Task A_header_declaring_100000_squared_64_bit_pixels_is_a_413_naming_the_pixel_limit(string imageType)
    {
        var name = $"hos-kb001ms-20240701-0000000{(imageType == "fits" ? 3 : 4)}-EX10.{Extension(imageType)}";

        await AssertRefusedAsync(name, await HostileUploads.Declaring100000Squared64BitAsync(), imageType, "arcsinh", "(10000000000 pixels)", "Downloads__MaxImagePixels");
    }

    [Theory]
    [InlineData("fits", "arcsinh")]
    [InlineData("tif", "linear")]
    public async Task A_header_declaring_more_bytes_than_the_output_limit_is_a_413_naming_it(string imageType, string stretch)
    {
        // 16,384² pixels is within the pixel limit; as 64-bit floats they are 2 GiB, twice the output limit.
        var name = $"hos-kb001ms-20240701-0000000{(imageType == "fits" ? 5 : 6)}-EX10.{Extension(imageType)}";
        var limits = new DownloadOptions();
        Assert.Equal(16384L * 16384, limits.MaxImagePixels);

        await AssertRefusedAsync(
            name, await HostileUploads.BzipWrappedFitsAsync(-64, 16384, 16384, zeroBytes: 0), imageType, stretch,
            $"declares a 16384 × 16384 image of {16384L * 16384 * 8} bytes", "Downloads__MaxOutputBytes");
    }

    [Theory]
    [InlineData("fits", "arcsinh")]
    [InlineData("tif", "arcsinh")]
    [InlineData("tif", "linear")]
    public async Task A_small_file_expanding_more_than_the_ratio_allows_is_a_413_naming_it(string imageType, string stretch)
    {
        // 12 MB of zeros in a few hundred bytes: within the pixel and byte limits, but over 1,000 times its stored size.
        var name = $"hos-kb001ms-20240701-000000{(imageType == "fits" ? 7 : stretch == "linear" ? 8 : 9):D2}-EX10.{Extension(imageType)}";
        var hostile = await HostileUploads.BzipWrappedFitsAsync(8, 4000, 3000, 4000L * 3000);

        await AssertRefusedAsync(name, hostile, imageType, stretch, $"is {hostile.Length} bytes but declares", "Downloads__MaxExpansionRatio");
    }

    // A TIFF is made from the .fits.fz name (FilesService, as the original did); the content is bzip2-wrapped either way.
    private static string Extension(string imageType) => imageType == "fits" ? "fits.bz2" : "fits.fz";

    private async Task AssertRefusedAsync(string name, byte[] content, string imageType, string stretch, string declared, string limit)
    {
        await _files.UploadAsync(name, content);

        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var response = await _files.PostAsync("/download", new { object_name = name, image_type = imageType, stretch });

            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            var error = (await FilesApi.Json(response)).GetProperty("error").GetString()!;
            Assert.StartsWith($"data/{name} ", error, StringComparison.Ordinal);
            Assert.Contains(declared, error, StringComparison.Ordinal);
            Assert.Contains(limit, error, StringComparison.Ordinal);
        }

        var container = api.Services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ContainerName);
        var written = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.Uncommitted, "downloads/", CancellationToken.None))
        {
            written.Add(blob.Name);
        }

        Assert.DoesNotContain(written, blob => blob.Contains(name.Split('.')[0], StringComparison.Ordinal));
    }
}
