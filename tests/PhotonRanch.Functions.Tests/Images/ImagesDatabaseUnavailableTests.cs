using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Images;

/// <summary>
/// With PostgreSQL unreachable every image endpoint answers a JSON 503 and gives nothing away; a database that answers
/// with an SQL error is a 500, not "unavailable".
/// </summary>
public sealed class ImagesDatabaseUnavailableTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _api;

    public ImagesDatabaseUnavailableTests(ApiFixture api)
    {
        _api = api;
    }

    [Theory]
    [InlineData("/saf/latest_images/5")]
    [InlineData("/latest_image_all_sites/")]
    [InlineData("/image/saf-kb001ms-20220629-00000001")]
    [InlineData("/fitsheader/saf-kb001ms-20220629-00000001")]
    [InlineData("/filtered_images?site=saf")]
    public async Task A_closed_database_port_is_a_503_json_error_without_internals(string path)
    {
        var storage = _api.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        await _api.Services.GetRequiredService<TableServiceClient>().GetTableClient(storage.Tables.SiteConfigurations)
            .UpsertEntityAsync(new TableEntity("saf", "config"));
        await using var host = await AlternateApiHost.StartAsync(_api, new Dictionary<string, string?>
        {
            ["Postgres:ConnectionString"] = $"Host=127.0.0.1;Port={ClosedLoopbackPort.Next()};Username=postgres;Database=photonranch;Timeout=5",
        });

        using var response = await host.Client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(text);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("The image database is unavailable; try again later.", body.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("correlation_id").GetString()));
        Assert.DoesNotContain("Npgsql", text, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_side_sql_error_is_a_500_not_the_unavailable_503()
    {
        // The database answers, but the schema the host is pointed at has no images table: PostgreSQL's 42P01.
        await using var host = await AlternateApiHost.StartAsync(_api, new Dictionary<string, string?>
        {
            ["Postgres:Schema"] = "t_schema_never_migrated",
        });

        using var response = await host.Client.GetAsync("/filtered_images?site=saf");
        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(text);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("Internal server error.", body.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("correlation_id").GetString()));
        Assert.DoesNotContain("images", text, StringComparison.Ordinal);
        Assert.DoesNotContain("42P01", text, StringComparison.Ordinal);
    }
}
