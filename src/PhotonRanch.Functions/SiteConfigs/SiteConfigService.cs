using System.Text.Json.Nodes;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.SiteConfigs;

/// <summary>
/// Site configurations: arbitrary JSON objects, one per site, stored and returned as they were sent (numbers as the
/// original's DynamoDB returned them). Other services (site events) read a site's configuration through
/// <see cref="GetAsync"/>.
/// </summary>
internal sealed partial class SiteConfigService(SiteConfigStore store, ILogger<SiteConfigService> logger)
{
    /// <summary>Means "every site" in <c>GET /all/config</c>, so no site may be called that.</summary>
    public const string AllSites = "all";

    public Task<JsonNode?> GetAsync(string site, CancellationToken cancellationToken) =>
        store.GetAsync(site, cancellationToken);

    public Task<Paged<IReadOnlyDictionary<string, JsonNode?>>> GetAllAsync(TableCursor? after, CancellationToken cancellationToken) =>
        store.GetAllAsync(after, cancellationToken);

    /// <summary>Replaces the configuration of <paramref name="site"/>; <paramref name="caller"/> (null when writes are open) is logged.</summary>
    /// <exception cref="RefusedException">Invalid for the reserved site <c>all</c> or an empty configuration; too large to store.</exception>
    public async Task SaveAsync(string site, JsonObject configuration, string? caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        RejectReservedSite(site);
        if (configuration.Count == 0)
        {
            throw new RefusedException(Refusal.Invalid, SiteConfigMessages.EmptyConfiguration);
        }

        await store.SaveAsync(site, configuration, cancellationToken);
        LogSaved(site, caller);
    }

    /// <summary>No error when the site has none.</summary>
    public async Task DeleteAsync(string site, string? caller, CancellationToken cancellationToken)
    {
        RejectReservedSite(site);
        await store.DeleteAsync(site, cancellationToken);
        LogDeleted(site, caller);
    }

    // GET /all/config answers every configuration, so a configuration stored for the site "all" could never be read.
    private static void RejectReservedSite(string site)
    {
        if (string.Equals(site, AllSites, StringComparison.Ordinal))
        {
            throw new RefusedException(Refusal.Invalid, SiteConfigMessages.ReservedSite);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration of site {Site} saved by {Caller}")]
    private partial void LogSaved(string site, string? caller);

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration of site {Site} deleted by {Caller}")]
    private partial void LogDeleted(string site, string? caller);
}
