using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PhotonRanch.Functions.Storage;

/// <summary>
/// Creates the container and tables at start-up when <see cref="StorageOptions.CreateIfMissing"/> is on. In Azure
/// the Bicep templates create them; locally and in tests this makes a fresh Azurite usable without a setup step.
/// </summary>
internal sealed partial class StorageProvisioner(BlobServiceClient blobs, TableServiceClient tables, IOptions<StorageOptions> options, ILogger<StorageProvisioner> logger) : IHostedService
{
    private readonly StorageOptions _options = options.Value;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!_options.CreateIfMissing)
        {
            return;
        }

        try
        {
            await blobs.GetBlobContainerClient(_options.ContainerName).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            foreach (var table in _options.Tables.All.Values)
            {
                await tables.CreateTableIfNotExistsAsync(table, cancellationToken);
            }

            LogProvisioned(_options.ContainerName, _options.Tables.All.Count);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Storage being down must not stop the app from starting: /health reports it and requests answer 503.
            LogProvisioningFailed(exception);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "Storage ready: container {Container} and {TableCount} tables")]
    private partial void LogProvisioned(string container, int tableCount);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not create the storage container and tables at start-up")]
    private partial void LogProvisioningFailed(Exception exception);
}
