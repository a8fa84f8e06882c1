using System.Diagnostics;
using System.Globalization;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using PhotonRanch.Benchmarks;
using PhotonRanch.Functions.Images;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Images.Benchmarks;

// Usage: PhotonRanch.Images.Benchmarks [--rows N] [--iterations N] [--reload]
// Needs PHOTONRANCH_BENCH_POSTGRES_CONNECTION_STRING and PHOTONRANCH_BENCH_STORAGE_CONNECTION_STRING (bench/run-images.sh
// starts PostgreSQL and Azurite and sets them). Loads the synthetic rows into schema "bench" unless they are already
// there, then measures each query through the repository (database only) and through HTTP (the whole endpoint).
var rows = IntOption(args, "--rows", 1_000_000);
var iterations = IntOption(args, "--iterations", 500);
var reload = args.Contains("--reload");

var (app, address) = await BenchmarkApi.StartAsync("bench/run-images.sh", new Dictionary<string, string?>
{
    ["Storage:ContainerName"] = "bench",
    ["Postgres:Schema"] = "bench",
});
using var http = new HttpClient { BaseAddress = address };
var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
var repository = app.Services.GetRequiredService<ImageStore>();

var existing = (long)(await dataSource.CreateCommand("SELECT count(*) FROM images").ExecuteScalarAsync())!;
if (reload || existing != rows)
{
    Console.WriteLine($"Loading {rows:N0} synthetic rows (COPY, binary)...");
    var load = Stopwatch.StartNew();
    await SyntheticImages.LoadAsync(dataSource, rows, Console.Out);
    Console.WriteLine($"  loaded in {load.Elapsed.TotalSeconds:F1} s");
    var analyze = Stopwatch.StartNew();
    await dataSource.CreateCommand("VACUUM ANALYZE images").ExecuteNonQueryAsync();
    Console.WriteLine($"  VACUUM ANALYZE in {analyze.Elapsed.TotalSeconds:F1} s");
}

var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
var siteTable = app.Services.GetRequiredService<TableServiceClient>().GetTableClient(storage.Tables.SiteConfigurations);
foreach (var site in SyntheticImages.Sites)
{
    await siteTable.UpsertEntityAsync(new TableEntity(site, "config") { ["site"] = site });
}

Console.WriteLine($"Rows: {(long)(await dataSource.CreateCommand("SELECT count(*) FROM images").ExecuteScalarAsync())!:N0}; " +
    $"table + indexes: {await dataSource.CreateCommand("SELECT pg_size_pretty(pg_total_relation_size('images'))").ExecuteScalarAsync()}");

var random = new Random(7);
string AnySite() => SyntheticImages.Sites[random.Next(SyntheticImages.Sites.Count)];
ImageFilter Combined()
{
    var start = SyntheticImages.FirstCapture.AddDays(random.Next(0, 3 * 365 - 60));
    return new ImageFilter(
        Site: SyntheticImages.Sites[random.Next(10)],
        FilterUsed: SyntheticImages.Filters[random.Next(SyntheticImages.Filters.Length)],
        ExposureTimeMin: 10,
        ExposureTimeMax: 120,
        StartDate: start,
        EndDate: start.AddDays(60));
}

string Query(ImageFilter filter) =>
    string.Create(
        CultureInfo.InvariantCulture,
        $"site={filter.Site}&filter={filter.FilterUsed}&exposure_time_min={filter.ExposureTimeMin}&exposure_time_max={filter.ExposureTimeMax}" +
        $"&start_date={filter.StartDate:yyyy-MM-dd}&end_date={filter.EndDate:yyyy-MM-dd}");

var results = new List<(string Name, LatencySummary Summary)>
{
    ("SQL  latest_images(site, 20)", await Latency.MeasureAsync(iterations, () => repository.LatestAsync(AnySite(), 20, null, CancellationToken.None))),
    ("SQL  latest_images(site, 20, userid)", await Latency.MeasureAsync(iterations, () => repository.LatestAsync(AnySite(), 20, $"google-oauth2|{100000000000 + random.Next(300)}", CancellationToken.None))),
    ("SQL  latest_image_all_sites (50 sites)", await Latency.MeasureAsync(iterations, () => repository.NewestPerSiteAsync(SyntheticImages.Sites, CancellationToken.None))),
    ("SQL  filtered: site+filter+exposure+60 days", await Latency.MeasureAsync(iterations, () => repository.FilteredAsync(Combined(), CancellationToken.None))),
    ("SQL  filtered: user_id only (limit 1000)", await Latency.MeasureAsync(iterations / 5, () => repository.FilteredAsync(new ImageFilter(UserId: $"google-oauth2|{100000000000 + random.Next(300)}"), CancellationToken.None))),
    ("SQL  filtered: no filter (limit 1000)", await Latency.MeasureAsync(iterations / 5, () => repository.FilteredAsync(new ImageFilter(), CancellationToken.None))),
    ("HTTP GET /{site}/latest_images/20", await Latency.MeasureAsync(iterations, () => http.GetStringAsync($"/{AnySite()}/latest_images/20"))),
    ("HTTP GET /latest_image_all_sites/", await Latency.MeasureAsync(iterations, () => http.GetStringAsync("/latest_image_all_sites/"))),
    ("HTTP GET /filtered_images?site+filter+exposure+60 days", await Latency.MeasureAsync(iterations, () => http.GetStringAsync("/filtered_images?" + Query(Combined())))),
};

Console.WriteLine();
Console.WriteLine("| query | runs | p50 ms | p99 ms | mean ms | max ms |");
Console.WriteLine("|---|---:|---:|---:|---:|---:|");
foreach (var (name, summary) in results)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {summary.Runs} | {summary.P50:F2} | {summary.P99:F2} | {summary.Mean:F2} | {summary.Max:F2} |"));
}

Console.WriteLine();
Console.WriteLine("Plans (auto_explain of the repository's own statements, ANALYZE, BUFFERS):");
await QueryPlans.PrintAsync(
    BenchmarkApi.PostgresConnectionString("bench/run-images.sh"),
    "bench",
    [
        ("latest_images(s07, 20)", plans => plans.LatestAsync("s07", 20, null, CancellationToken.None)),
        ("latest_images(s07, 20, userid)", plans => plans.LatestAsync("s07", 20, "google-oauth2|100000000042", CancellationToken.None)),
        ("latest_image_all_sites (50 sites)", plans => plans.NewestPerSiteAsync(SyntheticImages.Sites, CancellationToken.None)),
        ("filtered: site+filter+exposure+60 days", plans => plans.FilteredAsync(new ImageFilter(Site: "s03", FilterUsed: "rp", ExposureTimeMin: 10, ExposureTimeMax: 120, StartDate: new DateTime(2023, 5, 1), EndDate: new DateTime(2023, 6, 30)), CancellationToken.None)),
        ("filtered: no filter (limit 1000)", plans => plans.FilteredAsync(new ImageFilter(), CancellationToken.None)),
    ]);

await app.StopAsync();

static int IntOption(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
