using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PhotonRanch.Functions.Tests.Faults;

/// <summary>
/// The local host's built app (PhotonRanch.Functions.LocalHost.dll, copied beside the tests) as a real separate
/// process on a free loopback port, against <see cref="PrivateDependencies"/>, so that a test can kill it outright.
/// </summary>
internal sealed class ApiProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process _process;
    private readonly StringBuilder _output;

    private ApiProcess(Process process, StringBuilder output, Uri address)
    {
        _process = process;
        _output = output;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public HttpClient Client { get; }

    /// <summary>What the process wrote (its warnings and errors), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the API and waits until /health says every dependency answers. With <paramref name="ingestion"/> its
    /// local poller ingests new blobs every 200 ms; otherwise it does not run.
    /// </summary>
    public static async Task<ApiProcess> StartAsync(PrivateDependencies dependencies, string containerName, bool ingestion = false)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "PhotonRanch.Functions.LocalHost.dll"));
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["Storage__ConnectionString"] = dependencies.StorageConnectionString;
        start.Environment["Storage__ContainerName"] = containerName;
        start.Environment["Postgres__ConnectionString"] = dependencies.PostgresConnectionString;
        start.Environment["LocalIngestion__Enabled"] = ingestion ? "true" : "false";
        start.Environment["LocalIngestion__PollInterval"] = "00:00:00.200";
        start.Environment["Logging__LogLevel__Default"] = "Warning";

        // Its own temporary folder, removed with the dependencies: a killed conversion leaves its work file behind.
        start.Environment["TMPDIR"] = dependencies.ApiTemporaryFolder;

        var output = new StringBuilder();
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        process.OutputDataReceived += (_, line) => Remember(output, line.Data);
        process.ErrorDataReceived += (_, line) => Remember(output, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var api = new ApiProcess(process, output, new Uri($"http://127.0.0.1:{port}"));
        try
        {
            await api.WaitUntilHealthyAsync();
            return api;
        }
        catch
        {
            await api.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL, as when the machine loses power or the platform recycles the instance: no clean-up runs.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public ValueTask DisposeAsync()
    {
        Client.Dispose();
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The API exited with {_process.ExitCode}: {Output}");
            }

            try
            {
                using var health = await Client.GetAsync("/health");
                if (health.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
                // Not listening yet.
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"The API was not healthy within {StartTimeout}: {Output}");
            }

            await Task.Delay(200);
        }
    }

    private static void Remember(StringBuilder output, string? line)
    {
        lock (output)
        {
            // Stack frames left out: the messages are what the tests read.
            if (line is not null && !line.TrimStart().StartsWith("at ", StringComparison.Ordinal) && output.Length < 1024 * 1024)
            {
                output.AppendLine(line);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
