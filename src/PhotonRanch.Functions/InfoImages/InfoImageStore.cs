using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.InfoImages;

/// <summary>
/// The info images table (original DynamoDB <c>info-images</c>, key <c>pk</c>). Table keys may not contain
/// <c>#</c>, so the original's <c>pk = "{site}#{channel}"</c> becomes PartitionKey = site, RowKey = channel
/// (<c>1</c>–<c>3</c>), and <c>"{site}#metadata"</c> becomes RowKey <c>metadata</c>. An image row keeps all its
/// attributes (base filename, flags, file paths, FITS header, …) as one <see cref="TableJsonProperty"/>; the
/// metadata row keeps <c>channel1</c>–<c>channel3</c> (the base filename each channel expects next) as strings.
/// </summary>
internal sealed class InfoImageStore(TableServiceClient tables, IOptions<StorageOptions> options)
{
    public static readonly IReadOnlyList<int> Channels = [1, 2, 3];

    /// <summary>In Unix seconds; an attribute and, for the clean-up's query, an Int64 property.</summary>
    public const string ExpirationProperty = "expiration_timestamp";

    private const string MetadataRowKey = "metadata";
    private const string AttributesProperty = "attributes";

    // Concurrent ingestions of one image's files each rewrite its row; ETag conflicts are retried this often.
    private const int MaxUpdateAttempts = 20;

    private readonly TableClient _table = tables.GetTableClient(options.Value.Tables.InfoImages);

    /// <summary>The original's key of a channel's row, <c>{site}#{channel}</c>, as callers saw it in <c>pk</c>.</summary>
    public static string OriginalKey(string site, int channel) => $"{site}#{channel}";

    public async Task<JsonObject?> GetImageAsync(string site, int channel, CancellationToken cancellationToken)
    {
        var entity = await _table.GetEntityIfExistsAsync<TableEntity>(site, ChannelRowKey(channel), cancellationToken: cancellationToken);
        return entity.HasValue ? TableJsonProperty.Get(entity.Value!, AttributesProperty) as JsonObject : null;
    }

    public async Task PutImageAsync(string site, int channel, JsonObject attributes, CancellationToken cancellationToken)
    {
        await _table.UpsertEntityAsync(ImageEntity(site, channel, attributes), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Replaces the image in <paramref name="channel"/> of <paramref name="site"/> with what <paramref name="update"/>
    /// makes of the current one (null when there is none), as one optimistic read-modify-write: when another writer
    /// changed the row in between, the update is applied again to its version, so parallel ingestions of an image's
    /// files never lose each other's attributes.
    /// </summary>
    /// <exception cref="RequestFailedException">The row kept changing for <see cref="MaxUpdateAttempts"/> attempts, or storage failed.</exception>
    public async Task UpdateImageAsync(string site, int channel, Func<JsonObject?, JsonObject> update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        for (var attempt = 1; ; attempt++)
        {
            var current = await _table.GetEntityIfExistsAsync<TableEntity>(site, ChannelRowKey(channel), cancellationToken: cancellationToken);
            var entity = ImageEntity(site, channel, update(current.HasValue ? TableJsonProperty.Get(current.Value!, AttributesProperty) as JsonObject : null));
            try
            {
                if (current.HasValue)
                {
                    await _table.UpdateEntityAsync(entity, current.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }
                else
                {
                    await _table.AddEntityAsync(entity, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException conflict) when (conflict.Status is 409 or 412 && attempt < MaxUpdateAttempts)
            {
                // Someone else wrote the row first: read their version and apply the update to it.
            }
        }
    }

    /// <summary>
    /// The metadata rows have no expiry and stay; a row rewritten since it was read is kept. Returns how many went.
    /// </summary>
    public Task<int> DeleteExpiredAsync(long nowUnixSeconds, CancellationToken cancellationToken) =>
        // The property name is written out: CreateQueryFilter would quote an interpolated name as a string value.
        ExpiredTableRows.DeleteAsync(_table, TableClient.CreateQueryFilter($"expiration_timestamp le {nowUnixSeconds}"), cancellationToken);

    /// <summary>
    /// Records that the next info image with <paramref name="baseFilename"/> belongs to <paramref name="channel"/>
    /// (for <c>POST /upload</c>): sets <c>channel{n}</c> of the site's metadata row, keeping the other channels.
    /// </summary>
    public async Task SetChannelBaseFilenameAsync(string site, int channel, string baseFilename, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(site, MetadataRowKey) { [$"channel{ChannelRowKey(channel)}"] = baseFilename };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>The base filename each channel expects next; channels without one are absent.</summary>
    public async Task<IReadOnlyDictionary<int, string>> GetChannelBaseFilenamesAsync(string site, CancellationToken cancellationToken)
    {
        var entity = await _table.GetEntityIfExistsAsync<TableEntity>(site, MetadataRowKey, cancellationToken: cancellationToken);
        var channels = new Dictionary<int, string>();
        if (entity.HasValue)
        {
            foreach (var channel in Channels)
            {
                if (entity.Value!.GetString($"channel{channel}") is { } baseFilename)
                {
                    channels[channel] = baseFilename;
                }
            }
        }

        return channels;
    }

    // The expiry is also a top-level Int64 property, so the clean-up can find expired rows with a server-side filter.
    private static TableEntity ImageEntity(string site, int channel, JsonObject attributes)
    {
        var entity = new TableEntity(site, ChannelRowKey(channel));
        TableJsonProperty.Set(entity, AttributesProperty, attributes);
        if (attributes[ExpirationProperty] is JsonValue expiry && expiry.TryGetValue<long>(out var expiresAt))
        {
            entity[ExpirationProperty] = expiresAt;
        }

        return entity;
    }

    private static string ChannelRowKey(int channel) =>
        Channels.Contains(channel)
            ? channel.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : throw new ArgumentOutOfRangeException(nameof(channel), channel, "An info image channel is 1, 2 or 3.");
}
