using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using PhotonRanch.Benchmarks;

// Load test of the PIPE queue over real HTTP against the API on Kestrel and a real Azurite (bench/run.sh starts it):
// for 1, 4 and 16 concurrent clients, enqueue then dequeue a fixed number of items and report throughput and
// p50/p99 latency. Prints a Markdown table for docs/benchmarks.md.
var operations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;

var (app, address) = await BenchmarkApi.StartAsync("bench/run.sh pipe-queue", new Dictionary<string, string?>
{
    ["Storage:Tables:PipeQueue"] = "pipebench" + Guid.NewGuid().ToString("N")[..8],
});
await using var disposeApp = app;
using var http = new HttpClient { BaseAddress = address };

Console.WriteLine($"| clients | operation | items | throughput (ops/s) | p50 (ms) | p99 (ms) |");
Console.WriteLine("|---|---|---|---|---|---|");
foreach (var clients in new[] { 1, 4, 16 })
{
    var queue = $"bench-{clients}";
    (await http.PostAsJsonAsync("/pipe/queue", new { queue_name = queue })).EnsureSuccessStatusCode();
    var payload = new { frame = "sro-kb001ms-20220629-00010442-EX01.fits.fz", site = "sro", options = new { stack = true, level = 2 } };

    Report(clients, "enqueue", await RunAsync(clients, operations, async () =>
        (await http.PostAsJsonAsync("/pipe/enqueue", new { queue_name = queue, payload, sender = "bench" })).EnsureSuccessStatusCode()));
    Report(clients, "dequeue", await RunAsync(clients, operations, async () =>
        (await http.PostAsync($"/pipe/queue/{queue}/dequeue", content: null)).EnsureSuccessStatusCode()));
}

await app.StopAsync();

static async Task<(TimeSpan Elapsed, List<double> LatenciesMs)> RunAsync(int clients, int operations, Func<Task> operation)
{
    var remaining = operations;
    var latencies = new List<double>[clients];
    var total = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, clients).Select(client => Task.Run(async () =>
    {
        latencies[client] = [];
        while (Interlocked.Decrement(ref remaining) >= 0)
        {
            var started = Stopwatch.GetTimestamp();
            await operation();
            latencies[client].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    })));
    return (total.Elapsed, latencies.SelectMany(l => l).Order().ToList());
}

static void Report(int clients, string name, (TimeSpan Elapsed, List<double> LatenciesMs) run)
{
    var sorted = run.LatenciesMs;
    double Percentile(double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {clients} | {name} | {sorted.Count} | {sorted.Count / run.Elapsed.TotalSeconds:F0} | {Percentile(0.50):F1} | {Percentile(0.99):F1} |"));
}
