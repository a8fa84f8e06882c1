using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using PhotonRanch.Astronomy.Benchmarks;

// Runs the BenchmarkDotNet measurements, then times the same computations in PyEphem (Debian python3-ephem via
// /usr/bin/python3, see pyephem_timing.py) and prints a Markdown table for docs/benchmarks.md.
var config = DefaultConfig.Instance.AddJob(Job.Default.WithWarmupCount(5).WithIterationCount(20));
var summary = BenchmarkRunner.Run<AstronomyBenchmarks>(config, args);

var medians = summary.Reports.ToDictionary(
    r => r.BenchmarkCase.Descriptor.WorkloadMethod.Name,
    r => (r.ResultStatistics?.Median ?? double.NaN) / 1.0e6);

var python = RunPyEphemTiming();
var rows = new[]
{
    (Name: "events (26 events, one site-night)", Ours: medians[nameof(AstronomyBenchmarks.SiteEvents)], PyEphem: python.GetProperty("events_p50_ms").GetDouble()),
    (Name: "rise-set-illum (30 days)", Ours: medians[nameof(AstronomyBenchmarks.MoonPasses30Days)], PyEphem: python.GetProperty("moon_passes_p50_ms").GetDouble()),
};

Console.WriteLine();
Console.WriteLine("| computation | PhotonRanch.Astronomy p50 (ms) | PyEphem 4.1.4 p50 (ms) | PyEphem / ours |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var row in rows)
{
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Name} | {row.Ours:F3} | {row.PyEphem:F3} | {row.PyEphem / row.Ours:F2} |"));
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
