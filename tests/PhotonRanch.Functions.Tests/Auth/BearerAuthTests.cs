using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Functions.Auth;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Auth;

/// <summary>
/// <c>POST /dummy-requires-auth</c> over real HTTP with real RS256 tokens: a valid token passes, and every kind of
/// bad token is a 401 JSON error with the CORS headers.
/// </summary>
public sealed class BearerAuthTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _api;

    public BearerAuthTests(ApiFixture api)
    {
        _api = api;
    }

    public static TheoryData<string, string> BadTokens() => new()
    {
        { "expired", TestTokens.Mint(t => (t.IssuedAt, t.NotBefore, t.Expires) = (DateTime.UtcNow.AddHours(-3), DateTime.UtcNow.AddHours(-3), DateTime.UtcNow.AddMinutes(-10))) },
        { "not yet valid", TestTokens.Mint(t => (t.NotBefore, t.Expires) = (DateTime.UtcNow.AddMinutes(30), DateTime.UtcNow.AddHours(2))) },
        { "wrong audience", TestTokens.Mint(t => t.Audience = "some-other-client") },
        { "wrong issuer", TestTokens.Mint(t => t.Issuer = "https://evil.example/") },
        { "signed by another key", TestTokens.Mint(key: RSA.Create(2048)) },
        { "alg none", TestTokens.Unsigned() },
        { "HS256 with the public certificate as secret", TestTokens.HmacSignedWithThePublicCertificate() },
        { "tampered payload", Tampered(TestTokens.Mint()) },
        { "not a JWT", "not-a-jwt" },
        { "three empty parts", ".." },
    };

    [Fact]
    public async Task A_valid_token_is_accepted()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dummy-requires-auth").WithBearer(TestTokens.Mint());

        using var response = await _api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("\"successful authorization\"", await response.Content.ReadAsStringAsync());
        HttpResponseAssertions.AssertCors(response);
    }

    [Fact]
    public async Task A_valid_token_with_a_lower_case_scheme_is_accepted_as_the_original_did()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dummy-requires-auth");
        request.Headers.TryAddWithoutValidation("Authorization", "bearer " + TestTokens.Mint());

        using var response = await _api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_a_401_json_error(string kind, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dummy-requires-auth").WithBearer(token);

        using var response = await _api.Client.SendAsync(request);

        var error = await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.False(string.IsNullOrWhiteSpace(error), kind);
        Assert.DoesNotContain(token, error, StringComparison.Ordinal);
        Assert.Equal("Bearer error=\"invalid_token\"", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    [Fact]
    public async Task An_expired_token_says_so()
    {
        var token = TestTokens.Mint(t => (t.IssuedAt, t.NotBefore, t.Expires) = (DateTime.UtcNow.AddHours(-3), DateTime.UtcNow.AddHours(-3), DateTime.UtcNow.AddMinutes(-10)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dummy-requires-auth").WithBearer(token);

        using var response = await _api.Client.SendAsync(request);

        Assert.Equal("The token has expired.", await response.AssertErrorAsync(HttpStatusCode.Unauthorized));
    }

    [Fact]
    public async Task A_token_expired_within_the_clock_skew_is_still_accepted()
    {
        var token = TestTokens.Mint(t => (t.IssuedAt, t.NotBefore, t.Expires) = (DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddHours(-1), DateTime.UtcNow.AddSeconds(-20)));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dummy-requires-auth").WithBearer(token);

        using var response = await _api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Bearer")]
    [InlineData("Bearer ")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Token abc.def.ghi")]
    public async Task A_missing_or_non_bearer_authorization_header_is_a_401(string? header)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/dummy-requires-auth");
        if (header is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", header);
        }

        using var response = await _api.Client.SendAsync(request);

        await response.AssertErrorAsync(HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).ToString());
    }

    [Fact]
    public async Task Roles_come_from_the_user_metadata_claim()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/__probe/caller")
            .WithBearer(TestTokens.Mint(roles: ["admin", "observer"]));

        using var response = await _api.Client.SendAsync(request);
        var caller = await response.AssertJsonAsync();

        Assert.Equal(TestTokens.Subject, caller.GetProperty("subject").GetString());
        Assert.Equal(["admin", "observer"], caller.GetProperty("roles").EnumerateArray().Select(role => role.GetString()));
    }

    [Fact]
    public async Task A_token_without_user_metadata_has_no_roles()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/__probe/caller").WithBearer(TestTokens.Mint());

        using var response = await _api.Client.SendAsync(request);
        var caller = await response.AssertJsonAsync();

        Assert.Empty(caller.GetProperty("roles").EnumerateArray());
    }

    private static string Tampered(string token)
    {
        var parts = token.Split('.');
        var payload = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]).Replace(TestTokens.Subject, "auth0|someone-else", StringComparison.Ordinal);
        return $"{parts[0]}.{Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(payload)}.{parts[2]}";
    }
}

/// <summary>A test-only function that shows what <see cref="BearerAuthenticator"/> hands to a function.</summary>
internal sealed class CallerProbeFunctions
{
    private readonly BearerAuthenticator _authenticator;

    public CallerProbeFunctions(BearerAuthenticator authenticator)
    {
        _authenticator = authenticator;
    }

    [Function("ProbeCaller")]
    public async Task<IActionResult> Caller(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "__probe/caller")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResults.Json(await _authenticator.AuthenticateAsync(request, cancellationToken));
}
