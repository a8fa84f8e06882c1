using PhotonRanch.Astronomy;
using PhotonRanch.Functions.SiteConfigs;

namespace PhotonRanch.Functions.SiteEvents;

/// <summary>The nightly events of a site: its configuration from the site-configs table, the astronomy from <see cref="SiteEventsCalculator"/>.</summary>
internal sealed class SiteEventsService
{
    private readonly SiteConfigService _configs;

    /// <summary>Creates the service.</summary>
    public SiteEventsService(SiteConfigService configs)
    {
        _configs = configs;
    }

    /// <summary>
    /// The events of the local-noon-to-noon window of <paramref name="site"/> that holds <paramref name="when"/>, or
    /// null when the site has no configuration.
    /// </summary>
    /// <exception cref="SiteConfigurationException">The configuration cannot place the site.</exception>
    public async Task<SiteEventsResult?> CalculateAsync(string site, DateTimeOffset when, CancellationToken cancellationToken)
    {
        var configuration = await _configs.GetAsync(site, cancellationToken);
        if (configuration is null)
        {
            return null;
        }

        var observatory = SiteObservatory.FromConfiguration(configuration);
        return SiteEventsCalculator.Calculate(observatory.Location, observatory.TimeZone, when);
    }
}
