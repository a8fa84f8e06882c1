using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.SiteConfigs;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.SiteConfigs;

/// <summary>
/// <c>GET|PUT|DELETE /{site}/config</c> and <c>GET /all/config</c> over real HTTP against Azurite, with the default
/// settings: writes are open, as in the original.
/// </summary>
public sealed class SiteConfigTests : IClassFixture<ApiFixture>
{
    private const string SampleConfig = """
        {"site":"saf","name":"Apache Ridge","latitude":35.554298,"longitude":-105.870197,"elevation":2194,
         "TZ_database_name":"America/Denver","reference_ambient":10.0,"refraction":-0.25,"is_wema":false,
         "defaults":{"mount":"mount1","camera":"camera_1_1"},"filters":["air","Lum",{"name":"Ha","offset":-2.5e1}],
         "notes":null,"unicode":"Réseau — 望遠鏡 & <tag>","big":123456789012345678901234567890}
        """;

    private readonly ApiFixture _api;

    public SiteConfigTests(ApiFixture api)
    {
        _api = api;
    }

    [Fact]
    public async Task A_configuration_round_trips_with_numbers_as_the_original_returned_them()
    {
        using var put = await PutAsync("rt1", SampleConfig);
        using var get = await _api.Client.GetAsync("/rt1/config");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var stored = await ConfigurationAsync(get);
        var expected = JsonNode.Parse(SampleConfig)!;
        expected["reference_ambient"] = 10;
        expected["filters"]![2]!["offset"] = -25;
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(stored.GetRawText())), stored.GetRawText());
        Assert.Contains("\"reference_ambient\":10,", stored.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("\"big\":123456789012345678901234567890", stored.GetRawText(), StringComparison.Ordinal);
        Assert.Contains("\"latitude\":35.554298", stored.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_500_kib_configuration_round_trips_exactly()
    {
        var config = new JsonObject();
        for (var i = 0; config.ToJsonString().Length < 500 * 1024; i++)
        {
            config[$"device_{i:D5}"] = new JsonObject
            {
                ["name"] = $"camera {i} — ω",
                ["offsets"] = new JsonArray(i, i * 0.5 + 0.25, -i),
                ["enabled"] = i % 2 == 0,
                ["description"] = new string((char)('a' + (i % 26)), 200),
            };
        }

        using var put = await PutAsync("big1", config.ToJsonString());
        using var get = await _api.Client.GetAsync("/big1/config");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(config.ToJsonString(Functions.Http.ApiJson.Options), (await ConfigurationAsync(get)).GetRawText());
    }

    [Fact]
    public async Task A_configuration_too_large_for_one_row_is_a_413_and_nothing_is_written()
    {
        var config = new JsonObject { ["blob"] = new string('x', TableJsonProperty.MaxBytes) };

        using var put = await PutAsync("huge1", config.ToJsonString());

        await put.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.DoesNotContain(await _api.RowsAsync(t => t.SiteConfigurations), row => row.PartitionKey == "huge1");
    }

    [Fact]
    public async Task A_body_over_the_request_limit_is_a_413_and_nothing_is_written()
    {
        var body = "{\"x\":\"" + new string('a', Functions.Http.JsonBody.MaxBytes) + "\"}";

        using var put = await PutAsync("huge2", body);

        await put.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.DoesNotContain(await _api.RowsAsync(t => t.SiteConfigurations), row => row.PartitionKey == "huge2");
    }

    [Fact]
    public async Task Put_replaces_the_whole_configuration()
    {
        (await PutAsync("rep1", """{"a":1,"b":2}""")).Dispose();
        (await PutAsync("rep1", """{"c":3}""")).Dispose();

        using var get = await _api.Client.GetAsync("/rep1/config");

        Assert.Equal("""{"c":3}""", (await ConfigurationAsync(get)).GetRawText());
    }

    [Fact]
    public async Task Get_answers_the_stored_row_with_the_site_and_its_configuration()
    {
        (await PutAsync("row1", """{"a":1}""")).Dispose();

        using var get = await _api.Client.GetAsync("/row1/config");

        Assert.Equal("""{"site":"row1","configuration":{"a":1}}""", (await get.AssertJsonAsync()).GetRawText());
    }

    [Fact]
    public async Task Put_and_delete_without_a_token_answer_the_original_write_metadata()
    {
        using var put = await _api.SendJsonAsync(HttpMethod.Put, "/open1/config", token: null, """{"a":1}""");
        using var stored = await _api.Client.GetAsync("/open1/config");
        using var delete = await _api.SendJsonAsync(HttpMethod.Delete, "/open1/config", token: null);

        foreach (var answer in new[] { await put.AssertJsonAsync(), await delete.AssertJsonAsync() })
        {
            Assert.Equal("open1", answer.GetProperty("site").GetString());
            Assert.Equal(200, answer.GetProperty("ResponseMetadata").GetProperty("HTTPStatusCode").GetInt32());
            Assert.False(string.IsNullOrEmpty(answer.GetProperty("ResponseMetadata").GetProperty("RequestId").GetString()));
            Assert.False(answer.TryGetProperty("message", out _), "site computers take a 'message' for a failure");
        }

        Assert.Equal("""{"a":1}""", (await ConfigurationAsync(stored)).GetRawText());
        Assert.DoesNotContain(await _api.RowsAsync(t => t.SiteConfigurations), row => row.PartitionKey == "open1");
    }

    [Fact]
    public async Task The_request_id_of_a_write_is_the_callers_correlation_id()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/corr1/config") { Content = new StringContent("""{"a":1}""") };
        request.Headers.Add("x-correlation-id", "site-computer-42");

        using var put = await _api.Client.SendAsync(request);

        Assert.Equal("site-computer-42", (await put.AssertJsonAsync()).GetProperty("ResponseMetadata").GetProperty("RequestId").GetString());
    }

    [Fact]
    public async Task Open_config_writes_leave_the_night_log_writes_protected()
    {
        using var post = await _api.SendJsonAsync(HttpMethod.Post, "/nightlog/open2", token: null, """{"note_data":{"ttl_hours":1}}""");

        await post.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(await _api.RowsAsync(t => t.NightLog));
    }

    [Fact]
    public async Task A_missing_configuration_is_a_404_json_error()
    {
        using var get = await _api.Client.GetAsync("/nosuchsite/config");

        Assert.Contains("nosuchsite", await get.AssertErrorAsync(HttpStatusCode.NotFound), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_removes_the_configuration_and_is_a_200_also_when_there_is_none()
    {
        (await PutAsync("del1", """{"a":1}""")).Dispose();

        using var delete = await _api.SendJsonAsync(HttpMethod.Delete, "/del1/config", token: null);
        using var again = await _api.SendJsonAsync(HttpMethod.Delete, "/del1/config", token: null);
        using var get = await _api.Client.GetAsync("/del1/config");

        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.DoesNotContain(await _api.RowsAsync(t => t.SiteConfigurations), row => row.PartitionKey == "del1");
    }

    [Fact]
    public async Task All_config_lists_every_site_across_pages()
    {
        // Azure Table queries return at most 1000 entities per page, and so does /all/config: 1005 sites need two
        // answers, the second reached through the first's X-Next-Cursor.
        var store = _api.Services.GetRequiredService<SiteConfigStore>();
        await Parallel.ForEachAsync(Enumerable.Range(0, 1005), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
            await store.SaveAsync($"page{i:D4}", new JsonObject { ["index"] = i }, ct));

        var sites = new List<JsonProperty>();
        var answers = 0;
        for (var next = "/all/config"; next is not null; answers++)
        {
            using var response = await _api.Client.GetAsync(next);
            sites.AddRange((await response.AssertJsonAsync()).EnumerateObject());
            next = response.Headers.TryGetValues(ApiResults.NextCursorHeader, out var cursor)
                ? "/all/config?cursor=" + Uri.EscapeDataString(cursor.Single())
                : null;
        }

        Assert.True(await TablePageCountAsync() > 1, "The table must span more than one page for this test to mean anything.");
        Assert.Equal(2, answers);
        var pages = sites.Where(site => site.Name.StartsWith("page", StringComparison.Ordinal)).ToList();
        Assert.Equal(1005, pages.Count);
        Assert.All(pages, site => Assert.Equal(int.Parse(site.Name[4..], CultureInfo.InvariantCulture), site.Value.GetProperty("index").GetInt32()));
    }

    [Theory]
    [InlineData("[1,2]", "must be a JSON object")]
    [InlineData("\"text\"", "must be a JSON object")]
    [InlineData("{not json", "not valid JSON")]
    [InlineData("", "non-empty")]
    [InlineData("{}", "non-empty")]
    [InlineData("""{"n": 1e999}""", "too large")]
    public async Task A_bad_body_is_a_400_and_nothing_is_written(string body, string problem)
    {
        using var put = await PutAsync("bad1", body);

        Assert.Contains(problem, await put.AssertErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.DoesNotContain(await _api.RowsAsync(t => t.SiteConfigurations), row => row.PartitionKey == "bad1");
    }

    [Theory]
    [InlineData("/sa%23f/config")]
    [InlineData("/sa%3Ff/config")]
    [InlineData("/sa%5Cf/config")]
    [InlineData("/sa%2Ff/config")]
    [InlineData("/sa%20f/config")]
    [InlineData("/sa%0Af/config")]
    [InlineData("/-saf/config")]
    [InlineData("/s%C3%A5f/config")]
    public async Task Odd_characters_in_site_are_a_400_on_every_method_and_nothing_is_written(string path)
    {
        using var get = await _api.Client.GetAsync(path);
        using var put = await _api.SendJsonAsync(HttpMethod.Put, path, token: null, """{"a":1}""");
        using var delete = await _api.SendJsonAsync(HttpMethod.Delete, path, token: null);

        await get.AssertErrorAsync(HttpStatusCode.BadRequest);
        await put.AssertErrorAsync(HttpStatusCode.BadRequest);
        await delete.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.All(await _api.RowsAsync(t => t.SiteConfigurations), row => Assert.Matches("^[a-z0-9]+$", row.PartitionKey));
    }

    [Fact]
    public async Task A_site_code_longer_than_64_characters_is_a_400()
    {
        using var get = await _api.Client.GetAsync($"/{new string('s', 65)}/config");

        await get.AssertErrorAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_reserved_site_all_cannot_be_written_and_get_all_config_reaches_the_list()
    {
        using var put = await _api.SendJsonAsync(HttpMethod.Put, "/all/config", token: null, """{"a":1}""");
        using var delete = await _api.SendJsonAsync(HttpMethod.Delete, "/all/config", token: null);
        using var get = await _api.Client.GetAsync("/all/config");

        Assert.Contains("reserved", await put.AssertErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        await delete.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.Equal(JsonValueKind.Object, (await get.AssertJsonAsync()).ValueKind);
        Assert.DoesNotContain(await _api.RowsAsync(t => t.SiteConfigurations), row => row.PartitionKey == "all");
    }

    private async Task<int> TablePageCountAsync()
    {
        var names = _api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Tables;
        var table = _api.Services.GetRequiredService<TableServiceClient>().GetTableClient(names.SiteConfigurations);
        var pages = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["PartitionKey"]).AsPages())
        {
            pages++;
        }

        return pages;
    }

    private static async Task<JsonElement> ConfigurationAsync(HttpResponseMessage get) =>
        (await get.AssertJsonAsync()).GetProperty("configuration");

    private Task<HttpResponseMessage> PutAsync(string site, string body) =>
        _api.SendJsonAsync(HttpMethod.Put, $"/{site}/config", token: null, body);
}
