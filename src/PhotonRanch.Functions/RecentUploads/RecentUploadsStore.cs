using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.RecentUploads;

/// <summary>
/// The recent uploads log (original DynamoDB <c>recent-uploads-log</c>, queried by its key <c>site</c>):
/// PartitionKey = site, RowKey = the upload time counted down from <see cref="long.MaxValue"/> (19 digits, so a
/// site's rows are stored newest first), <c>_</c> and the SHA-256 of the filename in hex (so two files of one second
/// are two rows, and any blob name fits a key, which holds at most 1 KiB). The row's fields are Int64/string
/// properties named as the original's attributes; the listing reads them, never the key.
/// </summary>
internal sealed class RecentUploadsStore(TableServiceClient tables, IOptions<StorageOptions> options)
{
    private const string SiteProperty = "site";
    private const string UploadedProperty = "upload_timestamp_s";
    private const string ExpiresProperty = "expire_timestamp_s";
    private const string FilenameProperty = "filename";
    private const string SizeProperty = "size_bytes";

    private readonly TableClient _table = tables.GetTableClient(options.Value.Tables.RecentUploadsLog);

    /// <summary>Recording the same file at the same second again replaces the entry.</summary>
    public async Task AddAsync(RecentUpload upload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(upload);
        ArgumentException.ThrowIfNullOrEmpty(upload.Filename);
        ArgumentOutOfRangeException.ThrowIfNegative(upload.UploadTimestampS);

        var entity = new TableEntity(upload.Site, RowKey(upload.UploadTimestampS, upload.Filename))
        {
            [SiteProperty] = upload.Site,
            [UploadedProperty] = upload.UploadTimestampS,
            [ExpiresProperty] = upload.ExpireTimestampS,
            [FilenameProperty] = upload.Filename,
            [SizeProperty] = upload.SizeBytes,
        };
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    // See the class: newest first within a site, and a fixed length whatever the name.
    private static string RowKey(long uploadTimestampS, string filename)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(filename)));
        return string.Create(CultureInfo.InvariantCulture, $"{long.MaxValue - uploadTimestampS:D19}_{hash}");
    }

    /// <summary>The listing already hides expired entries; deleting them keeps the table small. Returns how many went.</summary>
    public Task<int> DeleteExpiredAsync(long nowUnixSeconds, CancellationToken cancellationToken) =>
        ExpiredTableRows.DeleteAsync(_table, TableClient.CreateQueryFilter($"expire_timestamp_s le {nowUnixSeconds}"), cancellationToken);

    /// <summary>One page of the unexpired uploads of <paramref name="site"/> (every site when null).</summary>
    public async Task<Paged<IReadOnlyList<RecentUpload>>> ListAsync(string? site, long nowUnixSeconds, TableCursor? after, CancellationToken cancellationToken)
    {
        var filter = site is null
            ? TableClient.CreateQueryFilter($"expire_timestamp_s gt {nowUnixSeconds}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {site} and expire_timestamp_s gt {nowUnixSeconds}");
        var page = await TablePage.ReadAsync(_table, filter, after, cancellationToken);
        var uploads = page.Rows.Select(entity => new RecentUpload(
            entity.GetString(SiteProperty) ?? entity.PartitionKey,
            entity.GetInt64(UploadedProperty) ?? 0,
            entity.GetInt64(ExpiresProperty) ?? 0,
            entity.GetString(FilenameProperty) ?? string.Empty,
            entity.GetInt64(SizeProperty) ?? 0));
        return new Paged<IReadOnlyList<RecentUpload>>([.. uploads], page.Next);
    }
}
