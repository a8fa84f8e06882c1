using System.Globalization;
using System.Text;

namespace PhotonRanch.Astronomy.Tests;

/// <summary>Collects absolute errors per kind and renders max / p99 rows for docs/accuracy.md.</summary>
internal sealed class ErrorStatistics
{
    private readonly SortedDictionary<string, List<double>> errors = new(StringComparer.Ordinal);

    public void Add(string kind, double absoluteError)
    {
        if (!errors.TryGetValue(kind, out var list))
        {
            list = [];
            errors[kind] = list;
        }

        list.Add(Math.Abs(absoluteError));
    }

    public IEnumerable<(string Kind, int Count, double Max, double P99, double Median)> Summaries() =>
        errors.Select(pair =>
        {
            var sorted = pair.Value.Order().ToArray();
            return (pair.Key, sorted.Length, sorted[^1], Percentile(sorted, 0.99), Percentile(sorted, 0.5));
        });

    /// <summary>Writes a Markdown table when ACCURACY_REPORT_DIR is set (scripts/test.sh --accuracy-report).</summary>
    public void WriteReport(string fileName, string title, string unit, string format)
    {
        var directory = Environment.GetEnvironmentVariable("ACCURACY_REPORT_DIR");
        if (string.IsNullOrEmpty(directory))
        {
            return;
        }

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"### {title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"| kind | n | max ({unit}) | p99 ({unit}) | median ({unit}) |");
        text.AppendLine("|---|---:|---:|---:|---:|");
        foreach (var (kind, count, max, p99, median) in Summaries())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {kind} | {count} | {max.ToString(format, CultureInfo.InvariantCulture)} | {p99.ToString(format, CultureInfo.InvariantCulture)} | {median.ToString(format, CultureInfo.InvariantCulture)} |");
        }

        text.AppendLine();
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, fileName), text.ToString());
    }

    /// <summary>Nearest-rank percentile of an ascending array.</summary>
    private static double Percentile(double[] sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Length) - 1, 0, sorted.Length - 1)];
}
