using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using PhotonRanch.Benchmarks;
using PhotonRanch.Fits;
using PhotonRanch.Functions.Storage;

// The files endpoints under load, over real HTTP against the API on Kestrel (in this process), a real Azurite and a
// real PostgreSQL (bench/run.sh files starts them): a zip of ~1 GB across 100 files, with the process's working set
// sampled while the zip is built, the fits / tif conversions of a 4096 × 4096 image, and a 200 MB upload through the
// upload receiver beside the same file PUT to its SAS URL. Prints Markdown.
var fileCount = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100;
var fileMegabytes = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
var uploadMegabytes = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 200;

var (app, address) = await BenchmarkApi.StartAsync("bench/run.sh files", new Dictionary<string, string?>());
await using var disposeApp = app;
using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMinutes(30) };
var container = app.Services.GetRequiredService<BlobServiceClient>()
    .GetBlobContainerClient(app.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ContainerName);

// Zip: 100 files of 10 MB of incompressible data, one images row each.
var night = new DateTime(2022, 6, 29, 0, 0, 0, DateTimeKind.Unspecified);
var data = new byte[fileMegabytes * 1024 * 1024];
Random.Shared.NextBytes(data);
await using (var batch = app.Services.GetRequiredService<NpgsqlDataSource>().CreateBatch())
{
    for (var i = 0; i < fileCount; i++)
    {
        var command = new NpgsqlBatchCommand("INSERT INTO images (base_filename, data_type, site, capture_date, sort_date, fits_10_exists) VALUES ($1, 'EX', 'bnc', $2, $2, true)");
        command.Parameters.Add(new NpgsqlParameter { Value = $"bnc-kb001ms-20220629-{i:D8}" });
        command.Parameters.Add(new NpgsqlParameter { Value = night.AddMinutes(i) });
        batch.BatchCommands.Add(command);
    }

    await batch.ExecuteNonQueryAsync();
}

for (var i = 0; i < fileCount; i++)
{
    await container.GetBlobClient($"data/bnc-kb001ms-20220629-{i:D8}-EX10.fits.fz").UploadAsync(new BinaryData(data), overwrite: true);
}

data = [];
GC.Collect();
GC.WaitForPendingFinalizers();
GC.Collect();
var totalBytes = (long)fileCount * fileMegabytes * 1024 * 1024;
var baseline = Process.GetCurrentProcess().WorkingSet64;
var (zipSeconds, zipPeak, _) = await MeasureAsync(async () =>
    (await http.PostAsJsonAsync("/downloadzip", new { site = "bnc", start_timestamp_s = 1656460800, end_timestamp_s = 1656547200, fits_size = "small" })).EnsureSuccessStatusCode());

Console.WriteLine("| measurement | value |");
Console.WriteLine("|---|---|");
Console.WriteLine(Invariant($"| zip: files × size | {fileCount} × {fileMegabytes} MiB = {totalBytes / (1024.0 * 1024 * 1024):F2} GiB |"));
Console.WriteLine(Invariant($"| zip: time to build and answer | {zipSeconds:F1} s ({totalBytes / (1024.0 * 1024) / zipSeconds:F0} MiB/s) |"));
Console.WriteLine(Invariant($"| zip: process working set before / peak while zipping | {baseline / 1048576.0:F0} MiB / {zipPeak / 1048576.0:F0} MiB |"));

