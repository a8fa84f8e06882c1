using System.Diagnostics;

namespace PhotonRanch.Images.Benchmarks;

/// <summary>Sequential wall-clock latency of one operation, after a warm-up.</summary>
public static class Latency
{
    private const int WarmUp = 20;

    public static async Task<LatencySummary> MeasureAsync(int runs, Func<Task> operation)
    {
        for (var i = 0; i < WarmUp; i++)
        {
            await operation();
        }

        var milliseconds = new double[runs];
        for (var i = 0; i < runs; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation();
            milliseconds[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(milliseconds);
        return new LatencySummary(runs, Percentile(milliseconds, 0.50), Percentile(milliseconds, 0.99), milliseconds.Average(), milliseconds[^1]);
    }

    // Nearest-rank percentile of sorted values.
    private static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}

public sealed record LatencySummary(int Runs, double P50, double P99, double Mean, double Max);
