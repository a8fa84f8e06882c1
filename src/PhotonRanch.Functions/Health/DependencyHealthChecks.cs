using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.Health;

/// <summary>Blob Storage is reachable and the app's container exists.</summary>
internal sealed class BlobStorageHealthCheck(BlobServiceClient blobs, IOptions<StorageOptions> options) : IHealthCheck
{
    private readonly StorageOptions _options = options.Value;

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var exists = await blobs.GetBlobContainerClient(_options.ContainerName).ExistsAsync(cancellationToken);
        return exists.Value
            ? HealthCheckResult.Healthy($"container '{_options.ContainerName}' reachable")
            : HealthCheckResult.Unhealthy($"container '{_options.ContainerName}' does not exist");
    }
}

/// <summary>Table Storage is reachable.</summary>
internal sealed class TableStorageHealthCheck(TableServiceClient tables, IOptions<StorageOptions> options) : IHealthCheck
{
    private readonly StorageOptions _options = options.Value;

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var name = _options.Tables.SiteConfigurations;
        await foreach (var _ in tables.QueryAsync(table => table.Name == name, maxPerPage: 1, cancellationToken))
        {
            return HealthCheckResult.Healthy($"table '{name}' reachable");
        }

        return HealthCheckResult.Unhealthy($"table '{name}' does not exist");
    }
}

/// <summary>PostgreSQL accepts a connection and a query.</summary>
internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
        return HealthCheckResult.Healthy("query answered");
    }
}
