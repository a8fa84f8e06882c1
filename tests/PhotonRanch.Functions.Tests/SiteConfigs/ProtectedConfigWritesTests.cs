using System.Net;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.SiteConfigs;

/// <summary>With the opt-in <c>Auth:ProtectConfigWrites=true</c>, config writes need a valid bearer token; reads stay open.</summary>
public sealed class ProtectedConfigWritesTests : IAsyncLifetime
{
    private readonly ApiFixture _api = new(new Dictionary<string, string?> { ["Auth:ProtectConfigWrites"] = "true" });

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Put_and_delete_work_with_a_valid_token()
    {
        using var put = await _api.SendJsonAsync(HttpMethod.Put, "/prot1/config", TestTokens.Mint(), """{"a":1}""");
        using var get = await _api.Client.GetAsync("/prot1/config");
        using var delete = await _api.SendJsonAsync(HttpMethod.Delete, "/prot1/config", TestTokens.Mint());

        Assert.Equal(200, (await put.AssertJsonAsync()).GetProperty("ResponseMetadata").GetProperty("HTTPStatusCode").GetInt32());
        Assert.Equal("""{"a":1}""", (await get.AssertJsonAsync()).GetProperty("configuration").GetRawText());
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Empty(await _api.RowsAsync(t => t.SiteConfigurations));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("expired")]
    [InlineData("wrong-audience")]
    public async Task Writes_without_a_valid_token_are_a_401_and_change_nothing(string? tokenKind)
    {
        (await _api.SendJsonAsync(HttpMethod.Put, "/auth1/config", TestTokens.Mint(), """{"version":1}""")).Dispose();
        var token = tokenKind switch
        {
            "expired" => TestTokens.Mint(t => (t.IssuedAt, t.NotBefore, t.Expires) = (DateTime.UtcNow.AddHours(-3), DateTime.UtcNow.AddHours(-3), DateTime.UtcNow.AddMinutes(-10))),
            "wrong-audience" => TestTokens.Mint(t => t.Audience = "another-client"),
            _ => null,
        };

        using var put = await _api.SendJsonAsync(HttpMethod.Put, "/auth1/config", token, """{"version":2}""");
        using var delete = await _api.SendJsonAsync(HttpMethod.Delete, "/auth1/config", token);
        using var get = await _api.Client.GetAsync("/auth1/config");

        await put.AssertErrorAsync(HttpStatusCode.Unauthorized);
        await delete.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("""{"version":1}""", (await get.AssertJsonAsync()).GetProperty("configuration").GetRawText());
    }
}
