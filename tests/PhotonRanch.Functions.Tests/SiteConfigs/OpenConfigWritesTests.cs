using System.Net;
using System.Text;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.SiteConfigs;

/// <summary>With <c>Auth:ProtectConfigWrites=false</c>, config writes are open to anyone, as in the original.</summary>
public sealed class OpenConfigWritesTests : IAsyncLifetime
{
    private readonly ApiFixture _api = new(new Dictionary<string, string?> { ["Auth:ProtectConfigWrites"] = "false" });

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Fact]
    public async Task Put_and_delete_work_without_a_token()
    {
        using var put = await _api.Client.PutAsync("/open1/config", new StringContent("""{"a":1}""", Encoding.UTF8, "application/json"));
        using var get = await _api.Client.GetAsync("/open1/config");
        using var delete = await _api.Client.DeleteAsync("/open1/config");

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("""{"a":1}""", (await get.AssertJsonAsync()).GetRawText());
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Empty(await _api.RowsAsync(t => t.SiteConfigurations));
    }

    [Fact]
    public async Task Night_log_writes_still_need_a_token()
    {
        using var post = await _api.Client.PostAsync("/nightlog/open1", new StringContent("""{"note_data":{"ttl_hours":1}}""", Encoding.UTF8, "application/json"));

        await post.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Empty(await _api.RowsAsync(t => t.NightLog));
    }
}
