using System.Globalization;
using System.Web;
using Azure;
using Azure.Core;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.Tests.Storage;

/// <summary>
/// With a managed identity the issuer signs user-delegation SAS URLs: the key it asks storage for, and how long one
/// key serves. Storage is replaced by a client that records the key requests (Azurite has no managed identity).
/// </summary>
public sealed class BlobSasIssuerDelegationKeyTests
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    [Fact]
    public void The_longest_url_lifetime_is_7_days_less_one_hour()
    {
        Assert.Equal(TimeSpan.FromDays(7) - TimeSpan.FromHours(1), BlobSasIssuer.MaxLifetime);
    }

    [Fact]
    public async Task The_key_is_asked_for_7_days_less_the_clock_skew_and_signs_the_longest_urls_for_55_minutes()
    {
        var clock = new SettableClock(Start);
        var service = new KeyRecordingBlobService();
        var issuer = new BlobSasIssuer(service, Options.Create(new StorageOptions { ContainerName = "photonranch-001" }), clock);

        var first = await issuer.ReadUriAsync("data/a.jpg", BlobSasIssuer.MaxLifetime);
        clock.Now = Start.AddMinutes(55);
        var second = await issuer.ReadUriAsync("data/b.jpg", BlobSasIssuer.MaxLifetime);
        clock.Now = Start.AddMinutes(56);
        var third = await issuer.ReadUriAsync("data/c.jpg", BlobSasIssuer.MaxLifetime);

        var renewed = Start.AddMinutes(56);
        Assert.Equal(
            [(Start - ClockSkew, Start + TimeSpan.FromDays(7) - ClockSkew), (renewed - ClockSkew, renewed + TimeSpan.FromDays(7) - ClockSkew)],
            service.Requests);
        foreach (var url in new[] { first, second, third })
        {
            var query = HttpUtility.ParseQueryString(url.Query);
            Assert.True(Time(query["se"]) <= Time(query["ske"]), $"The SAS outlives its key: {url.Query}");
        }

        Assert.Equal(Start + BlobSasIssuer.MaxLifetime, Time(HttpUtility.ParseQueryString(first.Query)["se"]));
    }

    private static DateTimeOffset Time(string? value) =>
        DateTimeOffset.Parse(value!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }

    // A Blob service reached with a token, so its blobs cannot sign with an account key and the issuer must ask for a
    // user-delegation key; the requests are recorded and answered locally.
    private sealed class KeyRecordingBlobService() : BlobServiceClient(new Uri("https://account.blob.core.windows.net"), new UnusedCredential())
    {
        public List<(DateTimeOffset? StartsOn, DateTimeOffset ExpiresOn)> Requests { get; } = [];

        public override Task<Response<UserDelegationKey>> GetUserDelegationKeyAsync(DateTimeOffset? startsOn, DateTimeOffset expiresOn, CancellationToken cancellationToken = default)
        {
            Requests.Add((startsOn, expiresOn));
            var key = BlobsModelFactory.UserDelegationKey(
                Guid.Empty.ToString(), Guid.Empty.ToString(), startsOn ?? expiresOn, expiresOn, "b", "2025-01-05", Convert.ToBase64String(new byte[32]));
            return Task.FromResult(Response.FromValue(key, null!));
        }
    }

    private sealed class UnusedCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("No request should reach storage.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("No request should reach storage.");
    }
}
