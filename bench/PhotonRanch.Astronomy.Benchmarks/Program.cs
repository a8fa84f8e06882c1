using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Microsoft.Extensions.DependencyInjection;
using PhotonRanch.Astronomy.Benchmarks;
using PhotonRanch.Benchmarks;
using PhotonRanch.Functions.SiteConfigs;

// Runs the BenchmarkDotNet measurements, then times the same computations in PyEphem (Debian python3-ephem via
// /usr/bin/python3, see pyephem_timing.py) and prints a Markdown table for docs/benchmarks.md. Started by
// `bench/run.sh events` (which starts Azurite and PostgreSQL), it also times GET /events over HTTP against the API on
// Kestrel in this process and compares that with PyEphem's in-process time for the same night.
// In process: a separately built benchmark executable would rebuild the API it references, beyond BenchmarkDotNet's
// two-minute build limit on a busy machine.
var config = DefaultConfig.Instance.AddJob(Job.Default.WithWarmupCount(5).WithIterationCount(20).WithToolchain(InProcessEmitToolchain.Instance));
var summary = BenchmarkRunner.Run<AstronomyBenchmarks>(config, args);

var medians = summary.Reports.ToDictionary(
    r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
    r => (r.ResultStatistics?.Median ?? double.NaN) / 1.0e6);

var python = RunPyEphemTiming();
var rows = new[]
{
    (Name: "events (26 events, one site-night)", Ours: medians[nameof(AstronomyBenchmarks.SiteEvents)], PyEphem: python.GetProperty("events_p50_ms").GetDouble()),
    (Name: "events, 366 nights", Ours: medians[nameof(AstronomyBenchmarks.SiteEvents366Nights)], PyEphem: python.GetProperty("year_events_p50_ms").GetDouble()),
    (Name: "rise-set-illum (30 days)", Ours: medians[nameof(AstronomyBenchmarks.MoonPasses30Days)], PyEphem: python.GetProperty("moon_passes_p50_ms").GetDouble()),
};

Console.WriteLine();
Console.WriteLine("| computation | PhotonRanch.Astronomy p50 (ms) | PyEphem 4.1.4 p50 (ms) | PyEphem / ours |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var row in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Name} | {row.Ours:F3} | {row.PyEphem:F3} | {row.PyEphem / row.Ours:F2} |"));
}

if (Environment.GetEnvironmentVariable("PHOTONRANCH_BENCH_STORAGE_CONNECTION_STRING") is { Length: > 0 })
{
    var (single, year) = await TimeEventsOverHttpAsync();
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| GET /events over HTTP (Kestrel, one night) | {single:F3} | {python.GetProperty("events_p50_ms").GetDouble():F3} (in-process) | {python.GetProperty("events_p50_ms").GetDouble() / single:F2} |"));
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| GET /events over HTTP (Kestrel, 366 nights) | {year:F3} | {python.GetProperty("year_events_p50_ms").GetDouble():F3} (in-process) | {python.GetProperty("year_events_p50_ms").GetDouble() / year:F2} |"));
}

// p50 of GET /events for the benchmark's night (1,000 requests after 100 warm-up) and of the 366-night range (50).
static async Task<(double SingleMs, double YearMs)> TimeEventsOverHttpAsync()
{
    var (app, address) = await BenchmarkApi.StartAsync("bench/run.sh events", new Dictionary<string, string?>());
    await using var disposeApp = app;
    await app.Services.GetRequiredService<SiteConfigStore>().SaveAsync(
        "bench",
        new JsonObject
        {
            ["latitude"] = AstronomyBenchmarks.Site.LatitudeDegrees,
            ["longitude"] = AstronomyBenchmarks.Site.LongitudeDegrees,
            ["elevation"] = AstronomyBenchmarks.Site.ElevationMeters,
            ["reference_ambient"] = new JsonArray(10),
            ["reference_pressure"] = new JsonArray(1010),
            ["TZ_database_name"] = "America/Los_Angeles",
        },
        CancellationToken.None);
    using var http = new HttpClient { BaseAddress = address };
    var single = await P50Async(http, $"/events?site=bench&when={AstronomyBenchmarks.When.ToUnixTimeSeconds()}", 100, 1000);
    var year = await P50Async(http, "/events?site=bench&start=2025-02-03&nights=366", 5, 50);
    await app.StopAsync();
    return (single, year);
}

static async Task<double> P50Async(HttpClient http, string path, int warmUp, int runs)
{
    var times = new List<double>(runs);
    for (var i = 0; i < warmUp + runs; i++)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
        if (i >= warmUp)
        {
            times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    times.Sort();
    return times[times.Count / 2];
}

static JsonElement RunPyEphemTiming()
{
    var script = Path.Combine(AppContext.BaseDirectory, "pyephem_timing.py");
    var start = new ProcessStartInfo("/usr/bin/python3", [script]) { RedirectStandardOutput = true };
    using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start /usr/bin/python3");
    var output = process.StandardOutput.ReadToEnd();
    process.WaitForExit();
    if (process.ExitCode != 0)
    {
        throw new InvalidOperationException($"pyephem_timing.py failed with exit code {process.ExitCode}; is python3-ephem installed?");
    }

    return JsonDocument.Parse(output).RootElement.Clone();
}
