using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PhotonRanch.Functions.Hosting;
using PhotonRanch.Functions.LocalHost;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.Tests.Infrastructure;

/// <summary>
/// The API running on Kestrel at a free loopback port, against the real Azurite and PostgreSQL of the test run.
/// Each fixture (one per test class) gets its own container, tables and Postgres schema, so classes run in parallel
/// without seeing each other's data; they are removed when the class is done.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    private readonly IReadOnlyDictionary<string, string?> _settingOverrides;
    private WebApplication? _app;

    public ApiFixture()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>A fixture whose settings differ from the usual ones (e.g. another auth set-up), for fixtures that wrap this one.</summary>
    internal ApiFixture(IReadOnlyDictionary<string, string?> settingOverrides)
    {
        _settingOverrides = settingOverrides;
    }

    /// <summary>A unique lowercase token naming this fixture's storage and schema.</summary>
    public string Isolation { get; } = "t" + Guid.NewGuid().ToString("N")[..12];

    public CapturedLogs Logs { get; } = new();

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The API is not running.");

    public string PostgresSchema => Isolation;

    public async Task InitializeAsync()
    {
        (_app, var address) = await LocalApi.StartOnFreeLoopbackPortAsync(builder =>
        {
            builder.Configuration.AddInMemoryCollection(Settings());
            builder.Configuration.AddInMemoryCollection(_settingOverrides);
            builder.Logging.ClearProviders();
            builder.Logging.SetMinimumLevel(LogLevel.Debug);
            builder.Logging.AddProvider(Logs);
            builder.Services.AddSingleton(HttpFunctionCatalog.FromAssemblies(typeof(HttpFunctionCatalog).Assembly, typeof(ApiFixture).Assembly));
        });
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(60) };
    }

    public async Task DisposeAsync()
    {
        Client?.Dispose();
        if (_app is null)
        {
            return;
        }

        // Stopped first, so the ingestion poller does not list a container that is being deleted.
        await _app.StopAsync();
        var storage = _app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        await _app.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(storage.ContainerName).DeleteIfExistsAsync();
        var tables = _app.Services.GetRequiredService<TableServiceClient>();
        foreach (var table in storage.Tables.All.Values)
        {
            await tables.DeleteTableAsync(table);
        }

        await tables.DeleteTableAsync(_app.Services.GetRequiredService<IOptions<LocalIngestionOptions>>().Value.StateTable);

        await using (var command = _app.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand($"DROP SCHEMA IF EXISTS {PostgresSchema} CASCADE"))
        {
            await command.ExecuteNonQueryAsync();
        }

        await _app.DisposeAsync();
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Storage:ConnectionString"] = TestEnvironment.StorageConnectionString,
        ["Storage:ContainerName"] = Isolation,
        ["Storage:Tables:SiteConfigurations"] = "siteconfigurations" + Isolation,
        ["Storage:Tables:RecentUploadsLog"] = "recentuploadslog" + Isolation,
        ["Storage:Tables:InfoImages"] = "infoimages" + Isolation,
        ["Storage:Tables:NightLog"] = "nightlog" + Isolation,
        ["Storage:Tables:PipeQueue"] = "pipequeuetable" + Isolation,
        ["Postgres:ConnectionString"] = TestEnvironment.PostgresConnectionString,
        ["Postgres:Schema"] = PostgresSchema,
        ["Auth:ClientId"] = TestTokens.ClientId,
        ["Auth:Issuer"] = TestTokens.Issuer,
        ["Auth:CertificatePem"] = TestTokens.CertificatePem,

        // The tests count the SQL commands a request sends (production logs Npgsql from Warning up).
        ["Logging:LogLevel:Npgsql.Command"] = "Information",

        // Every fixture ingests what is uploaded, through the local host's real poller, quickly.
        ["LocalIngestion:PollInterval"] = "00:00:00.100",
        ["LocalIngestion:StateTable"] = "localingestionstate" + Isolation,
    };
}
