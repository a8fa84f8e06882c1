using System.Diagnostics;

namespace PhotonRanch.Functions.Tests.Infrastructure;

/// <summary>Debian's <c>chromium</c>, headless, loading a page the way a person's browser does, scripts and all.</summary>
internal static class HeadlessChromium
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    /// <summary>The page's DOM once its scripts have run (up to <paramref name="scriptMilliseconds"/> of virtual time).</summary>
    public static Task<string> DumpDomAsync(Uri page, int scriptMilliseconds = 20_000) =>
        RunAsync(["--dump-dom", $"--virtual-time-budget={scriptMilliseconds}", page.AbsoluteUri]);

    /// <summary>Writes a PNG screenshot of the page, <paramref name="width"/> by <paramref name="height"/> pixels.</summary>
    public static async Task ScreenshotAsync(Uri page, string pngPath, int width = 1200, int height = 800, int scriptMilliseconds = 10_000) =>
        await RunAsync([$"--screenshot={pngPath}", $"--window-size={width},{height}", $"--virtual-time-budget={scriptMilliseconds}", page.AbsoluteUri]);

    private static async Task<string> RunAsync(IEnumerable<string> arguments)
    {
        var profile = Directory.CreateTempSubdirectory("photonranch-chromium.");
        try
        {
            var start = new ProcessStartInfo("chromium")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // --no-sandbox: the suite runs as root in CI, where Chromium's sandbox refuses to start.
            foreach (var argument in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--hide-scrollbars", $"--user-data-dir={profile.FullName}", .. arguments])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start (scripts/test.sh installs it)");
            using var timeout = new CancellationTokenSource(Limit);
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium took longer than {Limit}");
            }

            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {await errors}");
            }

            return await output;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
