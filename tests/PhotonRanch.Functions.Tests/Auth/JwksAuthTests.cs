using System.Net;
using System.Security.Cryptography;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Auth;

/// <summary>
/// Signing keys from a JWKS address (Auth0's <c>/.well-known/jwks.json</c>) or OpenID metadata that names one,
/// served by a local <see cref="JwksServer"/>: tokens signed by a published key pass, others do not, and the keys
/// are fetched once and cached.
/// </summary>
public sealed class JwksAuthTests
{
    private const string KeyId = "test-key-1";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Tokens_signed_by_a_published_key_pass_and_the_keys_are_fetched_once(bool viaOpenIdMetadata)
    {
        await using var jwks = await JwksServer.StartAsync((TestTokens.Key, KeyId));
        var api = await StartApiAsync(viaOpenIdMetadata ? jwks.MetadataUri : jwks.JwksUri);
        try
        {
            for (var i = 0; i < 3; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "/dummy-requires-auth").WithBearer(TestTokens.Mint(keyId: KeyId));
                using var response = await api.Client.SendAsync(request);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }

            Assert.Equal(1, jwks.JwksRequests);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_token_signed_by_a_key_the_jwks_does_not_publish_is_a_401()
    {
        await using var jwks = await JwksServer.StartAsync((TestTokens.Key, KeyId));
        var api = await StartApiAsync(jwks.JwksUri);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/dummy-requires-auth")
                .WithBearer(TestTokens.Mint(key: RSA.Create(2048), keyId: "unknown-key"));

            using var response = await api.Client.SendAsync(request);

            Assert.Equal("The token's signature is not valid.", await response.AssertErrorAsync(HttpStatusCode.Unauthorized));
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    [Fact]
    public async Task An_unreachable_jwks_address_is_a_503_not_a_pass()
    {
        Uri unreachable;
        await using (var jwks = await JwksServer.StartAsync((TestTokens.Key, KeyId)))
        {
            unreachable = jwks.JwksUri;
        }

        var api = await StartApiAsync(unreachable);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/dummy-requires-auth").WithBearer(TestTokens.Mint(keyId: KeyId));

            using var response = await api.Client.SendAsync(request);

            await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    private static async Task<ApiFixture> StartApiAsync(Uri jwksUri)
    {
        var api = new ApiFixture(new Dictionary<string, string?>
        {
            ["Auth:CertificatePem"] = string.Empty,
            ["Auth:JwksUri"] = jwksUri.AbsoluteUri,
        });
        await api.InitializeAsync();
        return api;
    }
}
