using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PhotonRanch.Functions.Database;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Database;

/// <summary>The schema migrations against the real PostgreSQL server, in the fixture's own schema.</summary>
public sealed class PostgresMigratorTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _api;

    public PostgresMigratorTests(ApiFixture api)
    {
        _api = api;
    }

    [Fact]
    public async Task Start_up_applied_every_embedded_migration_and_a_second_run_applies_nothing()
    {
        var migrator = _api.Services.GetRequiredService<PostgresMigrator>();

        var appliedAgain = await migrator.MigrateAsync(CancellationToken.None);
        var recorded = await QueryStringsAsync("SELECT version FROM schema_migrations ORDER BY version");

        Assert.Empty(appliedAgain);
        Assert.NotEmpty(PostgresMigrator.Embedded);
        Assert.Equal(PostgresMigrator.Embedded.Select(m => m.Version), recorded);
    }

    [Fact]
    public async Task Concurrent_migrations_from_several_instances_apply_each_file_once()
    {
        var migrator = _api.Services.GetRequiredService<PostgresMigrator>();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => migrator.MigrateAsync(CancellationToken.None)));

        Assert.All(results, Assert.Empty);
        Assert.Equal(
            PostgresMigrator.Embedded.Count,
            (await QueryStringsAsync("SELECT version FROM schema_migrations")).Count);
    }

    [Fact]
    public async Task Images_table_has_the_contract_columns_and_the_query_indexes()
    {
        var columns = await QueryStringsAsync(
            "SELECT column_name || ':' || data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'images'");
        var indexes = await QueryStringsAsync(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'images'");

        foreach (var expected in new[]
        {
            "image_id:integer", "base_filename:text", "data_type:text", "site:text",
            "capture_date:timestamp without time zone", "sort_date:timestamp without time zone",
            "right_ascension:double precision", "declination:double precision",
            "fits_01_exists:boolean", "fits_10_exists:boolean", "jpg_medium_exists:boolean", "jpg_small_exists:boolean",
            "altitude:double precision", "azimuth:double precision", "airmass:double precision", "exposure_time:double precision",
            "filter_used:text", "username:text", "user_id:text", "header:text",
        })
        {
            Assert.Contains(expected, columns);
        }

        Assert.Contains(indexes, index => index.Contains("(site, sort_date DESC)", StringComparison.Ordinal));
        Assert.Contains(indexes, index => index.Contains("(base_filename)", StringComparison.Ordinal));
        Assert.Contains(indexes, index => index.Contains("(site, capture_date)", StringComparison.Ordinal));
    }

    private async Task<List<string>> QueryStringsAsync(string sql)
    {
        await using var command = _api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<string>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetString(0));
        }

        return values;
    }
}
