using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Images;

/// <summary>The image queries' indexes exist after start-up's migrations, partial on medium-JPG rows, newest first.</summary>
public sealed class ImageIndexTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _api;

    public ImageIndexTests(ApiFixture api)
    {
        _api = api;
    }

    [Theory]
    [InlineData("images_jpg_site_newest_idx", "(site, sort_date DESC, image_id DESC) WHERE jpg_medium_exists")]
    [InlineData("images_jpg_site_user_newest_idx", "(site, user_id, sort_date DESC, image_id DESC) WHERE jpg_medium_exists")]
    [InlineData("images_jpg_user_newest_idx", "(user_id, sort_date DESC, image_id DESC) WHERE jpg_medium_exists")]
    [InlineData("images_jpg_newest_idx", "(sort_date DESC, image_id DESC) WHERE jpg_medium_exists")]
    public async Task Each_query_index_exists_with_its_columns_and_predicate(string name, string definitionEnd)
    {
        await using var command = _api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(
            "SELECT indexdef FROM pg_indexes WHERE schemaname = current_schema() AND tablename = 'images' AND indexname = $1");
        command.Parameters.AddWithValue(name);

        var definition = (string?)await command.ExecuteScalarAsync();

        Assert.NotNull(definition);
        Assert.EndsWith(definitionEnd, definition, StringComparison.Ordinal);
    }
}
