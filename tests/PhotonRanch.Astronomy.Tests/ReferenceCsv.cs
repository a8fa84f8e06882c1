using System.Globalization;

namespace PhotonRanch.Astronomy.Tests;

/// <summary>Reads the committed reference tables (RFC 4180 CSV with a header row) from ReferenceData/.</summary>
internal static class ReferenceCsv
{
    public static IReadOnlyList<Dictionary<string, string>> Read(string fileName)
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "ReferenceData", fileName));
        var header = SplitLine(lines[0]);
        return lines.Skip(1)
            .Where(line => line.Length > 0)
            .Select(line =>
            {
                var fields = SplitLine(line);
                return header.Select((name, i) => (name, value: fields[i])).ToDictionary(p => p.name, p => p.value);
            })
            .ToList();
    }

    public static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static List<string> SplitLine(string line)
    {
        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    current.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(current.ToString());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString());
        return fields;
    }
}
