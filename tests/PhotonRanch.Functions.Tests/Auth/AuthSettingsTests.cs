using System.Net;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Auth;
using PhotonRanch.Functions.LocalHost;
using PhotonRanch.Functions.Tests.Images;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Auth;

/// <summary>
/// How the <c>Auth</c> settings are read: the certificate in each form the original's <c>public_key</c> took, a
/// half-configured section stopping the app at start-up, and no section at all switching protected endpoints to 503.
/// </summary>
public sealed class AuthSettingsTests
{
    [Fact]
    public void The_certificate_reads_from_multi_line_one_line_and_crlf_pem()
    {
        var pem = TestTokens.CertificatePem;
        var oneLine = pem.ReplaceLineEndings(" ").Trim();
        var crlf = pem.ReplaceLineEndings("\r\n");

        foreach (var form in new[] { pem, oneLine, crlf })
        {
            using var certificate = SigningCertificate.Parse(form);
            Assert.Equal(TestTokens.Certificate.Thumbprint, certificate.Thumbprint);
        }

        Assert.DoesNotContain('\n', oneLine);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-----BEGIN CERTIFICATE-----\nPUBLIC KEY - can be found in https://manage.auth0.com\n-----END CERTIFICATE-----")]
    [InlineData("-----BEGIN CERTIFICATE----- AAAA -----END CERTIFICATE-----")]
    [InlineData("-----END CERTIFICATE----- -----BEGIN CERTIFICATE-----")]
    public void Text_that_is_not_a_certificate_is_refused(string pem)
    {
        var failure = Record.Exception(() => SigningCertificate.Parse(pem).Dispose());

        Assert.True(failure is FormatException or CryptographicException, failure?.GetType().Name);
    }

    [Fact]
    public async Task A_one_line_certificate_setting_validates_tokens_over_http()
    {
        var api = new ApiFixture(new Dictionary<string, string?> { ["Auth:CertificatePem"] = TestTokens.CertificatePem.ReplaceLineEndings(" ") });
        await api.InitializeAsync();
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/dummy-requires-auth").WithBearer(TestTokens.Mint());

            using var response = await api.Client.SendAsync(request);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    [Fact]
    public async Task Without_an_issuer_setting_any_issuer_is_accepted_and_with_one_only_that_issuer()
    {
        var token = TestTokens.Mint(t => t.Issuer = "https://another-tenant.example/");
        var api = new ApiFixture(new Dictionary<string, string?> { ["Auth:Issuer"] = string.Empty });
        await api.InitializeAsync();
        try
        {
            await using var withIssuer = await AlternateApiHost.StartAsync(api, new Dictionary<string, string?>
            {
                ["Auth:ClientId"] = TestTokens.ClientId,
                ["Auth:Issuer"] = TestTokens.Issuer,
                ["Auth:CertificatePem"] = TestTokens.CertificatePem,
                ["LocalIngestion:Enabled"] = "false",
            });
            using var anyIssuerRequest = new HttpRequestMessage(HttpMethod.Post, "/dummy-requires-auth").WithBearer(token);
            using var oneIssuerRequest = new HttpRequestMessage(HttpMethod.Post, "/dummy-requires-auth").WithBearer(token);

            using var anyIssuer = await api.Client.SendAsync(anyIssuerRequest);
            using var oneIssuer = await withIssuer.Client.SendAsync(oneIssuerRequest);

            Assert.Equal(HttpStatusCode.OK, anyIssuer.StatusCode);
            Assert.Equal("The token was not issued by the accepted issuer.", await oneIssuer.AssertErrorAsync(HttpStatusCode.Unauthorized));
        }
        finally
        {
            await api.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("Auth:ClientId", "", "Auth:ClientId")]
    [InlineData("Auth:CertificatePem", "-----BEGIN CERTIFICATE----- not base64 -----END CERTIFICATE-----", "Auth:CertificatePem")]
    [InlineData("Auth:CertificatePem", "", "Auth:CertificatePem and Auth:JwksUri")]
    [InlineData("Auth:JwksUri", "https://photonranch.auth0.com/.well-known/jwks.json", "Auth:CertificatePem and Auth:JwksUri")]
    [InlineData("Auth:ClockSkew", "01:00:00", "Auth:ClockSkew")]
    public async Task A_half_configured_auth_section_stops_start_up_naming_the_setting(string key, string value, string named)
    {
        var failure = await StartFailureAsync(new Dictionary<string, string?>
        {
            ["Auth:ClientId"] = TestTokens.ClientId,
            ["Auth:CertificatePem"] = TestTokens.CertificatePem,
            [key] = value,
        });

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_http_jwks_address_off_loopback_stops_start_up()
    {
        var failure = await StartFailureAsync(new Dictionary<string, string?>
        {
            ["Auth:ClientId"] = TestTokens.ClientId,
            ["Auth:JwksUri"] = "http://photonranch.auth0.com/.well-known/jwks.json",
        });

        Assert.Contains("Auth:JwksUri", failure.Message, StringComparison.Ordinal);
    }

    private static async Task<OptionsValidationException> StartFailureAsync(Dictionary<string, string?> auth)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Postgres:ConnectionString"] = "Host=127.0.0.1;Port=1;Username=postgres;Database=photonranch",
        };
        foreach (var (key, value) in auth)
        {
            settings[key] = value;
        }

        await using var app = LocalApi.Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Configuration.AddInMemoryCollection(settings);
        });
        return await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
    }
}

/// <summary>
/// With the <c>Auth</c> settings empty (as in local.settings.example.json), the app starts and every protected
/// endpoint answers 503 and writes nothing.
/// </summary>
public sealed class AuthNotConfiguredTests : IAsyncLifetime
{
    private readonly ApiFixture _api = new(new Dictionary<string, string?>
    {
        ["Auth:ClientId"] = string.Empty,
        ["Auth:Issuer"] = string.Empty,
        ["Auth:CertificatePem"] = string.Empty,
        ["Auth:JwksUri"] = string.Empty,
    });

    public Task InitializeAsync() => _api.InitializeAsync();

    public Task DisposeAsync() => _api.DisposeAsync();

    [Theory]
    [InlineData("POST", "/dummy-requires-auth")]
    [InlineData("POST", "/nightlog/saf")]
    [InlineData("DELETE", "/nightlog/saf")]
    public async Task Protected_endpoints_answer_503_and_write_nothing(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent("""{"note_data": {"ttl_hours": 2}, "camera": "cam1"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.WithBearer(TestTokens.Mint());

        using var response = await _api.Client.SendAsync(request);

        Assert.Contains("not configured", await response.AssertErrorAsync(HttpStatusCode.ServiceUnavailable), StringComparison.Ordinal);
        Assert.Empty(await _api.RowsAsync(tables => tables.NightLog));
    }

    [Fact]
    public async Task Open_endpoints_keep_working()
    {
        using var response = await _api.Client.GetAsync("/all/config");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Config_writes_are_open_by_default_so_they_work_without_auth()
    {
        using var put = await _api.SendJsonAsync(HttpMethod.Put, "/noauth1/config", token: null, """{"a":1}""");
        using var delete = await _api.SendJsonAsync(HttpMethod.Delete, "/noauth1/config", token: null);

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
    }
}
