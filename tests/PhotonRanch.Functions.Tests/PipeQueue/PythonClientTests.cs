using System.Diagnostics;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.PipeQueue;

/// <summary>
/// The Python client (clients/python) installed as a PIPE machine installs it, its unittest suite run against this
/// fixture's API: enqueue, long polls, batches, the leased consume loop, dead letters, the status heartbeat.
/// </summary>
public sealed class PythonClientTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    // Debian's interpreter, for which scripts/lib.sh installs python3-venv and python3-wheel; a python3 first on
    // PATH (pyenv, a venv) may lack them.
    private const string Python = "/usr/bin/python3";

    [Fact]
    public async Task The_python_client_installs_offline_and_its_tests_pass_against_the_api()
    {
        var work = Directory.CreateTempSubdirectory("photonranch-pyclient.");
        try
        {
            // A copy, so pip's in-tree build leaves nothing in the repository and parallel runs do not meet.
            var source = Path.Combine(work.FullName, "python");
            CopyDirectory(RepositoryFiles.PathOf("clients", "python"), source);
            var venv = Path.Combine(work.FullName, "venv");
            var venvPython = Path.Combine(venv, "bin", "python");

            // --system-site-packages lets the offline build see Debian's wheel (setuptools < 70.1 needs it).
            await RunAsync(Python, ["-m", "venv", "--system-site-packages", venv], TimeSpan.FromMinutes(2));
            await RunAsync(
                venvPython,
                ["-m", "pip", "install", "--no-build-isolation", "--no-index", "--disable-pip-version-check", "--quiet", source],
                TimeSpan.FromMinutes(3));
            var output = await RunAsync(
                venvPython,
                ["-m", "unittest", "discover", "--verbose", "--start-directory", Path.Combine(source, "tests")],
                TimeSpan.FromMinutes(6),
                ("PHOTONRANCH_PIPE_API_URL", api.Client.BaseAddress!.ToString().TrimEnd('/')));

            Assert.Contains("OK", output, StringComparison.Ordinal);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>The command's output (stdout and stderr); fails the test with that output when it exits non-zero.</summary>
    private static async Task<string> RunAsync(string file, string[] arguments, TimeSpan timeout, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        var output = await stdout + await stderr;
        Assert.True(
            process.ExitCode == 0 && !timer.IsCancellationRequested,
            $"{file} {string.Join(' ', arguments)} {(timer.IsCancellationRequested ? $"timed out after {timeout}" : $"exited with {process.ExitCode}")}:\n{output}");
        return output;
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(part => part is "__pycache__" or "build" || part.EndsWith(".egg-info", StringComparison.Ordinal)))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
