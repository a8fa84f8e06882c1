using System.Globalization;
using System.Text.Json.Nodes;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.InfoImages;

/// <summary>
/// The info image package of a site's channel: every stored attribute, the fields the web UI relies on (flags
/// default to false), and a read SAS URL for each file whose flag is true.
/// </summary>
internal sealed partial class InfoImageService(InfoImageStore store, BlobSasIssuer sas, TimeProvider clock, ILogger<InfoImageService> logger)
{
    /// <summary>The prefix info images live under, reported as <c>s3_directory</c>.</summary>
    private const string Directory = "info-images";

    // Flag attribute → attribute holding the file's path in the container → response field with its URL.
    private static readonly (string Flag, string PathAttribute, string UrlField)[] Files =
    [
        ("jpg_medium_exists", "jpg_10_file_path", "jpg_url"),
        ("jpg_small_exists", "jpg_11_file_path", "jpg_small_url"),
        ("fits_01_exists", "fits_01_file_path", "fits_01_url"),
        ("fits_10_exists", "fits_10_file_path", "fits_10_url"),
    ];

    /// <summary>
    /// Null when the channel (1, 2 or 3) holds no image or its image has expired (the hourly clean-up deletes such rows
    /// later; their blobs go with the lifecycle rule).
    /// </summary>
    public async Task<JsonObject?> GetPackageAsync(string site, int channel, CancellationToken cancellationToken)
    {
        // The row was just read and is ours to extend into the answer, as the original spread the item into a dict.
        if (await store.GetImageAsync(site, channel, cancellationToken) is not { } package)
        {
            return null;
        }

        if (package[InfoImageStore.ExpirationProperty] is JsonValue expiry && expiry.TryGetValue<long>(out var expiresAt)
            && expiresAt <= clock.GetUtcNow().ToUnixTimeSeconds())
        {
            return null;
        }

        package["pk"] = InfoImageStore.OriginalKey(site, channel);
        package["site"] = site;

        // The original echoed the path parameter, so the channel is a string ("1") as it was in the path.
        package["channel"] = channel.ToString(CultureInfo.InvariantCulture);
        package.TryAdd("base_filename", null);
        foreach (var file in Files)
        {
            package.TryAdd(file.Flag, false);
        }

        package["s3_directory"] = Directory;

        foreach (var file in Files)
        {
            if (package[file.Flag] is not JsonValue flag || !flag.TryGetValue<bool>(out var exists) || !exists)
            {
                continue;
            }

            if (package[file.PathAttribute] is JsonValue pathValue && pathValue.TryGetValue<string>(out var path) && path.Length > 0)
            {
                package[file.UrlField] = (await sas.ReadUriAsync(path, BlobSasIssuer.MaxLifetime, cancellationToken: cancellationToken)).ToString();
            }
            else
            {
                LogPathMissing(site, channel, file.Flag, file.PathAttribute);
            }
        }

        return package;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Info image {Site}#{Channel} has {Flag} set but no {PathAttribute}; no URL is given for it")]
    private partial void LogPathMissing(string site, int channel, string flag, string pathAttribute);
}
