using System.Diagnostics;
using System.Text.RegularExpressions;

namespace PhotonRanch.Fits.Tests;

/// <summary>Runs the real CFITSIO tools (fpack, funpack, fitsverify), installed by scripts/test.sh.</summary>
internal static partial class Cfitsio
{
    public static async Task<string> RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {tool}.");
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{tool} is not installed; run scripts/test.sh (it installs libcfitsio-bin and fitsverify).", e);
        }

        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            var output = await stdout + await stderr;
            if (process.ExitCode != 0 && tool != "fitsverify")
            {
                throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {output}");
            }

            return output;
        }
    }

    /// <summary>Runs fpack with the given options and returns the path of the compressed file.</summary>
    public static async Task<string> FpackAsync(string input, string output, IEnumerable<string> options)
    {
        await RunAsync("fpack", [.. options, "-O", output, input]);
        return output;
    }

    public static Task FunpackAsync(string input, string output) => RunAsync("funpack", "-O", output, input);

    /// <summary>Runs fitsverify and returns (errors, warnings, full report).</summary>
    public static async Task<(int Errors, int Warnings, string Report)> VerifyAsync(string file)
    {
        var report = await RunAsync("fitsverify", file);
        var match = VerificationSummary().Match(report);
        if (!match.Success)
        {
            throw new InvalidOperationException("Unexpected fitsverify output: " + report);
        }

        return (int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), report);
    }

    [GeneratedRegex(@"Verification found (\d+) warning\(s\) and (\d+) error\(s\)")]
    private static partial Regex VerificationSummary();
}
