using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace PhotonRanch.Functions.Tests.Deployment;

/// <summary>
/// The Bicep CLI from the Azure.Bicep.CommandLine.linux-x64 package the test project restores (its path is baked
/// into the test assembly at build time), run from the repository root without network access.
/// </summary>
public static partial class BicepCli
{
    /// <summary>A stand-in for the deploy workflow's POSTGRES_ADMIN_PASSWORD secret, which the parameter files read.</summary>
    public const string BuildOnlyPassword = "build-only-password-not-deployed";

    public static BicepRun Run(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(ExecutablePath())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["POSTGRES_ADMIN_PASSWORD"] = BuildOnlyPassword;
        start.Environment.Remove("PHOTONRANCH_DEPLOY_INGESTION_SUBSCRIPTION");

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"bicep {string.Join(' ', arguments)} did not finish within 3 minutes.");
        }

        return new BicepRun(process.ExitCode, output.Result, errors.Result);
    }

    private static string ExecutablePath()
    {
        var path = typeof(BicepCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(attribute => attribute.Key == "BicepCliPath").Value!;
        if (!File.Exists(path))
        {
            throw new FileNotFoundException("The Bicep CLI is missing; restore the test project (Azure.Bicep.CommandLine.linux-x64).", path);
        }

        // NuGet extracts the binary with the permissions stored in the package, which may lack the execute bit. The
        // package is the linux-x64 build, so this code only ever runs on Linux.
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The restored Bicep CLI is the linux-x64 build.");
        }

        var mode = File.GetUnixFileMode(path);
        if (!mode.HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, mode | UnixFileMode.UserExecute);
        }

        return path;
    }

    /// <summary>One run: exit code, standard output and standard error.</summary>
    public sealed record BicepRun(int ExitCode, string Output, string Errors)
    {
        /// <summary>The diagnostics (errors, warnings, infos) Bicep reported, one per line.</summary>
        public IReadOnlyList<string> Diagnostics =>
            (Output + "\n" + Errors).Split('\n').Where(line => Diagnostic().IsMatch(line)).ToList();
    }

    // "path(line,col) : Warning rule-name: message"
    [GeneratedRegex(@"\(\d+,\d+\) : (Error|Warning|Info) ")]
    private static partial Regex Diagnostic();
}
