using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PhotonRanch.Functions.Auth;

namespace PhotonRanch.Functions.Tests.Infrastructure;

/// <summary>
/// Real RS256 tokens for the tests, signed by a key generated for this test run; its self-signed certificate is
/// what <see cref="ApiFixture"/> configures as <c>Auth:CertificatePem</c>. No network, no Auth0.
/// </summary>
internal static class TestTokens
{
    public const string ClientId = "photonranch-test-client";
    public const string Issuer = "https://photonranch.test.example/";
    public const string Subject = "auth0|test-user";

    public static RSA Key { get; } = RSA.Create(2048);

    public static X509Certificate2 Certificate { get; } = SelfSigned(Key);

    public static string CertificatePem { get; } = Certificate.ExportCertificatePem();

    /// <summary>A valid token for the test client, changed by <paramref name="adjust"/>, signed by <paramref name="key"/> (default <see cref="Key"/>).</summary>
    public static string Mint(Action<SecurityTokenDescriptor>? adjust = null, RSA? key = null, string? keyId = null, IReadOnlyList<string>? roles = null)
    {
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["sub"] = Subject };
        if (roles is not null)
        {
            claims[BearerAuthenticator.UserMetadataClaim] = new Dictionary<string, object> { ["roles"] = roles.ToArray() };
        }

        var descriptor = new SecurityTokenDescriptor
        {
            Audience = ClientId,
            Issuer = Issuer,
            IssuedAt = now,
            NotBefore = now.AddMinutes(-1),
            Expires = now.AddHours(1),
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? Key) { KeyId = keyId }, SecurityAlgorithms.RsaSha256),
        };
        adjust?.Invoke(descriptor);
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>A token with <c>alg: none</c> and no signature, otherwise valid.</summary>
    public static string Unsigned()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"JWT"}""");
        var payload = Base64UrlEncoder.Encode($$"""{"sub":"{{Subject}}","aud":"{{ClientId}}","iss":"{{Issuer}}","iat":{{now}},"nbf":{{now - 60}},"exp":{{now + 3600}}}""");
        return $"{header}.{payload}.";
    }

    /// <summary>
    /// The key-confusion attack: an HS256 token whose HMAC secret is the public certificate, which a validator that
    /// trusted the token's <c>alg</c> would check with the "key" it holds.
    /// </summary>
    public static string HmacSignedWithThePublicCertificate() =>
        Mint(descriptor => descriptor.SigningCredentials = new SigningCredentials(
            new SymmetricSecurityKey(Encoding.UTF8.GetBytes(CertificatePem)), SecurityAlgorithms.HmacSha256));

    public static HttpRequestMessage WithBearer(this HttpRequestMessage request, string token)
    {
        request.Headers.TryAddWithoutValidation("Authorization", $"Bearer {token}");
        return request;
    }

    private static X509Certificate2 SelfSigned(RSA key)
    {
        var request = new CertificateRequest("CN=photonranch-test-signing", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
    }
}
