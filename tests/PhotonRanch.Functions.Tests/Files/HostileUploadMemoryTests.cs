using System.Diagnostics;
using System.Net;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Ingestion;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Infrastructure;
using Xunit.Abstractions;

namespace PhotonRanch.Functions.Tests.Files;

/// <summary>Tests that measure the process's memory: they run alone, after every other test class, so nothing else allocates meanwhile.</summary>
[CollectionDefinition(nameof(ProcessMemoryCollection), DisableParallelization = true)]
public sealed class ProcessMemoryCollection;

/// <summary>
/// Every hostile upload of issue 18 fed to the API running in this process: the FITS files through <c>POST /download</c>
/// (FITS, arcsinh and linear TIFF), the GIF named like a medium JPG and the oversized <c>.txt</c> header through
/// ingestion. Before the limits they cost 2.1 GB (a TIFF plane), 529 MB written, a timeout, 439 MB and a whole read; now
/// the process's memory rises less than <see cref="BoundBytes"/> while they are refused (docs/benchmarks.md records
/// the measured numbers).
/// </summary>
[Collection(nameof(ProcessMemoryCollection))]
public sealed class HostileUploadMemoryTests(ITestOutputHelper output) : IAsyncLifetime
{
    /// <summary>The bound on the rise of the process's working set, and of its managed allocations, over all the hostile requests.</summary>
    public const long BoundBytes = 64L * 1024 * 1024;

    // Each FITS is stored as .fits.bz2 (a FITS download's name) and as .fits.fz (a TIFF's source), bzip2-wrapped both.
    private const string Fits23000 = "mem-kb001ms-20240701-00000001-EX10";
    private const string Fits100000 = "mem-kb001ms-20240701-00000002-EX10";
    private const string Gif = "mem-kb001ms-20240701-00000003-EX10.jpg";
    private const string Text = "mem-kb001ms-20240701-00000004-EX00.txt";

    // Read whole, as it used to be, this header alone would be 64 MiB of UTF-16 text.
    private const long TextBytes = 32L * 1024 * 1024;

    private readonly ApiFixture _api = new(new Dictionary<string, string?> { ["LocalIngestion:Enabled"] = "false" });

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Every_hostile_upload_is_refused_with_the_process_memory_rising_less_than_64_MiB()
    {
        var files = new FilesApi(_api);
        foreach (var extension in new[] { ".fits.bz2", ".fits.fz" })
        {
            await files.UploadAsync(Fits23000 + extension, await HostileUploads.Declaring23000SquaredAsync());
            await files.UploadAsync(Fits100000 + extension, await HostileUploads.Declaring100000Squared64BitAsync());
        }

        var container = _api.Services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(_api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ContainerName);
        await container.GetBlobClient("data/" + Gif).UploadAsync(new BinaryData(HostileUploads.ManyFrameGif(frames: 40, canvas: 2000)));
        await container.GetBlobClient("data/" + Text).UploadAsync(new BinaryData(HostileUploads.TextHeaderOf(TextBytes)));

        // A first round compiles the code paths and fills connection pools, so the measured round sees only its own cost.
        await HostileRequestsAsync(files);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var workingSetBefore = process.WorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        using var stop = new CancellationTokenSource();
        var peak = Task.Run(async () =>
        {
            var highest = workingSetBefore;
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                highest = Math.Max(highest, process.WorkingSet64);
                await Task.Delay(10, CancellationToken.None);
            }

            return highest;
        });

        var watch = Stopwatch.StartNew();
        await HostileRequestsAsync(files);
        watch.Stop();
        await stop.CancelAsync();
        var workingSetRise = await peak - workingSetBefore;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

        output.WriteLine($"hostile round: {watch.ElapsedMilliseconds} ms, working set rise {workingSetRise / 1024} KiB (before {workingSetBefore / 1024 / 1024} MiB), managed allocations {allocated / 1024} KiB");
        Assert.True(workingSetRise < BoundBytes, $"The working set rose by {workingSetRise} bytes.");
        Assert.True(allocated < BoundBytes, $"The hostile requests allocated {allocated} bytes.");
    }

    private async Task HostileRequestsAsync(FilesApi files)
    {
        foreach (var name in new[] { Fits23000, Fits100000 })
        {
            foreach (var (imageType, stretch) in new[] { ("fits", "arcsinh"), ("tif", "arcsinh"), ("tif", "linear") })
            {
                var objectName = name + (imageType == "fits" ? ".fits.bz2" : ".fits.fz");
                using var response = await files.PostAsync("/download", new { object_name = objectName, image_type = imageType, stretch });
                Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            }
        }

        var ingestion = _api.Services.GetRequiredService<IngestionService>();
        await ingestion.IngestAsync("data/" + Gif, CancellationToken.None);
        await ingestion.IngestAsync("data/" + Text, CancellationToken.None);
    }
}
