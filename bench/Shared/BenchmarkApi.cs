using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using PhotonRanch.Functions.LocalHost;

namespace PhotonRanch.Benchmarks;

/// <summary>
/// The API on Kestrel inside a benchmark's own process, on a free loopback port, against the Azurite and PostgreSQL
/// the benchmark's script started (it passes them as PHOTONRANCH_BENCH_* variables). Linked into each benchmark that
/// measures over HTTP.
/// </summary>
internal static class BenchmarkApi
{
    /// <summary>The PostgreSQL connection string the script set.</summary>
    public static string PostgresConnectionString(string script) => Require("PHOTONRANCH_BENCH_POSTGRES_CONNECTION_STRING", script);

    /// <summary>Starts the API with the script's storage and database and <paramref name="settings"/> on top.</summary>
    /// <param name="script">The command that starts the dependencies, named when they are missing.</param>
    /// <param name="settings">Further settings, e.g. a table or schema of the benchmark's own.</param>
    public static async Task<(WebApplication App, Uri Address)> StartAsync(string script, IReadOnlyDictionary<string, string?> settings)
    {
        var all = new Dictionary<string, string?>(settings)
        {
            ["Storage:ConnectionString"] = Require("PHOTONRANCH_BENCH_STORAGE_CONNECTION_STRING", script),
            ["Postgres:ConnectionString"] = PostgresConnectionString(script),
        };
        return await LocalApi.StartOnFreeLoopbackPortAsync(builder =>
        {
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(all);
        });
    }

    private static string Require(string variable, string script) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set: run {script}, which starts Azurite and PostgreSQL.");
}
