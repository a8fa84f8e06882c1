using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using PhotonRanch.Functions.LocalHost;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Ingestion;

/// <summary>The local host's real poller facing a blob whose ingestion always throws.</summary>
public sealed class LocalIngestionPollerTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task A_blob_that_always_fails_is_tried_five_times_then_given_up_and_later_blobs_still_flow()
    {
        // A database fault for this exposure only (the fixture's own schema): every images write of it throws, as an
        // outage would, while other exposures are written normally.
        await ExecuteAsync(
            """
            CREATE FUNCTION refuse_poison_exposure() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.base_filename LIKE 'poi-%' THEN RAISE EXCEPTION 'refused by the test'; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER refuse_poison_exposure BEFORE INSERT ON images FOR EACH ROW EXECUTE FUNCTION refuse_poison_exposure();
            """);
        var poison = "data/poi-kb001ms-20240801-00000001-EX01.fits.fz";
        await Container().GetBlobClient(poison).UploadAsync(new BinaryData("not read: the flag write fails first"u8.ToArray()));

        await EventuallyAsync(() => Task.FromResult(Entries(poison, LogLevel.Error).Count == 1));
        Assert.Equal(LocalIngestionPoller.MaxAttempts - 1, Entries(poison, LogLevel.Warning).Count);
        Assert.Contains("refused by the test", Entries(poison, LogLevel.Error)[0].Exception!.Message, StringComparison.Ordinal);

        // A later blob is ingested, in a round that would have tried the poison blob again had it still been pending.
        await Container().GetBlobClient("data/fin-kb001ms-20240801-00000001-EX01.fits.fz").UploadAsync(new BinaryData("flag only"u8.ToArray()));
        await EventuallyAsync(async () => await CountRowsAsync("fin-kb001ms-20240801-00000001") == 1);
        Assert.Equal(LocalIngestionPoller.MaxAttempts - 1, Entries(poison, LogLevel.Warning).Count);
        Assert.Single(Entries(poison, LogLevel.Error));
        Assert.Equal(0, await CountRowsAsync("poi-kb001ms-20240801-00000001"));
    }

    private List<LogEntry> Entries(string blob, LogLevel level) => api.Logs.Entries
        .Where(entry => entry.Category == typeof(LocalIngestionPoller).FullName && entry.Level == level
            && entry.Values.TryGetValue("Blob", out var name) && Equals(name, blob))
        .ToList();

    private BlobContainerClient Container() =>
        api.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ContainerName);

    private async Task ExecuteAsync(string sql)
    {
        await using var command = api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> CountRowsAsync(string baseFilename)
    {
        await using var command = api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SELECT count(*) FROM images WHERE base_filename = $1");
        command.Parameters.AddWithValue(baseFilename);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The poller did not reach the expected state in time.");
            await Task.Delay(100);
        }
    }
}