// Upload: a file of random bytes on disk, streamed by the client (so its own memory stays flat), sent once as a site
// computer does (POST /upload, then the multipart form to the receiver) and once to the SAS URL with a PUT.
var uploadFile = Path.Combine(Path.GetTempPath(), $"photonranch-upload-bench-{Guid.NewGuid():N}.bin");
try
{
    await using (var file = File.Create(uploadFile))
    {
        var chunk = new byte[1024 * 1024];
        for (var i = 0; i < uploadMegabytes; i++)
        {
            Random.Shared.NextBytes(chunk);
            await file.WriteAsync(chunk);
        }
    }

    GC.Collect();
    GC.WaitForPendingFinalizers();
    GC.Collect();
    var uploadBaseline = Process.GetCurrentProcess().WorkingSet64;
    using var ticketResponse = await http.PostAsJsonAsync("/upload", new { object_name = "bnc-kb001ms-20220629-77777777-EX00.fits.fz" });
    var ticket = await ticketResponse.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
    var (formSeconds, formPeak, formHeap) = await MeasureAsync(async () =>
    {
        using var form = new MultipartFormDataContent();
        foreach (var field in ticket.GetProperty("fields").EnumerateObject())
        {
            form.Add(new StringContent(field.Value.GetString()!), field.Name);
        }

        await using var source = File.OpenRead(uploadFile);
        form.Add(new StreamContent(source), "file", "upload.bin");
        using var posted = await http.PostAsync(new Uri(ticket.GetProperty("url").GetString()!), form);
        if (posted.StatusCode != System.Net.HttpStatusCode.NoContent)
        {
            throw new InvalidOperationException($"The receiver answered {(int)posted.StatusCode}: {await posted.Content.ReadAsStringAsync()}");
        }
    });

    GC.Collect();
    var (putSeconds, putPeak, putHeap) = await MeasureAsync(async () =>
    {
        var put = ticket.GetProperty("put");
        await using var source = File.OpenRead(uploadFile);
        using var request = new HttpRequestMessage(HttpMethod.Put, put.GetProperty("url").GetString()) { Content = new StreamContent(source) };
        request.Headers.Add("x-ms-blob-type", "BlockBlob");
        (await http.SendAsync(request)).EnsureSuccessStatusCode();
    });

    var stored = (await container.GetBlobClient("data/bnc-kb001ms-20220629-77777777-EX00.fits.fz").GetPropertiesAsync()).Value.ContentLength;
    Console.WriteLine(Invariant($"| upload {uploadMegabytes} MiB: process working set before | {uploadBaseline / 1048576.0:F0} MiB |"));
    Console.WriteLine(Invariant($"| upload {uploadMegabytes} MiB through the receiver (form POST → staged blocks) | {formSeconds:F1} s, peak working set {formPeak / 1048576.0:F0} MiB, peak GC heap {formHeap / 1048576.0:F0} MiB |"));
    Console.WriteLine(Invariant($"| upload {uploadMegabytes} MiB by SAS PUT (client → Azurite, the API not involved) | {putSeconds:F1} s, peak working set {putPeak / 1048576.0:F0} MiB, peak GC heap {putHeap / 1048576.0:F0} MiB |"));
    Console.WriteLine(Invariant($"| upload: stored blob size | {stored} bytes |"));
}
finally
{
    File.Delete(uploadFile);
}

// Conversions: a 4096 × 4096 float image, tile-compressed with the real fpack, converted by /download.
var work = Directory.CreateTempSubdirectory("photonranch-files-bench-").FullName;
try
{
    var plain = Path.Combine(work, "bnc-kb001ms-20220629-99999999-EX01.fits");
    var pixels = new float[4096 * 4096];
    for (var i = 0; i < pixels.Length; i++)
    {
        pixels[i] = 1000 + (float)(100 * Math.Sin(i * 0.001)) + (i % 97);
    }

    await using (var file = File.Create(plain))
    {
        await FitsWriter.WriteImageAsync(file, pixels, [4096, 4096], [FitsCard.Create("FILTER", "rp")], CancellationToken.None);
    }

    using (var fpack = Process.Start("fpack", ["-r", plain]))
    {
        await fpack.WaitForExitAsync();
    }

    await container.GetBlobClient("data/bnc-kb001ms-20220629-99999999-EX01.fits.fz").UploadAsync(plain + ".fz", overwrite: true);
    foreach (var (name, body) in new (string, object)[]
    {
        ("fits (fz → plain FITS)", new { object_name = "bnc-kb001ms-20220629-99999999-EX01.fits.fz", image_type = "fits" }),
        ("tif arcsinh (→ 16-bit TIFF, bzip2)", new { object_name = "bnc-kb001ms-20220629-99999999-EX01.fits.fz", image_type = "tif", stretch = "arcsinh" }),
    })
    {
        GC.Collect();
        var (seconds, peak, _) = await MeasureAsync(async () => (await http.PostAsJsonAsync("/download", body)).EnsureSuccessStatusCode());
        Console.WriteLine(Invariant($"| 4096 × 4096 float32 {name} | {seconds:F2} s, peak working set {peak / 1048576.0:F0} MiB |"));
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}

await app.StopAsync();

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

// Runs the request while sampling the process's working set and GC heap every 20 ms.
static async Task<(double Seconds, long PeakWorkingSet, long PeakGcHeap)> MeasureAsync(Func<Task> request)
{
    using var stop = new CancellationTokenSource();
    long peak = 0;
    long heap = 0;
    var sampler = Task.Run(async () =>
    {
        using var process = Process.GetCurrentProcess();
        while (!stop.IsCancellationRequested)
        {
            process.Refresh();
            peak = Math.Max(peak, process.WorkingSet64);
            heap = Math.Max(heap, GC.GetTotalMemory(forceFullCollection: false));
            await Task.Delay(20, CancellationToken.None);
        }
    });
    var started = Stopwatch.GetTimestamp();
    await request();
    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
    await stop.CancelAsync();
    await sampler;
    return (seconds, peak, heap);
}
