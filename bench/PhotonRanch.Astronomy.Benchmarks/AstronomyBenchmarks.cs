using BenchmarkDotNet.Attributes;

namespace PhotonRanch.Astronomy.Benchmarks;

/// <summary>
/// The two computations behind the endpoints, with the inputs <c>pyephem_timing.py</c> uses for its PyEphem
/// comparison: Santa Barbara, the night of 2025-02-02/03 (and the 366 nights from 2025-02-03), and a 30-day moon
/// window from 2025-01-10T06:00Z.
/// </summary>
[MemoryDiagnoser]
public class AstronomyBenchmarks
{
    public static readonly SiteLocation Site = new(34.4208, -119.6982, 10);
    public static readonly DateTimeOffset When = new(2025, 2, 3, 4, 0, 0, TimeSpan.Zero);
    public static readonly DateTimeOffset MoonStart = new(2025, 1, 10, 6, 0, 0, TimeSpan.Zero);

    private readonly TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    [Benchmark(Description = "events: 26 events, one site-night")]
    public SiteEventsResult SiteEvents() => SiteEventsCalculator.Calculate(Site, zone, When);

    [Benchmark(Description = "events: 366 nights (a range request's computation)")]
    public int SiteEvents366Nights()
    {
        var count = 0;
        var first = DateOnly.FromDateTime(When.UtcDateTime);
        for (var i = 0; i < 366; i++)
        {
            count += SiteEventsCalculator.Calculate(Site, zone, SiteEventsCalculator.WhenOfNight(zone, first.AddDays(i))).Events.Count;
        }

        return count;
    }

    [Benchmark(Description = "rise-set-illum: 30 days")]
    public IReadOnlyList<MoonPass> MoonPasses30Days() =>
        MoonRiseSetIllumination.Calculate(Site.LatitudeDegrees, Site.LongitudeDegrees, MoonStart, MoonStart.AddDays(30));
}
