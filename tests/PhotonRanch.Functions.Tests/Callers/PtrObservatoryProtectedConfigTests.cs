using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Callers;

/// <summary>
/// What a site computer meets when a deployment opts in to <c>Auth:ProtectConfigWrites</c> (docs/migration-from-aws.md):
/// its token-less config upload is refused, and the answer makes it warn and run on rather than exit.
/// </summary>
public sealed class PtrObservatoryProtectedConfigTests : IAsyncLifetime, IDisposable
{
    private readonly ApiFixture _api = new(new Dictionary<string, string?> { ["Auth:ProtectConfigWrites"] = "true" });
    private readonly HttpClient _requests = new();

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    public void Dispose() => _requests.Dispose();

    [Fact]
    public async Task Obs_update_config_without_a_token_is_refused_and_read_as_unclear_not_as_missing_authentication()
    {
        // ptr-observatory obs.py:884-919 (update_config): PUT {base}/{obs_id}/config/, data=json.dumps(config), no token.
        var url = _api.Client.BaseAddress!.ToString().TrimEnd('/') + "/aro1/config/";
        using var request = PtrObservatoryCallsTests.PythonRequest(HttpMethod.Put, url, """{"obs_id": "aro1", "events": {"day_directory": "20250711"}}""");
        using var response = await _requests.SendAsync(request);
        var answer = await PtrObservatoryCallsTests.JsonAsync(response);

        // obs.py:902-906 would sys.exit() on {"message": "Missing Authentication Token"}; obs.py:917-919 logs
        // "Response to obsid config upload unclear" for an answer with neither field and carries on.
        Assert.False(answer.TryGetProperty("message", out _), answer.GetRawText());
        Assert.False(answer.TryGetProperty("ResponseMetadata", out _), answer.GetRawText());
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(await _api.RowsAsync(tables => tables.SiteConfigurations));
    }
}
