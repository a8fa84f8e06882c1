using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Npgsql;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.Health;

/// <summary>Blob Storage is reachable and the app's container exists.</summary>
internal sealed class BlobStorageHealthCheck : IHealthCheck
{
    private readonly BlobServiceClient _blobs;
    private readonly StorageOptions _options;

    /// <summary>Creates the check.</summary>
    public BlobStorageHealthCheck(BlobServiceClient blobs, IOptions<StorageOptions> options)
    {
        _blobs = blobs;
        _options = options.Value;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var exists = await _blobs.GetBlobContainerClient(_options.ContainerName).ExistsAsync(cancellationToken);
        return exists.Value
            ? HealthCheckResult.Healthy($"container '{_options.ContainerName}' reachable")
            : HealthCheckResult.Unhealthy($"container '{_options.ContainerName}' does not exist");
    }
}

/// <summary>Table Storage is reachable.</summary>
internal sealed class TableStorageHealthCheck : IHealthCheck
{
    private readonly TableServiceClient _tables;
    private readonly StorageOptions _options;

    /// <summary>Creates the check.</summary>
    public TableStorageHealthCheck(TableServiceClient tables, IOptions<StorageOptions> options)
    {
        _tables = tables;
        _options = options.Value;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var name = _options.Tables.SiteConfigurations;
        await foreach (var _ in _tables.QueryAsync(table => table.Name == name, maxPerPage: 1, cancellationToken))
        {
            return HealthCheckResult.Healthy($"table '{name}' reachable");
        }

        return HealthCheckResult.Unhealthy($"table '{name}' does not exist");
    }
}

/// <summary>PostgreSQL accepts a connection and a query.</summary>
internal sealed class PostgresHealthCheck : IHealthCheck
{
    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the check.</summary>
    public PostgresHealthCheck(NpgsqlDataSource dataSource)
    {
        _dataSource = dataSource;
    }

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
        return HealthCheckResult.Healthy("query answered");
    }
}
