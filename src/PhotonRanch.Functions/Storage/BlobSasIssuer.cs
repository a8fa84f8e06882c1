using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Sas;
using Microsoft.Extensions.Options;

namespace PhotonRanch.Functions.Storage;

/// <summary>
/// Issues SAS URLs for single blobs of the app's container, with the least permission each use needs. With a
/// connection string (Azurite, account key) they are account-key SAS; with a managed identity they are
/// user-delegation SAS signed by a key the app's identity obtains (it needs a role that allows
/// <c>generateUserDelegationKey</c>, e.g. Storage Blob Data Contributor).
/// </summary>
internal sealed class BlobSasIssuer(BlobServiceClient service, IOptions<StorageOptions> options, TimeProvider clock)
{
    /// <summary>
    /// The longest a SAS may live: 7 days (the most a user-delegation key may live) less one hour, so that one key,
    /// requested for nearly 7 days, signs an hour's worth of the longest-lived URLs instead of one key per URL.
    /// </summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(7) - TimeSpan.FromHours(1);

    /// <summary>
    /// How long a daily URL (<see cref="DailyReadUriAsync"/>) stays valid after the start of its UTC day: between 5 and 6
    /// days after it is issued, so a page loaded late in the day still holds working links for days.
    /// </summary>
    public static readonly TimeSpan DailyLifetime = TimeSpan.FromDays(6);

    // SAS start times are back-dated so a caller whose clock runs slightly behind the service's can use them at once.
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    // Storage refuses a key that expires more than 7 days after its own clock's now; asking for the skew less keeps a
    // service clock a few minutes behind ours from refusing it.
    private static readonly TimeSpan DelegationKeyLifetime = TimeSpan.FromDays(7) - ClockSkew;

    private readonly BlobContainerClient _container = service.GetBlobContainerClient(options.Value.ContainerName);
    private readonly SemaphoreSlim _keyLock = new(1, 1);
    private UserDelegationKey? _delegationKey;
    private UserDelegationKey? _dailyDelegationKey;

    /// <param name="blobName">The blob's full name in the container, e.g. <c>data/sro-...-EX10.jpg</c>.</param>
    /// <param name="lifetime">At most <see cref="MaxLifetime"/>.</param>
    /// <param name="downloadFileName">When set, browsers save the download under this name.</param>
    public Task<Uri> ReadUriAsync(string blobName, TimeSpan lifetime, string? downloadFileName = null, CancellationToken cancellationToken = default)
    {
        var builder = NewBuilder(blobName, lifetime, BlobSasPermissions.Read);
        if (downloadFileName is not null)
        {
            builder.ContentDisposition = $"attachment; filename=\"{downloadFileName.Replace("\"", string.Empty, StringComparison.Ordinal)}\"";
        }

        return SignAsync(blobName, builder, cancellationToken);
    }

    /// <summary>
    /// A read URL that is the same string all UTC day: its start and expiry are aligned to the day (and, with a managed
    /// identity, so is the key that signs it), so a browser caches what it serves, which comes with
    /// <paramref name="cacheControl"/> (the signed <c>rscc</c> response header).
    /// </summary>
    public Task<Uri> DailyReadUriAsync(string blobName, string cacheControl, CancellationToken cancellationToken = default)
    {
        var day = new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        var builder = NewBuilder(blobName, day - ClockSkew, day + DailyLifetime, BlobSasPermissions.Read);
        builder.CacheControl = cacheControl;
        return SignAsync(blobName, builder, cancellationToken);
    }

    /// <summary>A URL that can create or overwrite the blob (PUT with <c>x-ms-blob-type: BlockBlob</c>), and nothing else.</summary>
    public Task<Uri> WriteUriAsync(string blobName, TimeSpan lifetime, CancellationToken cancellationToken = default) =>
        SignAsync(blobName, NewBuilder(blobName, lifetime, BlobSasPermissions.Create | BlobSasPermissions.Write), cancellationToken);

    private BlobSasBuilder NewBuilder(string blobName, TimeSpan lifetime, BlobSasPermissions permissions)
    {
        if (lifetime <= TimeSpan.Zero || lifetime > MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), lifetime, $"A SAS lifetime must be positive and at most {MaxLifetime}.");
        }

        var now = clock.GetUtcNow();
        return NewBuilder(blobName, now - ClockSkew, now + lifetime, permissions);
    }

    private BlobSasBuilder NewBuilder(string blobName, DateTimeOffset startsOn, DateTimeOffset expiresOn, BlobSasPermissions permissions)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        var builder = new BlobSasBuilder
        {
            BlobContainerName = _container.Name,
            BlobName = blobName,
            Resource = "b",
            StartsOn = startsOn,
            ExpiresOn = expiresOn,
        };
        builder.SetPermissions(permissions);
        return builder;
    }

    private async Task<Uri> SignAsync(string blobName, BlobSasBuilder builder, CancellationToken cancellationToken)
    {
        var blob = _container.GetBlobClient(blobName);
        if (blob.CanGenerateSasUri)
        {
            return blob.GenerateSasUri(builder);
        }

        var key = builder.CacheControl is null
            ? await DelegationKeyAsync(builder.ExpiresOn, cancellationToken)
            : await DailyDelegationKeyAsync(builder.StartsOn + ClockSkew, cancellationToken);
        var uri = new BlobUriBuilder(blob.Uri) { Sas = builder.ToSasQueryParameters(key, service.AccountName) };
        return uri.ToUri();
    }

    // One key serves every SAS that expires before it does; a new one (valid for nearly 7 days) is fetched otherwise.
    private async Task<UserDelegationKey> DelegationKeyAsync(DateTimeOffset sasExpiresOn, CancellationToken cancellationToken)
    {
        await _keyLock.WaitAsync(cancellationToken);
        try
        {
            if (_delegationKey is null || _delegationKey.SignedExpiresOn < sasExpiresOn)
            {
                var now = clock.GetUtcNow();
                _delegationKey = await service.GetUserDelegationKeyAsync(now - ClockSkew, now + DelegationKeyLifetime, cancellationToken);
            }

            return _delegationKey;
        }
        finally
        {
            _keyLock.Release();
        }
    }

    // The key of a day's URLs is part of them (skt, ske and the signature), so it is aligned to the day as well and
    // fetched once a day; it outlives the day's URLs by an hour and ends within 7 days of any moment of that day.
    private async Task<UserDelegationKey> DailyDelegationKeyAsync(DateTimeOffset day, CancellationToken cancellationToken)
    {
        await _keyLock.WaitAsync(cancellationToken);
        try
        {
            if (_dailyDelegationKey is null || _dailyDelegationKey.SignedStartsOn != day - ClockSkew)
            {
                _dailyDelegationKey = await service.GetUserDelegationKeyAsync(
                    day - ClockSkew, day + DailyLifetime + TimeSpan.FromHours(1), cancellationToken);
            }

            return _dailyDelegationKey;
        }
        finally
        {
            _keyLock.Release();
        }
    }
}
