using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.LocalHost;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Auth;

/// <summary>
/// The local run's authentication (scripts/run.sh, scripts/token.sh): the API started with the settings the local
/// host's <c>auth-settings</c> command prints accepts the tokens its <c>token</c> command mints, and refuses requests
/// without one, as production does with Auth0's.
/// </summary>
public sealed class LocalAuthTests : IAsyncLifetime, IDisposable
{
    private readonly string _keyDirectory = Path.Combine(Path.GetTempPath(), "photonranch-local-auth-" + Guid.NewGuid().ToString("N"));
    private readonly ApiFixture _api;

    public LocalAuthTests()
    {
        // As scripts/run.sh does: NAME=value lines, exported as environment variables (where __ means ':').
        var settings = Command("auth-settings", "--key-dir", _keyDirectory).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0].Replace("__", ":", StringComparison.Ordinal), pair => (string?)pair[1]);
        Assert.Equal(["Auth:ClientId", "Auth:Issuer", "Auth:CertificatePem"], settings.Keys);
        _api = new ApiFixture(settings);
    }

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    public void Dispose() => Directory.Delete(_keyDirectory, recursive: true);

    [Fact]
    public async Task A_minted_token_is_accepted_on_the_protected_routes()
    {
        var token = Command("token", "--key-dir", _keyDirectory);

        using var dummy = await _api.SendJsonAsync(HttpMethod.Post, "/dummy-requires-auth", token);
        using var note = await _api.SendJsonAsync(HttpMethod.Post, "/nightlog/loc1", token, """{"note_data": {"note": "clouds", "ttl_hours": 1}}""");
        using var read = await _api.Client.GetAsync("/nightlog/loc1");
        using var delete = await _api.SendJsonAsync(HttpMethod.Delete, "/nightlog/loc1", token);

        Assert.Equal("\"successful authorization\"", await dummy.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, note.StatusCode);
        Assert.Equal("clouds", (await read.AssertJsonAsync()).GetProperty("note_data").GetProperty("note").GetString());
        Assert.True(delete.IsSuccessStatusCode, $"DELETE answered {(int)delete.StatusCode}");
    }

    [Fact]
    public async Task Roles_and_lifetime_reach_the_token()
    {
        var token = Command("token", "--key-dir", _keyDirectory, "--role", "admin", "--role", "observer", "--lifetime", "90s");

        using var response = await _api.SendJsonAsync(HttpMethod.Post, "/__probe/caller", token);
        var caller = await response.AssertJsonAsync();
        var lifetime = new Microsoft.IdentityModel.JsonWebTokens.JsonWebToken(token);

        Assert.Equal(LocalSigningKey.Subject, caller.GetProperty("subject").GetString());
        Assert.Equal(["admin", "observer"], caller.GetProperty("roles").EnumerateArray().Select(role => role.GetString()));
        Assert.Equal(TimeSpan.FromSeconds(90), lifetime.ValidTo - lifetime.ValidFrom);
    }

    [Fact]
    public async Task Missing_or_foreign_tokens_are_a_401_and_write_nothing()
    {
        var otherDirectory = _keyDirectory + "-other";
        var otherKeysToken = Command("token", "--key-dir", otherDirectory);
        Directory.Delete(otherDirectory, recursive: true);

        foreach (var token in new[] { null, otherKeysToken, TestTokens.Mint(), "not-a-token" })
        {
            using var note = await _api.SendJsonAsync(HttpMethod.Post, "/nightlog/loc2", token, """{"note_data": {"ttl_hours": 1}}""");
            using var dummy = await _api.SendJsonAsync(HttpMethod.Post, "/dummy-requires-auth", token);

            await note.AssertErrorAsync(HttpStatusCode.Unauthorized);
            await dummy.AssertErrorAsync(HttpStatusCode.Unauthorized);
        }

        Assert.Empty(await _api.RowsAsync(tables => tables.NightLog));
    }

    [Fact]
    public void The_key_is_generated_once_and_reused()
    {
        var again = Command("auth-settings", "--key-dir", _keyDirectory);

        Assert.Contains($"Auth__CertificatePem={_api.Services.GetRequiredService<IOptions<Functions.Auth.AuthOptions>>().Value.CertificatePem}", again, StringComparison.Ordinal);
        Assert.Equal(["signing-certificate.pem", "signing-key.pem"], Directory.GetFiles(_keyDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("token", "--lifetime", "0s")]
    [InlineData("token", "--lifetime", "soon")]
    [InlineData("token", "--colour", "red")]
    [InlineData("token", "--role")]
    [InlineData("auth-settings", "--role", "admin")]
    public void Bad_arguments_print_the_usage_and_no_token(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exitCode = LocalAuthCommand.Run([.. args, "--key-dir", _keyDirectory + "-unused"], output, error);

        Assert.Equal(2, exitCode);
        Assert.Empty(output.ToString());
        Assert.Contains("usage:", error.ToString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(_keyDirectory + "-unused"));
    }

    private static string Command(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, LocalAuthCommand.Run(args, output, error));
        return output.ToString().Trim();
    }
}
