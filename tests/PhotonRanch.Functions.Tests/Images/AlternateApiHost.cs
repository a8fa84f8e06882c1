using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PhotonRanch.Functions.LocalHost;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Images;

/// <summary>
/// A second instance of the API over the storage and Postgres schema of a running <see cref="ApiFixture"/>, with
/// some settings changed (a different database session time zone, an unreachable database) and optionally some
/// services replaced. It owns none of the data, so disposing it only stops it.
/// </summary>
public sealed class AlternateApiHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private AlternateApiHost(WebApplication app, HttpClient client)
    {
        _app = app;
        Client = client;
    }

    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<AlternateApiHost> StartAsync(
        ApiFixture fixture, IReadOnlyDictionary<string, string?> overrides, Action<IServiceCollection>? replaceServices = null)
    {
        var configuration = fixture.Services.GetRequiredService<IConfiguration>();
        var settings = configuration.AsEnumerable()
            .Where(pair => pair.Key.StartsWith("Storage:", StringComparison.Ordinal) || pair.Key.StartsWith("Postgres:", StringComparison.Ordinal))
            .ToDictionary(pair => pair.Key, pair => pair.Value);
        settings["Storage:CreateIfMissing"] = "false";
        settings["Postgres:MigrateOnStartup"] = "false";
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var (app, address) = await LocalApi.StartOnFreeLoopbackPortAsync(builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Logging.ClearProviders();
            replaceServices?.Invoke(builder.Services);
        });
        return new AlternateApiHost(app, new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) });
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
