using System.Collections.Concurrent;
using PhotonRanch.Astronomy;
using PhotonRanch.Functions.SiteConfigs;

namespace PhotonRanch.Functions.SiteEvents;

/// <summary>The nightly events of a site: its configuration from the site-configs table, the astronomy from <see cref="SiteEventsCalculator"/>.</summary>
internal sealed class SiteEventsService(SiteConfigService configs, TimeProvider clock)
{
    /// <summary>
    /// How long a site's parsed configuration is reused. Reading and parsing the table row costs more than the
    /// astronomy of a night; a configuration changed through <c>PUT /{site}/config</c> reaches the events this
    /// much later at most.
    /// </summary>
    public static readonly TimeSpan ConfigurationLifetime = TimeSpan.FromSeconds(30);

    public const int MaximumNights = 366;

    private readonly ConcurrentDictionary<string, (SiteObservatory Observatory, DateTimeOffset Expires)> _observatories = new(StringComparer.Ordinal);

    /// <summary>
    /// Where <paramref name="site"/> is, its time zone and event offsets, from its configuration (reused for
    /// <see cref="ConfigurationLifetime"/>), or null when the site has no configuration.
    /// </summary>
    /// <exception cref="SiteConfigurationException">The configuration cannot place the site.</exception>
    public async Task<SiteObservatory?> ObservatoryAsync(string site, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (_observatories.TryGetValue(site, out var cached) && cached.Expires > now)
        {
            return cached.Observatory;
        }

        var configuration = await configs.GetAsync(site, cancellationToken);
        if (configuration is null)
        {
            _observatories.TryRemove(site, out _);
            return null;
        }

        var observatory = SiteObservatory.FromConfiguration(configuration);
        _observatories[site] = (observatory, now + ConfigurationLifetime);
        return observatory;
    }

    /// <summary>The events of the local-noon-to-noon window of <paramref name="observatory"/> that holds <paramref name="when"/>.</summary>
    public static SiteEventsResult Calculate(SiteObservatory observatory, DateTimeOffset when)
    {
        ArgumentNullException.ThrowIfNull(observatory);
        return SiteEventsCalculator.Calculate(observatory.Location, observatory.TimeZone, when, offsets: observatory.Offsets);
    }

    /// <summary>
    /// The UTC window of the night of local date <paramref name="night"/>, [from, to): from the start of the window
    /// <see cref="Calculate"/> gives that night to the start of the next night's, so nights tile without a gap or an
    /// overlap even where a daylight-saving change makes a night 23 or 25 hours long.
    /// </summary>
    public static (DateTime FromUtc, DateTime ToUtc) NightWindowUtc(SiteObservatory observatory, DateOnly night)
    {
        ArgumentNullException.ThrowIfNull(observatory);
        DateTime Start(DateOnly date) => TimeScales.UtcFromTaiJulianDate(
            LocalNoonWindow.StartTaiJulianDate(observatory.TimeZone, SiteEventsCalculator.WhenOfNight(observatory.TimeZone, date)));
        return (Start(night), Start(night.AddDays(1)));
    }

    /// <summary>The events of <paramref name="nights"/> consecutive nights, each starting at the local noon of its date.</summary>
    public static IReadOnlyList<(DateOnly? Night, SiteEventsResult Events)> CalculateNights(SiteObservatory observatory, DateOnly start, int nights)
    {
        ArgumentNullException.ThrowIfNull(observatory);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nights);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(nights, MaximumNights);
        var results = new (DateOnly?, SiteEventsResult)[nights];

        // Nights are independent: a year is spread over the cores.
        Parallel.For(0, nights, i =>
        {
            var night = start.AddDays(i);
            results[i] = (night, Calculate(observatory, SiteEventsCalculator.WhenOfNight(observatory.TimeZone, night)));
        });

        return results;
    }
}
