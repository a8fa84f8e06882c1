using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.Images;

/// <summary>
/// The site codes of the site-configurations table (the original's <c>get_all_sites</c>): one per site, read from
/// each entity's PartitionKey, which the site-config service keys by site code.
/// </summary>
public sealed class SiteCodeReader
{
    private static readonly string[] KeyOnly = ["PartitionKey"];

    private readonly TableClient _table;

    /// <summary>Creates the reader for the configured site-configurations table.</summary>
    public SiteCodeReader(TableServiceClient tables, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(options);
        _table = tables.GetTableClient(options.Value.Tables.SiteConfigurations);
    }

    /// <summary>Entities read per request to the table service; the rest follow by continuation token.</summary>
    internal int PageSize { get; init; } = 1000;

    /// <summary>
    /// Every site code in the table, each once, in table order (the pageable follows continuation tokens). A table
    /// that does not exist yet holds no sites.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListAsync(CancellationToken cancellationToken)
    {
        var sites = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var entity in _table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: PageSize, select: KeyOnly, cancellationToken: cancellationToken))
            {
                if (seen.Add(entity.PartitionKey))
                {
                    sites.Add(entity.PartitionKey);
                }
            }
        }
        catch (RequestFailedException failed) when (failed.Status == StatusCodes.Status404NotFound)
        {
            return [];
        }

        return sites;
    }
}
