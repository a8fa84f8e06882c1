using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PhotonRanch.Functions.Ingestion;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Files;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Ingestion;

/// <summary>
/// <c>.txt</c> headers ingested through the service itself (the local poller off): one up to
/// <c>Ingestion__MaxTextHeaderBytes</c> (1 MiB by default) is recorded, a larger one is logged as invalid and not read.
/// </summary>
public sealed class TextHeaderLimitTests : IAsyncLifetime
{
    private readonly ApiFixture _api = new(new Dictionary<string, string?> { ["LocalIngestion:Enabled"] = "false" });

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task A_header_up_to_the_limit_is_recorded()
    {
        var limit = new IngestionOptions().MaxTextHeaderBytes;
        var header = HostileUploads.TextHeaderOf(limit - 200);
        Assert.InRange(header.Length, limit - 200, limit);

        Assert.Equal("rp", await IngestedFilterAsync("txt-kb001ms-20240701-00000001", header));
    }

    [Fact]
    public async Task A_header_over_the_limit_is_logged_as_invalid_and_not_recorded()
    {
        var header = HostileUploads.TextHeaderOf(new IngestionOptions().MaxTextHeaderBytes + 1);

        Assert.Null(await IngestedFilterAsync("txt-kb001ms-20240701-00000002", header));
        Assert.Contains(_api.Logs.Entries, entry => entry.Level == LogLevel.Warning
            && entry.Message.Contains("txt-kb001ms-20240701-00000002-EX00.txt", StringComparison.Ordinal)
            && entry.Message.Contains($"is {header.Length} bytes, more than Ingestion__MaxTextHeaderBytes", StringComparison.Ordinal));
    }

    // The filter the images row recorded from the header, or null when no row has a header.
    private async Task<string?> IngestedFilterAsync(string baseFilename, byte[] header)
    {
        var container = _api.Services.GetRequiredService<BlobServiceClient>()
            .GetBlobContainerClient(_api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ContainerName);
        var name = $"data/{baseFilename}-EX00.txt";
        await container.GetBlobClient(name).UploadAsync(new BinaryData(header));

        await _api.Services.GetRequiredService<IngestionService>().IngestAsync(name, CancellationToken.None);

        await using var command = _api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT filter_used FROM images WHERE base_filename = $1 AND header IS NOT NULL");
        command.Parameters.AddWithValue(baseFilename);
        return await command.ExecuteScalarAsync() as string;
    }
}
