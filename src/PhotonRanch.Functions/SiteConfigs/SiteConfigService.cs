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
    /// <summary>The site code that means "every site" in <c>GET /all/config</c>, so no site may be called that.</summary>
    public const string AllSites = "all";

    /// <summary>The configuration of <paramref name="site"/>, or null when it has none.</summary>
    public Task<JsonNode?> GetAsync(string site, CancellationToken cancellationToken) =>
        store.GetAsync(site, cancellationToken);

    /// <summary>Every site's configuration, keyed by site code.</summary>
    public Task<Paged<IReadOnlyDictionary<string, JsonNode?>>> GetAllAsync(TableCursor? after, CancellationToken cancellationToken) =>
        store.GetAllAsync(after, cancellationToken);

    /// <summary>Replaces the configuration of <paramref name="site"/>.</summary>
    /// <param name="site">A valid site code.</param>
    /// <param name="configuration">The whole configuration; it must not be empty.</param>
    /// <param name="caller">Who asked, for the log (null when config writes are not protected).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <exception cref="RefusedException">Invalid for the reserved site <c>all</c> or an empty configuration; too large to store.</exception>
    public async Task SaveAsync(string site, JsonObject configuration, string? caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        RejectReservedSite(site);
        if (configuration.Count == 0)
        {
            throw new RefusedException(Refusal.Invalid, "The configuration must be a non-empty JSON object.");
        }

        await store.SaveAsync(site, configuration, cancellationToken);
        LogSaved(site, caller);
    }

    /// <summary>Removes the configuration of <paramref name="site"/> (no error when it has none).</summary>
    /// <exception cref="RefusedException">Invalid for the reserved site <c>all</c>.</exception>
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
            throw new RefusedException(Refusal.Invalid, $"'{AllSites}' is reserved (GET /all/config lists every site) and cannot be a site code.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration of site {Site} saved by {Caller}")]
    private partial void LogSaved(string site, string? caller);

    [LoggerMessage(Level = LogLevel.Information, Message = "Configuration of site {Site} deleted by {Caller}")]
    private partial void LogDeleted(string site, string? caller);
}
