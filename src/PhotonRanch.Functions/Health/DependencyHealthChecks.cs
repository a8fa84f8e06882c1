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

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var exists = await blobs.GetBlobContainerClient(_options.ContainerName).ExistsAsync(cancellationToken);
        var name = ("name", _options.ContainerName);
        return exists.Value
            ? HealthCheckResult.Healthy(MessageTemplate.Fill(HealthMessages.ContainerReachable, name))
            : HealthCheckResult.Unhealthy(MessageTemplate.Fill(HealthMessages.ContainerMissing, name));
    }
}

internal sealed class TableStorageHealthCheck(TableServiceClient tables, IOptions<StorageOptions> options) : IHealthCheck
{
    private readonly StorageOptions _options = options.Value;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var name = _options.Tables.SiteConfigurations;
        await foreach (var _ in tables.QueryAsync(table => table.Name == name, maxPerPage: 1, cancellationToken))
        {
            return HealthCheckResult.Healthy(MessageTemplate.Fill(HealthMessages.TableReachable, ("name", name)));
        }

        return HealthCheckResult.Unhealthy(MessageTemplate.Fill(HealthMessages.TableMissing, ("name", name)));
    }
}

internal sealed class PostgresHealthCheck(NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT 1");
        await command.ExecuteScalarAsync(cancellationToken);
        return HealthCheckResult.Healthy(HealthMessages.QueryAnswered);
    }
}
