using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.SiteConfigs;

/// <summary>
/// The site configurations table (original DynamoDB <c>site_configurations</c>, key <c>site</c>): one entity per
/// site, PartitionKey = site, empty RowKey, the configuration as a <see cref="TableJsonProperty"/> named
/// <c>configuration</c>.
/// </summary>
internal sealed class SiteConfigStore(TableServiceClient tables, IOptions<StorageOptions> options)
{
    private const string RowKey = "";
    private const string ConfigurationProperty = "configuration";
    private static readonly string[] SiteOnly = ["PartitionKey"];

    private readonly TableClient _table = tables.GetTableClient(options.Value.Tables.SiteConfigurations);

    /// <summary>Entities read per request to the table service; the rest follow by continuation token.</summary>
    internal int PageSize { get; init; } = 1000;

    /// <summary>
    /// Every site that has a configuration (the original's <c>get_all_sites</c>), in table order; reads every page and
    /// only the keys, not the configurations.
    /// </summary>
    public async Task<IReadOnlyList<string>> ListSitesAsync(CancellationToken cancellationToken)
    {
        var sites = new List<string>();
        await foreach (var entity in _table.QueryAsync<TableEntity>(filter: (string?)null, maxPerPage: PageSize, select: SiteOnly, cancellationToken: cancellationToken))
        {
            sites.Add(entity.PartitionKey);
        }

        return sites;
    }

    public async Task<JsonNode?> GetAsync(string site, CancellationToken cancellationToken)
    {
        var entity = await _table.GetEntityIfExistsAsync<TableEntity>(site, RowKey, cancellationToken: cancellationToken);
        return entity.HasValue ? TableJsonProperty.Get(entity.Value!, ConfigurationProperty) : null;
    }

    public async Task<Paged<IReadOnlyDictionary<string, JsonNode?>>> GetAllAsync(TableCursor? after, CancellationToken cancellationToken)
    {
        var page = await TablePage.ReadAsync(_table, filter: null, after, cancellationToken);
        var configurations = new SortedDictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var entity in page.Rows)
        {
            configurations[entity.PartitionKey] = TableJsonProperty.Get(entity, ConfigurationProperty);
        }

        return new Paged<IReadOnlyDictionary<string, JsonNode?>>(configurations, page.Next);
    }

    /// <exception cref="RefusedException">Too large to store; nothing is written.</exception>
    public async Task SaveAsync(string site, JsonObject configuration, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(site, RowKey);
        TableJsonProperty.Set(entity, ConfigurationProperty, configuration);
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>Nothing happens when the site has none.</summary>
    public async Task DeleteAsync(string site, CancellationToken cancellationToken) =>
        await _table.DeleteEntityAsync(site, RowKey, ETag.All, cancellationToken);
}
