using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using System.Web;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Storage;

/// <summary>
/// With a managed identity the app reaches storage with a token, so it cannot sign with an account key: it asks storage
/// for a user-delegation key and signs with that. Azurite in OAuth mode (HTTPS; tokens checked for issuer, audience and
/// lifetime) plays the identity's storage account and hands out the keys. Azurite 3.35 (the newest that runs on this
/// Node) checks delegation signatures only up to service version 2025-11-05, while Azure.Storage.Blobs 12.30 signs with
/// 2026-10-06 (two more string-to-sign fields), so these tests check the URLs' fields, not a download through them;
/// account-key URLs are downloaded through in <see cref="BlobSasIssuerTests"/>.
/// </summary>
public sealed class BlobSasIssuerUserDelegationTests : IAsyncLifetime, IDisposable
{
    private const string ObjectId = "6c1f7a3e-2b7d-4f63-9d0e-5a8c4b2e1f90";
    private const string TenantId = "0b7d4c4e-1f3a-4c55-9b6e-2f1d8a9c3e71";
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly HttpClient _outside;
    private readonly BlobServiceClient _service;
    private readonly string _container = $"delegation-{Guid.NewGuid():N}";

    public BlobSasIssuerUserDelegationTests()
    {
        var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(TestEnvironment.OAuthBlobCertificate));
        var trustOnlyAzurite = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, presented, _, _) =>
                presented is not null && presented.GetCertHashString() == certificate.GetCertHashString(),
        };
        _outside = new HttpClient(trustOnlyAzurite);
        _service = new BlobServiceClient(
            TestEnvironment.OAuthBlobEndpoint,
            new AzuriteOAuthCredential(),
            new BlobClientOptions { Transport = new HttpClientTransport(_outside) });
    }

    public async Task InitializeAsync() => await _service.GetBlobContainerClient(_container).CreateAsync();

    public async Task DisposeAsync() => await _service.GetBlobContainerClient(_container).DeleteIfExistsAsync();

    public void Dispose() => _outside.Dispose();

    [Fact]
    public async Task Urls_are_signed_with_the_identitys_delegation_key_for_one_blob_and_least_permission()
    {
        var now = DateTimeOffset.UtcNow;
        var issuer = Issuer(new SettableClock(now));

        var write = await issuer.WriteUriAsync("data/delegated.bin", TimeSpan.FromMinutes(5));
        var read = await issuer.ReadUriAsync("data/delegated.bin", TimeSpan.FromDays(5), "night-02.bin");

        foreach (var (url, permissions, lifetime) in new[] { (write, "cw", TimeSpan.FromMinutes(5)), (read, "r", TimeSpan.FromDays(5)) })
        {
            var query = Query(url);
            Assert.Equal($"/devstoreaccount1/{_container}/data/delegated.bin", url.AbsolutePath);
            Assert.Equal((ObjectId, TenantId, "b", "b"), (query["skoid"], query["sktid"], query["sks"], query["sr"]));
            Assert.Equal(permissions, query["sp"]);
            Assert.Equal(Seconds(now - ClockSkew), Time(query["st"]));
            Assert.Equal(Seconds(now + lifetime), Time(query["se"]));
            Assert.False(string.IsNullOrEmpty(query["sig"]));
        }

        Assert.Equal("attachment; filename=\"night-02.bin\"", Query(read)["rscd"]);
    }

    [Fact]
    public async Task One_key_asked_for_7_days_less_the_clock_skew_signs_the_longest_urls_until_they_would_outlive_it()
    {
        var start = DateTimeOffset.UtcNow;
        var clock = new SettableClock(start);
        var issuer = Issuer(clock);

        var first = Query(await issuer.ReadUriAsync("data/a.jpg", BlobSasIssuer.MaxLifetime));
        clock.Now = start.AddMinutes(54);
        var second = Query(await issuer.ReadUriAsync("data/b.jpg", BlobSasIssuer.MaxLifetime));
        clock.Now = start.AddMinutes(56);
        var third = Query(await issuer.ReadUriAsync("data/c.jpg", BlobSasIssuer.MaxLifetime));

        Assert.Equal(TimeSpan.FromDays(7) - TimeSpan.FromHours(1), BlobSasIssuer.MaxLifetime);
        Assert.Equal(Seconds(start - ClockSkew), Time(first["skt"]));
        Assert.Equal(Seconds(start + TimeSpan.FromDays(7) - ClockSkew), Time(first["ske"]));
        Assert.Equal((first["skt"], first["ske"]), (second["skt"], second["ske"]));
        Assert.Equal(Seconds(start.AddMinutes(56) - ClockSkew), Time(third["skt"]));
        foreach (var query in new[] { first, second, third })
        {
            Assert.True(Time(query["se"]) <= Time(query["ske"]), $"The SAS outlives its key: se={query["se"]} ske={query["ske"]}");
        }
    }

    private BlobSasIssuer Issuer(TimeProvider clock) =>
        new(_service, Options.Create(new StorageOptions { ContainerName = _container }), clock);

    private static System.Collections.Specialized.NameValueCollection Query(Uri url) => HttpUtility.ParseQueryString(url.Query);

    private static DateTimeOffset Time(string? value) =>
        DateTimeOffset.Parse(value!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    // SAS and key times are written to the second.
    private static DateTimeOffset Seconds(DateTimeOffset time) => time.AddTicks(-(time.Ticks % TimeSpan.TicksPerSecond));

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    // Azurite's basic OAuth level reads the token's issuer, audience and lifetime but not its signature, so a token
    // shaped like Microsoft Entra ID's is enough; its oid becomes the delegation key's signed object id.
    private sealed class AzuriteOAuthCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) => Token();

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(Token());

        private static AccessToken Token()
        {
            var now = DateTimeOffset.UtcNow;
            var header = new { alg = "RS256", typ = "JWT" };
            var claims = new
            {
                aud = "https://storage.azure.com",
                iss = $"https://sts.windows.net/{TenantId}/",
                iat = (now - ClockSkew).ToUnixTimeSeconds(),
                nbf = (now - ClockSkew).ToUnixTimeSeconds(),
                exp = now.AddHours(1).ToUnixTimeSeconds(),
                oid = ObjectId,
                tid = TenantId,
            };
            var token = $"{Encode(header)}.{Encode(claims)}.{Base64Url.EncodeToString("unsigned"u8)}";
            return new AccessToken(token, now.AddHours(1));
        }

        private static string Encode(object value) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(value)));
    }
}
