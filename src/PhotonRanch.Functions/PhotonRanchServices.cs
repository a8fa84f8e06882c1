using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using PhotonRanch.Functions.Auth;
using PhotonRanch.Functions.Database;
using PhotonRanch.Functions.Files;
using PhotonRanch.Functions.Health;
using PhotonRanch.Functions.Hosting;
using PhotonRanch.Functions.Images;
using PhotonRanch.Functions.InfoImages;
using PhotonRanch.Functions.Ingestion;
using PhotonRanch.Functions.NightLog;
using PhotonRanch.Functions.OpenApi;
using PhotonRanch.Functions.PipeQueue;
using PhotonRanch.Functions.RecentUploads;
using PhotonRanch.Functions.SiteConfigs;
using PhotonRanch.Functions.SiteEvents;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions;

/// <summary>
/// Registers everything the functions need. Both hosts — the Azure Functions worker and the local Kestrel host —
/// call <see cref="AddPhotonRanch"/>, so they run the same services with the same settings.
/// </summary>
internal static class PhotonRanchServices
{
    private static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Adds settings (validated at start-up), Azure and Npgsql clients, migrations, health checks and the HTTP pipeline.</summary>
    public static IServiceCollection AddPhotonRanch(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        services.AddOptions<StorageOptions>().Bind(configuration.GetSection(StorageOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
        services.AddOptions<PostgresOptions>()
            .Bind(configuration.GetSection(PostgresOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(options => IsValidConnectionString(options.ConnectionString), "Postgres:ConnectionString is not a valid Npgsql connection string.")
            .ValidateOnStart();

        services.AddAzureClients(clients =>
        {
            clients.AddClient<BlobServiceClient, BlobClientOptions>((clientOptions, credential, provider) =>
            {
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                return storage.UsesConnectionString
                    ? new BlobServiceClient(storage.ConnectionString, clientOptions)
                    : new BlobServiceClient(storage.BlobServiceUri, credential, clientOptions);
            });
            clients.AddClient<TableServiceClient, TableClientOptions>((clientOptions, credential, provider) =>
            {
                var storage = provider.GetRequiredService<IOptions<StorageOptions>>().Value;
                return storage.UsesConnectionString
                    ? new TableServiceClient(storage.ConnectionString, clientOptions)
                    : new TableServiceClient(storage.TableServiceUri, credential, clientOptions);
            });
            clients.UseCredential(new DefaultAzureCredential());
            clients.ConfigureDefaults(defaults =>
            {
                defaults.Retry.Mode = RetryMode.Exponential;
                defaults.Retry.MaxRetries = 3;
                defaults.Retry.NetworkTimeout = TimeSpan.FromSeconds(30);
            });
        });

        // The Azure SDK logs every answer the code expects and handles (404, 409, 412) as a warning, and Npgsql logs each
        // command's SQL at Information: in Application Insights that is cost and noise hiding real faults, which
        // ApiErrorResponder logs once, with the correlation id. Both hosts share these rules; settings may lower them.
        services.AddLogging(logging => logging
            .AddFilter("Azure.Core", LogLevel.Error)
            .AddFilter("Npgsql", LogLevel.Warning));

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<BlobSasIssuer>();

        services.AddSingleton(provider =>
        {
            var postgres = provider.GetRequiredService<IOptions<PostgresOptions>>().Value;
            var connectionString = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { SearchPath = postgres.Schema };
            var builder = new NpgsqlDataSourceBuilder(connectionString.ConnectionString);
            builder.UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>());
            return builder.Build();
        });
        services.AddSingleton<PostgresMigrator>();

        services.AddHostedService<StorageProvisioner>();
        services.AddHostedService<DatabaseMigrationService>();

        services.AddHealthChecks()
            .AddCheck<BlobStorageHealthCheck>("blob", timeout: HealthCheckTimeout)
            .AddCheck<TableStorageHealthCheck>("table", timeout: HealthCheckTimeout)
            .AddCheck<PostgresHealthCheck>("postgres", timeout: HealthCheckTimeout);

        services.AddSingleton<ApiErrorResponder>();
        services.AddSingleton<HttpFunctionPipeline>();

        // The HTTP functions and their routes by the Functions host's rules; a host may register its own catalog
        // first (the test host adds probe functions).
        services.TryAddSingleton(_ => HttpFunctionCatalog.ForApp());
        services.AddSingleton<HttpFunctionRouter>();

        // The features, each a folder: its functions, service and storage code.
        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthOptions>, AuthOptionsValidator>();
        services.AddSingleton<SigningKeySource>();
        services.AddSingleton<BearerAuthenticator>();

        services.AddSingleton<SiteConfigStore>();
        services.AddSingleton<SiteConfigService>();

        services.AddSingleton<NightLogStore>();
        services.AddSingleton<NightLogService>();

        services.AddSingleton<InfoImageStore>();
        services.AddSingleton<InfoImageService>();

        services.AddSingleton<RecentUploadsStore>();
        services.AddSingleton<RecentUploadsService>();

        services.AddSingleton<PipeQueueTable>();
        services.AddSingleton<QueueItemIdGenerator>();
        services.AddSingleton<PipeQueueHeads>();
        services.AddSingleton<PipeQueueService>();

        services.AddSingleton<ImageRepository>();
        services.AddSingleton<ImagesService>();

        services.AddSingleton<SiteEventsService>();

        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UploadOptions>, UploadOptionsValidator>();
        services.AddOptions<DownloadOptions>().BindConfiguration(DownloadOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UploadPolicySigner>();
        services.AddSingleton<UploadedFileStore>();
        services.AddSingleton<ZipDownloadBuilder>();
        services.AddSingleton<FitsDownloadConverter>();
        services.AddSingleton<FilesService>();

        // Ingestion: the service both hosts call and the expired-row clean-up; the hosts add what triggers them.
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ImageRowWriter>();
        services.AddSingleton<ThumbnailGenerator>();
        services.AddSingleton<IngestionService>();
        services.AddSingleton<ExpiredRowsCleaner>();

        services.AddSingleton<ApiDescription>();
        return services;
    }

    private static bool IsValidConnectionString(string connectionString)
    {
        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
            return !string.IsNullOrWhiteSpace(connectionString);
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
