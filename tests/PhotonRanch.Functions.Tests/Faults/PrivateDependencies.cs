using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Faults;

/// <summary>
/// An Azurite (persisting to disk) and a PostgreSQL cluster of their own, on free loopback ports, that the fault
/// tests stop and restart on the same ports and data without disturbing the shared ones other tests use.
/// </summary>
public sealed class PrivateDependencies : IAsyncLifetime
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _root = Directory.CreateTempSubdirectory("photonranch-faults-").FullName;
    private readonly StringBuilder _azuriteOutput = new();
    private int _blobPort;
    private int _queuePort;
    private int _tablePort;
    private int _postgresPort;
    private Process? _azurite;

    public string StorageConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{_blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{_queuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{_tablePort}/devstoreaccount1;";

    // A short connect timeout: while the server is down a request should fail fast, not wait 15 s per attempt.
    public string PostgresConnectionString => $"Host=127.0.0.1;Port={_postgresPort};Username=postgres;Database=photonranch;Timeout=5";

    /// <summary>The API processes' temporary folder (TMPDIR), removed with everything else here.</summary>
    public string ApiTemporaryFolder => Path.Combine(_root, "api-temp");

    private string PostgresData => Path.Combine(_root, "postgres");

    private string AzuriteData => Path.Combine(_root, "azurite");

    public async Task InitializeAsync()
    {
        (_blobPort, _queuePort, _tablePort, _postgresPort) = FreePorts();

        // The cluster's owner (postgres, when the tests run as root) must reach the data folder inside this one.
        await RunAsync("chmod", "755", _root);
        Directory.CreateDirectory(PostgresData);
        Directory.CreateDirectory(AzuriteData);
        Directory.CreateDirectory(ApiTemporaryFolder);
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", "postgres:postgres", PostgresData);
        }

        await RunPostgresToolAsync("initdb", "-D", PostgresData, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync");
        await StartPostgresAsync();
        await using (var server = NpgsqlDataSource.Create($"Host=127.0.0.1;Port={_postgresPort};Username=postgres;Database=postgres"))
        await using (var create = server.CreateCommand("CREATE DATABASE photonranch"))
        {
            await create.ExecuteNonQueryAsync();
        }

        await StartAzuriteAsync();
    }

    public async Task DisposeAsync()
    {
        await StopAzuriteAsync();
        await StopPostgresAsync();
        Directory.Delete(_root, recursive: true);
    }

    /// <summary>Starts the cluster on its port and data (again).</summary>
    public Task StartPostgresAsync() => RunPostgresToolAsync(
        "pg_ctl", "-D", PostgresData, "-l", Path.Combine(PostgresData, "server.log"), "-w", "-t", "60", "-o",
        $"-c listen_addresses=127.0.0.1 -p {_postgresPort} -c unix_socket_directories='{PostgresData}' -c max_connections=100 -c timezone=UTC -c fsync=off",
        "start");

    /// <summary>Stops the cluster as an operator would for maintenance: open sessions are ended, nothing committed is lost.</summary>
    public async Task StopPostgresAsync()
    {
        if (File.Exists(Path.Combine(PostgresData, "postmaster.pid")))
        {
            await RunPostgresToolAsync("pg_ctl", "-D", PostgresData, "-m", "fast", "-w", "stop");
        }
    }

    /// <summary>Starts Azurite on its ports and data (again).</summary>
    public async Task StartAzuriteAsync()
    {
        var start = new ProcessStartInfo(TestEnvironment.Azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--silent", "--skipApiVersionCheck", "--loose", "--disableProductStyleUrl", "--location", AzuriteData,
            "--blobHost", "127.0.0.1", "--blobPort", $"{_blobPort}", "--queueHost", "127.0.0.1", "--queuePort", $"{_queuePort}",
            "--tableHost", "127.0.0.1", "--tablePort", $"{_tablePort}",
        })
        {
            start.ArgumentList.Add(argument);
        }

        _azurite = Process.Start(start) ?? throw new InvalidOperationException("Azurite did not start.");
        _azurite.OutputDataReceived += (_, line) => Remember(line.Data);
        _azurite.ErrorDataReceived += (_, line) => Remember(line.Data);
        _azurite.BeginOutputReadLine();
        _azurite.BeginErrorReadLine();
        await WaitForListenerAsync(_blobPort, "Azurite (blob)");
        await WaitForListenerAsync(_tablePort, "Azurite (table)");
    }

    /// <summary>Stops Azurite the way it is meant to be stopped (SIGTERM: it closes its servers and saves its data).</summary>
    public async Task StopAzuriteAsync()
    {
        if (_azurite is not { HasExited: false } azurite)
        {
            return;
        }

        await RunAsync("kill", "-TERM", $"{azurite.Id}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await azurite.WaitForExitAsync(timeout.Token);
        azurite.Dispose();
        _azurite = null;
    }

    private void Remember(string? line)
    {
        lock (_azuriteOutput)
        {
            if (line is not null && _azuriteOutput.Length < 64 * 1024)
            {
                _azuriteOutput.AppendLine(line);
            }
        }
    }

    private async Task WaitForListenerAsync(int port, string what)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && _azurite is { HasExited: false })
            {
                await Task.Delay(100);
            }
            catch (SocketException refused)
            {
                string output;
                lock (_azuriteOutput)
                {
                    output = _azuriteOutput.ToString();
                }

                throw new InvalidOperationException($"{what} did not listen on port {port}: {output}", refused);
            }
        }
    }

    // initdb and pg_ctl refuse to run as root: as root they run as the postgres user.
    private static Task RunPostgresToolAsync(string tool, params string[] arguments) =>
        Environment.IsPrivilegedProcess
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(TestEnvironment.PostgresBin, tool), .. arguments])
            : RunAsync(Path.Combine(TestEnvironment.PostgresBin, tool), arguments);

    private static async Task RunAsync(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}{await output}");
        }
    }

    // Held open together while chosen, so the four differ.
    private static (int Blob, int Queue, int Table, int Postgres) FreePorts()
    {
        var listeners = Enumerable.Range(0, 4).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(listener => listener.Start());
        var ports = listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToList();
        listeners.ForEach(listener => listener.Stop());
        return (ports[0], ports[1], ports[2], ports[3]);
    }
}
