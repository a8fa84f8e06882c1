using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PhotonRanch.Benchmarks;
using PhotonRanch.Functions.Images;
using PhotonRanch.Functions.SiteConfigs;
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

var siteConfigs = app.Services.GetRequiredService<SiteConfigStore>();
foreach (var site in SyntheticImages.Sites)
{
    // What /events and night= need to place a site's nights (every synthetic site at Santa Barbara).
    await siteConfigs.SaveAsync(site, JsonNode.Parse(
        $$"""{"site": "{{site}}", "latitude": 34.42, "longitude": -119.7, "elevation": 10, "reference_ambient": [10], "reference_pressure": [1010], "TZ_database_name": "America/Los_Angeles"}""")!.AsObject(), CancellationToken.None);
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

DateOnly AnyNight() => DateOnly.FromDateTime(SyntheticImages.FirstCapture).AddDays(random.Next(1, (3 * 365) - 1));
var losAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
(DateTime, DateTime) NightWindow(DateOnly night)
{
    var start = night.ToDateTime(new TimeOnly(12, 0));
    return (start - losAngeles.GetUtcOffset(start), start.AddDays(1) - losAngeles.GetUtcOffset(start.AddDays(1)));
}

// A cursor anywhere in the history: the page after a random instant (keyset pages cost the same at any depth).
string AnyCursor() => new ImageCursor(SyntheticImages.FirstCapture.AddDays(random.NextDouble() * 3 * 365), int.MaxValue).Encode();
string AnyCone() => string.Create(CultureInfo.InvariantCulture, $"{random.NextDouble() * 360:F4},{(random.NextDouble() * 170) - 85:F4},1");
SkyCone Cone()
{
    var parts = AnyCone().Split(',').Select(part => double.Parse(part, CultureInfo.InvariantCulture)).ToArray();
    return new SkyCone(parts[0], parts[1], parts[2]);
}

var results = new List<(string Name, LatencySummary Summary)>
{
    ("SQL  latest_images(site, 20)", await Latency.MeasureAsync(iterations, () => repository.LatestAsync(AnySite(), 20, null, CancellationToken.None))),
    ("SQL  latest_images(site, 20, userid)", await Latency.MeasureAsync(iterations, () => repository.LatestAsync(AnySite(), 20, $"google-oauth2|{100000000000 + random.Next(300)}", CancellationToken.None))),
    ("SQL  latest_image_all_sites (50 sites)", await Latency.MeasureAsync(iterations, () => repository.NewestPerSiteAsync(SyntheticImages.Sites, CancellationToken.None))),
    ("SQL  filtered: site+filter+exposure+60 days", await Latency.MeasureAsync(iterations, () => repository.FilteredAsync(Combined(), CancellationToken.None))),
    ("SQL  filtered: user_id only (limit 1000)", await Latency.MeasureAsync(iterations / 5, () => repository.FilteredAsync(new ImageFilter(UserId: $"google-oauth2|{100000000000 + random.Next(300)}"), CancellationToken.None))),
    ("SQL  filtered: no filter (limit 1000)", await Latency.MeasureAsync(iterations / 5, () => repository.FilteredAsync(new ImageFilter(), CancellationToken.None))),
    ("SQL  filtered: site+night (limit 100)", await Latency.MeasureAsync(iterations, () => repository.FilteredAsync(new ImageFilter(Site: SyntheticImages.Sites[random.Next(10)], Limit: 100) { NightWindow = NightWindow(AnyNight()) }, CancellationToken.None))),
    ("SQL  filtered: site+cursor (limit 100)", await Latency.MeasureAsync(iterations, () => repository.FilteredAsync(new ImageFilter(Site: AnySite(), Limit: 100, After: ImageCursor.TryDecode(AnyCursor(), out var after) ? after : null), CancellationToken.None))),
    ("SQL  filtered: near 1 deg", await Latency.MeasureAsync(iterations, () => repository.FilteredAsync(new ImageFilter(Near: Cone()), CancellationToken.None))),
    ("HTTP GET /{site}/latest_images/20", await Latency.MeasureAsync(iterations, () => http.GetStringAsync($"/{AnySite()}/latest_images/20"))),
    ("HTTP GET /latest_image_all_sites/", await Latency.MeasureAsync(iterations, () => http.GetStringAsync("/latest_image_all_sites/"))),
    ("HTTP GET /filtered_images?site+filter+exposure+60 days", await Latency.MeasureAsync(iterations, () => http.GetStringAsync("/filtered_images?" + Query(Combined())))),
    // The peer: the web UI's night view today, two calls (ptr_ui images.js load_latest_images): the newest image, then
    // filtered_images over the noon-to-noon window the browser computes from it.
    ("HTTP today's night view: latest_images/1 + filtered_images?site&start_date&end_date", await Latency.MeasureAsync(iterations, async () =>
    {
        var site = SyntheticImages.Sites[random.Next(10)];
        var (from, to) = NightWindow(AnyNight());
        await http.GetStringAsync($"/{site}/latest_images/1");
        await http.GetStringAsync($"/filtered_images?site={site}&start_date={from:yyyy-MM-ddTHH:mm:ss}&end_date={to:yyyy-MM-ddTHH:mm:ss}");
    })),
    ("HTTP GET /filtered_images?site&night (one call, whole night)", await Latency.MeasureAsync(iterations, () => http.GetStringAsync($"/filtered_images?site={SyntheticImages.Sites[random.Next(10)]}&night={AnyNight():yyyy-MM-dd}"))),
    ("HTTP GET /filtered_images?site&night&limit=100", await Latency.MeasureAsync(iterations, () => http.GetStringAsync($"/filtered_images?site={SyntheticImages.Sites[random.Next(10)]}&night={AnyNight():yyyy-MM-dd}&limit=100"))),
    ("HTTP GET /filtered_images?site&cursor&limit=100", await Latency.MeasureAsync(iterations, () => http.GetStringAsync($"/filtered_images?site={AnySite()}&limit=100&cursor={AnyCursor()}"))),
    ("HTTP GET /filtered_images?near=RA,DEC,1", await Latency.MeasureAsync(iterations, () => http.GetStringAsync($"/filtered_images?near={AnyCone()}"))),
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
        ("filtered: site+night (s03, 2023-05-01, limit 100)", plans => plans.FilteredAsync(new ImageFilter(Site: "s03", Limit: 100) { NightWindow = NightWindow(new DateOnly(2023, 5, 1)) }, CancellationToken.None)),
        ("filtered: site+cursor (s03, after 2023-05-01, limit 100)", plans => plans.FilteredAsync(new ImageFilter(Site: "s03", Limit: 100, After: new ImageCursor(new DateTime(2023, 5, 1), int.MaxValue)), CancellationToken.None)),
        ("filtered: near 150,20,1", plans => plans.FilteredAsync(new ImageFilter(Near: new SkyCone(150, 20, 1)), CancellationToken.None)),
        ("filtered: near 0,0,1 (across RA 0/360)", plans => plans.FilteredAsync(new ImageFilter(Near: new SkyCone(0, 0, 1)), CancellationToken.None)),
    ]);

await app.StopAsync();

static int IntOption(string[] args, string name, int fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
}
