using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PhotonRanch.Functions.NightLog;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.NightLog;

/// <summary><c>GET|POST|DELETE /nightlog/{site}</c> over real HTTP against Azurite, with real bearer tokens.</summary>
public sealed class NightLogTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _api;

    public NightLogTests(ApiFixture api)
    {
        _api = api;
    }

    [Fact]
    public async Task A_posted_note_is_returned_with_its_timestamps()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

        using var post = await PostAsync("nl1", """{"note_data": {"note": "Dome stuck at 90°", "author": "wmd", "ttl_hours": 12, "weight": 1.50}}""");
        using var get = await _api.Client.GetAsync("/nightlog/nl1");

        var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.Equal(HttpStatusCode.OK, post.StatusCode);
        Assert.Equal("\"Note created successfully\"", await post.Content.ReadAsStringAsync());
        var note = await get.AssertJsonAsync();
        Assert.Equal(["site", "created_timestamp", "ttl_timestamp_seconds", "note_data"], note.EnumerateObject().Select(p => p.Name));
        Assert.Equal("nl1", note.GetProperty("site").GetString());
        var created = note.GetProperty("created_timestamp").GetInt64();
        Assert.InRange(created, before, after);
        Assert.Equal(created + (12 * 3600), note.GetProperty("ttl_timestamp_seconds").GetInt64());
        Assert.Equal("""{"note":"Dome stuck at 90°","author":"wmd","ttl_hours":12,"weight":1.5}""", note.GetProperty("note_data").GetRawText());
    }

    [Fact]
    public async Task Ttl_hours_may_be_a_numeric_string_or_a_fraction()
    {
        using var text = await PostAsync("nl2", """{"note_data": {"ttl_hours": "2"}}""");
        using var fraction = await PostAsync("nl3", """{"note_data": {"ttl_hours": 0.5}}""");
        var asText = await (await _api.Client.GetAsync("/nightlog/nl2")).AssertJsonAsync();
        var asFraction = await (await _api.Client.GetAsync("/nightlog/nl3")).AssertJsonAsync();

        Assert.Equal(HttpStatusCode.OK, text.StatusCode);
        Assert.Equal(HttpStatusCode.OK, fraction.StatusCode);
        Assert.Equal(2 * 3600, asText.GetProperty("ttl_timestamp_seconds").GetInt64() - asText.GetProperty("created_timestamp").GetInt64());
        Assert.Equal(1800, asFraction.GetProperty("ttl_timestamp_seconds").GetInt64() - asFraction.GetProperty("created_timestamp").GetInt64());
    }

    [Fact]
    public async Task A_new_note_replaces_the_old_one()
    {
        (await PostAsync("nl4", """{"note_data": {"note": "first", "ttl_hours": 1}}""")).Dispose();
        (await PostAsync("nl4", """{"note_data": {"note": "second", "ttl_hours": 1}}""")).Dispose();

        var note = await (await _api.Client.GetAsync("/nightlog/nl4")).AssertJsonAsync();

        Assert.Equal("second", note.GetProperty("note_data").GetProperty("note").GetString());
        Assert.Single(await _api.RowsAsync(t => t.NightLog), row => row.PartitionKey == "nl4");
    }

    [Fact]
    public async Task No_note_is_a_204_without_a_body()
    {
        using var get = await _api.Client.GetAsync("/nightlog/nonote");

        Assert.Equal(HttpStatusCode.NoContent, get.StatusCode);
        Assert.Empty(await get.Content.ReadAsByteArrayAsync());
        HttpResponseAssertions.AssertCors(get);
    }

    [Fact]
    public async Task An_expired_note_is_not_returned_and_is_deleted()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var store = _api.Services.GetRequiredService<NightLogStore>();
        await store.SaveAsync(new NightLogNote("old1", now - 7200, now - 1, new JsonObject { ["note"] = "stale" }), CancellationToken.None);
        await store.SaveAsync(new NightLogNote("live1", now - 7200, now + 3600, new JsonObject { ["note"] = "fresh" }), CancellationToken.None);

        using var expired = await _api.Client.GetAsync("/nightlog/old1");
        using var live = await _api.Client.GetAsync("/nightlog/live1");

        Assert.Equal(HttpStatusCode.NoContent, expired.StatusCode);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        var rows = await _api.RowsAsync(t => t.NightLog);
        Assert.DoesNotContain(rows, row => row.PartitionKey == "old1");
        Assert.Contains(rows, row => row.PartitionKey == "live1");
    }

    [Fact]
    public async Task Delete_removes_the_note_and_is_a_204_also_when_there_is_none()
    {
        (await PostAsync("nl5", """{"note_data": {"ttl_hours": 1}}""")).Dispose();

        using var delete = await _api.SendJsonAsync(HttpMethod.Delete, "/nightlog/nl5", TestTokens.Mint());
        using var again = await _api.SendJsonAsync(HttpMethod.Delete, "/nightlog/nl5", TestTokens.Mint());
        using var get = await _api.Client.GetAsync("/nightlog/nl5");

        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, get.StatusCode);
        Assert.DoesNotContain(await _api.RowsAsync(t => t.NightLog), row => row.PartitionKey == "nl5");
    }

    [Theory]
    [InlineData("", "note_data")]
    [InlineData("{}", "note_data")]
    [InlineData("""{"note_data": "just text"}""", "note_data")]
    [InlineData("""{"note_data": ["a"]}""", "note_data")]
    [InlineData("""{"note_data": null}""", "note_data")]
    [InlineData("""{"note_data": {}}""", "ttl_hours")]
    [InlineData("""{"note_data": {"ttl_hours": 0}}""", "ttl_hours")]
    [InlineData("""{"note_data": {"ttl_hours": -3}}""", "ttl_hours")]
    [InlineData("""{"note_data": {"ttl_hours": "soon"}}""", "ttl_hours")]
    [InlineData("""{"note_data": {"ttl_hours": ""}}""", "ttl_hours")]
    [InlineData("""{"note_data": {"ttl_hours": true}}""", "ttl_hours")]
    [InlineData("""{"note_data": {"ttl_hours": null}}""", "ttl_hours")]
    [InlineData("""{"note_data": {"ttl_hours": [1]}}""", "ttl_hours")]
    [InlineData("""{"note_data": {"ttl_hours": 1e300}}""", "ttl_hours")]
    [InlineData("""{"note_data": {"ttl_hours": "NaN"}}""", "ttl_hours")]
    [InlineData("""{"note_data": {"ttl_hours": "Infinity"}}""", "ttl_hours")]
    [InlineData("{\"note_data\": ", "not valid JSON")]
    public async Task A_bad_body_is_a_400_and_nothing_is_written(string body, string named)
    {
        using var post = await PostAsync("bad1", body);

        Assert.Contains(named, await post.AssertErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.DoesNotContain(await _api.RowsAsync(t => t.NightLog), row => row.PartitionKey == "bad1");
    }

    [Fact]
    public async Task A_huge_body_is_a_413_and_nothing_is_written()
    {
        var body = "{\"note_data\":{\"ttl_hours\":1,\"note\":\"" + new string('n', 2 * 1024 * 1024) + "\"}}";

        using var post = await PostAsync("huge1", body);

        await post.AssertErrorAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.DoesNotContain(await _api.RowsAsync(t => t.NightLog), row => row.PartitionKey == "huge1");
    }

    [Theory]
    [InlineData("/nightlog/sa%23f")]
    [InlineData("/nightlog/sa%3Ff")]
    [InlineData("/nightlog/sa%5Cf")]
    [InlineData("/nightlog/sa%2Ff")]
    [InlineData("/nightlog/sa%01f")]
    [InlineData("/nightlog/.saf")]
    public async Task Odd_characters_in_site_are_a_400_on_every_method_and_nothing_is_written(string path)
    {
        using var get = await _api.Client.GetAsync(path);
        using var post = await _api.SendJsonAsync(HttpMethod.Post, path, TestTokens.Mint(), """{"note_data": {"ttl_hours": 1}}""");
        using var delete = await _api.SendJsonAsync(HttpMethod.Delete, path, TestTokens.Mint());

        await get.AssertErrorAsync(HttpStatusCode.BadRequest);
        await post.AssertErrorAsync(HttpStatusCode.BadRequest);
        await delete.AssertErrorAsync(HttpStatusCode.BadRequest);
        Assert.All(await _api.RowsAsync(t => t.NightLog), row => Assert.Matches("^[a-z0-9]+$", row.PartitionKey));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("signed by another key")]
    [InlineData("alg none")]
    public async Task Writes_without_a_valid_token_are_a_401_and_change_nothing(string? tokenKind)
    {
        (await PostAsync("auth1", """{"note_data": {"note": "keep me", "ttl_hours": 1}}""")).Dispose();
        var token = tokenKind switch
        {
            "signed by another key" => TestTokens.Mint(key: System.Security.Cryptography.RSA.Create(2048)),
            "alg none" => TestTokens.Unsigned(),
            _ => null,
        };

        using var post = await _api.SendJsonAsync(HttpMethod.Post, "/nightlog/auth1", token, """{"note_data": {"note": "overwrite", "ttl_hours": 1}}""");
        using var postNew = await _api.SendJsonAsync(HttpMethod.Post, "/nightlog/auth2", token, """{"note_data": {"note": "new", "ttl_hours": 1}}""");
        using var delete = await _api.SendJsonAsync(HttpMethod.Delete, "/nightlog/auth1", token);

        await post.AssertErrorAsync(HttpStatusCode.Unauthorized);
        await postNew.AssertErrorAsync(HttpStatusCode.Unauthorized);
        await delete.AssertErrorAsync(HttpStatusCode.Unauthorized);
        var note = await (await _api.Client.GetAsync("/nightlog/auth1")).AssertJsonAsync();
        Assert.Equal("keep me", note.GetProperty("note_data").GetProperty("note").GetString());
        Assert.DoesNotContain(await _api.RowsAsync(t => t.NightLog), row => row.PartitionKey == "auth2");
    }

    private Task<HttpResponseMessage> PostAsync(string site, string body) =>
        _api.SendJsonAsync(HttpMethod.Post, $"/nightlog/{site}", TestTokens.Mint(), body);
}
