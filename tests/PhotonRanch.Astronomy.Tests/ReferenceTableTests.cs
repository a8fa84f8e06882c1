using System.Globalization;

namespace PhotonRanch.Astronomy.Tests;

/// <summary>
/// Compares the library with the committed PyEphem reference tables (tools/reference-ephemeris), which use the
/// same thresholds and centre/no-refraction/sea-level definitions. Tolerances are the issue's goals: Sun events
/// 30 s, Moon rise/set 60 s, transit 60 s, illumination 0.005.
/// </summary>
public class ReferenceTableTests
{
    private const double SunToleranceSeconds = 30.0;
    private const double MoonToleranceSeconds = 60.0;
    private const double IlluminationTolerance = 0.005;

    [Fact]
    public void SiteEvents_MatchPyEphemReference()
    {
        var rows = ReferenceCsv.Read("site-events.csv");
        var statistics = new ErrorStatistics();
        var failures = new List<string>();
        var nights = rows.GroupBy(r => (Site: r["site"], When: r["when_unix"]));
        var nightCount = 0;
        foreach (var night in nights)
        {
            nightCount++;
            var first = night.First();
            var site = new SiteLocation(ReferenceCsv.Number(first["latitude"]), ReferenceCsv.Number(first["longitude"]));
            var zone = TimeZoneInfo.FindSystemTimeZoneById(first["time_zone"]);
            var when = DateTimeOffset.FromUnixTimeSeconds(long.Parse(night.Key.When, CultureInfo.InvariantCulture));
            var result = SiteEventsCalculator.Calculate(site, zone, when);
            var ours = result.Events.ToDictionary(e => e.Name, e => e.TaiJulianDate);

            var windowError = Math.Abs(result.WindowStartTaiJulianDate - ReferenceCsv.Number(first["window_start_tai_jd"])) * 86400.0;
            if (windowError > 0.01)
            {
                failures.Add($"{night.Key}: window start differs by {windowError:F3} s");
            }

            foreach (var row in night)
            {
                var name = row["event"];
                var expectedPresent = row["tai_jd"].Length > 0;
                if (expectedPresent != ours.ContainsKey(name))
                {
                    failures.Add($"{night.Key} {name}: reference {(expectedPresent ? "has" : "lacks")} it, we {(ours.ContainsKey(name) ? "have" : "lack")} it");
                    continue;
                }

                if (!expectedPresent)
                {
                    Assert.Contains(name, result.Missing);
                    continue;
                }

                var errorSeconds = (ours[name] - ReferenceCsv.Number(row["tai_jd"])) * 86400.0;
                var isMoon = name is SiteEventNames.MoonRise or SiteEventNames.MoonSet;
                statistics.Add(name, errorSeconds);
                if (Math.Abs(errorSeconds) > (isMoon ? MoonToleranceSeconds : SunToleranceSeconds))
                {
                    failures.Add($"{night.Key} {name}: error {errorSeconds:F1} s");
                }
            }
        }

        statistics.WriteReport("site-events.md", $"Site events ({nightCount} site-nights, seconds vs PyEphem)", "s", "F2");
        Assert.True(nightCount >= 360, $"reference table too small: {nightCount} nights");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(50)));
    }

    [Fact]
    public void MoonPasses_MatchPyEphemReference()
    {
        var rows = ReferenceCsv.Read("moon-passes.csv");
        var statistics = new ErrorStatistics();
        var failures = new List<string>();
        foreach (var window in rows.GroupBy(r => (Site: r["site"], Start: r["start_utc"], End: r["end_utc"])))
        {
            var first = window.First();
            var passes = MoonRiseSetIllumination.Calculate(
                ReferenceCsv.Number(first["latitude"]),
                ReferenceCsv.Number(first["longitude"]),
                DateTimeOffset.Parse(window.Key.Start, CultureInfo.InvariantCulture),
                DateTimeOffset.Parse(window.Key.End, CultureInfo.InvariantCulture));
            var expected = window.ToList();
            if (passes.Count != expected.Count)
            {
                failures.Add($"{window.Key}: {passes.Count} passes, reference {expected.Count}");
                continue;
            }

            for (var i = 0; i < passes.Count; i++)
            {
                var rise = Seconds(passes[i].Rise, expected[i]["rise_unix"]);
                var set = Seconds(passes[i].Set, expected[i]["set_unix"]);
                var transit = Seconds(passes[i].Transit, expected[i]["transit_unix"]);
                var illumination = passes[i].Illumination - ReferenceCsv.Number(expected[i]["illumination"]);
                statistics.Add("rise (s)", rise);
                statistics.Add("set (s)", set);
                statistics.Add("transit (s)", transit);
                statistics.Add("illumination (fraction)", illumination);
                if (Math.Abs(rise) > MoonToleranceSeconds || Math.Abs(set) > MoonToleranceSeconds
                    || Math.Abs(transit) > MoonToleranceSeconds || Math.Abs(illumination) > IlluminationTolerance)
                {
                    failures.Add($"{window.Key} pass {i}: rise {rise:F1} s, set {set:F1} s, transit {transit:F1} s, illumination {illumination:F4}");
                }
            }
        }

        statistics.WriteReport("moon-passes.md", "Moon rise-set-illum passes (vs PyEphem)", "s or fraction", "F4");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures.Take(50)));
    }

    /// <summary>
    /// The original service's cases (Santa Barbara and Perth, 2020-08-01/02). Expectations are PyEphem's, not
    /// timeanddate.com's (no web access): the timeanddate-style column uses PyEphem's defaults (upper limb,
    /// standard refraction), which our centre/no-refraction definitions must match within the original's
    /// 5 minutes; the contract-definition column uses identical definitions and must match within 60 s.
    /// </summary>
    [Fact]
    public void OriginalServiceCases_SantaBarbaraAndPerth()
    {
        var statistics = new ErrorStatistics();
        foreach (var row in ReferenceCsv.Read("original-cases.csv"))
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(row["time_zone"]);
            var date = DateOnly.Parse(row["local_date"], CultureInfo.InvariantCulture);
            var midnightLocal = date.ToDateTime(TimeOnly.MinValue);
            var midnight = new DateTimeOffset(midnightLocal, zone.GetUtcOffset(midnightLocal));
            var observer = new TopocentricObserver(new SiteLocation(ReferenceCsv.Number(row["latitude"]), ReferenceCsv.Number(row["longitude"])), 0);
            var isMoon = row["event"].StartsWith("Moon", StringComparison.Ordinal);
            var direction = row["event"] is "Sunrise" or "Moon Rise" ? CrossingDirection.Rising : CrossingDirection.Setting;
            var start = TimeScales.TaiJulianDateFromUtc(midnight);
            var crossings = isMoon
                ? EventSearch.FindCrossings(t => observer.Moon(t).AltitudeDegrees, SiteEventsCalculator.MoonRiseSetAltitude, start, start + 2, SiteEventsCalculator.MoonSearchStep)
                : EventSearch.FindCrossings(t => observer.Sun(t).AltitudeDegrees, SiteEventsCalculator.SunSetAltitude, start, start + 2, SiteEventsCalculator.SunSearchStep);
            var ours = TimeScales.UtcFromTaiJulianDate(crossings.First(c => c.Direction == direction).JulianDate);

            var againstTimeAndDateStyle = Seconds(ours, row["timeanddate_style_unix"]);
            var againstSameDefinition = Seconds(ours, row["contract_definition_unix"]);
            statistics.Add($"{row["event"]} vs timeanddate-style (PyEphem defaults)", againstTimeAndDateStyle);
            statistics.Add($"{row["event"]} vs PyEphem, identical definitions", againstSameDefinition);
            Assert.True(Math.Abs(againstTimeAndDateStyle) <= 300, $"{row["site"]} {date} {row["event"]}: {againstTimeAndDateStyle:F0} s from the timeanddate-style time");
            Assert.True(Math.Abs(againstSameDefinition) <= 60, $"{row["site"]} {date} {row["event"]}: {againstSameDefinition:F1} s from PyEphem with identical definitions");
        }

        statistics.WriteReport("original-cases.md", "Original service cases: Santa Barbara and Perth, 2020-08-01/02 (seconds)", "s", "F1");
    }

    /// <summary>
    /// The original service's own test cases, verbatim from its api/tests/unit/test_events.py (timeanddate.com
    /// times, local wall clock, to the minute): the site at the test's exact coordinates, <c>when</c> = 12:01 local on
    /// the first date, and the events from the real noon-to-noon window, within the original's 5-minute tolerance.
    /// The original used a 0.5° horizon for the Sun and Skyfield's moon rise/set; the contract's definitions differ
    /// from timeanddate's (upper limb, refraction) by 3–4 minutes for the Sun, which the tolerance absorbs.
    /// </summary>
    [Theory]
    [InlineData(34.0, -119.0, "America/Los_Angeles", "2020-08-01", SiteEventNames.SunSet, "2020-08-01T19:56")]
    [InlineData(34.0, -119.0, "America/Los_Angeles", "2020-08-01", SiteEventNames.Sunrise, "2020-08-02T06:08")]
    [InlineData(34.0, -119.0, "America/Los_Angeles", "2020-08-01", SiteEventNames.MoonRise, "2020-08-01T18:53")]
    [InlineData(34.0, -119.0, "America/Los_Angeles", "2020-08-01", SiteEventNames.MoonSet, "2020-08-02T04:58")]
    [InlineData(34.0, -119.0, "America/Los_Angeles", "2025-12-01", SiteEventNames.MoonRise, "2025-12-01T14:10")]
    [InlineData(34.0, -119.0, "America/Los_Angeles", "2025-12-01", SiteEventNames.MoonSet, "2025-12-02T04:03")]
    [InlineData(-34.0, 119.0, "Australia/Perth", "2020-08-01", SiteEventNames.SunSet, "2020-08-01T17:24")]
    [InlineData(-34.0, 119.0, "Australia/Perth", "2020-08-01", SiteEventNames.Sunrise, "2020-08-02T06:55")]
    public void OriginalServiceTestRows_ThroughTheNoonWindow_WithinFiveMinutes(
        double latitude, double longitude, string zoneId, string localDate, string eventName, string expectedLocal)
    {
        const double originalToleranceSeconds = 300.0;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var when = AtLocal(zone, DateTime.Parse(localDate + "T12:01", CultureInfo.InvariantCulture));
        var expected = AtLocal(zone, DateTime.Parse(expectedLocal, CultureInfo.InvariantCulture));

        var result = SiteEventsCalculator.Calculate(new SiteLocation(latitude, longitude), zone, when);

        var ours = TimeScales.UtcFromTaiJulianDate(result.Events.Single(e => e.Name == eventName).TaiJulianDate);
        var errorSeconds = (ours - expected.UtcDateTime).TotalSeconds;
        Assert.True(
            Math.Abs(errorSeconds) <= originalToleranceSeconds,
            $"{zoneId} {localDate} {eventName}: ours {ours:O}, original's expectation {expected.UtcDateTime:O} ({errorSeconds:F0} s)");
    }

    private static DateTimeOffset AtLocal(TimeZoneInfo zone, DateTime local) => new(local, zone.GetUtcOffset(local));

    private static double Seconds(DateTime ours, string expectedUnix) =>
        ((ours - DateTime.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond) - ReferenceCsv.Number(expectedUnix);
}
