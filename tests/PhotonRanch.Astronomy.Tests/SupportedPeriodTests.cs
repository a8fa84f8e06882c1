namespace PhotonRanch.Astronomy.Tests;

/// <summary>
/// The edges of the supported period: every accepted input computes without leaving the TAI scale (no throw from
/// <see cref="TimeScales"/> half way through), and the first input beyond is rejected up front.
/// </summary>
public class SupportedPeriodTests
{
    // Eve Bias Dark = Sun Set - 1 h - 75 s - 1.5 h - 385 s - 8 h, the earliest event relative to the window start.
    private const double EveBiasDarkLeadDays = (10.5 / 24.0) + (460.0 / 86400.0);

    public static TheoryData<double, double, string> EdgeSites => new()
    {
        // Extreme east and west zones at the date line, a real +14 zone far west of it, and a site where, in early
        // January, the Sun sets just after the zone's noon (66 N, zone one hour behind solar time) so Eve Bias Dark
        // lies a full 10.6 h before a window that itself starts 23 h before `when`.
        { 0.0, 180.0, "Etc/GMT-14" },
        { 0.0, -180.0, "Etc/GMT+12" },
        { 1.87, -157.4, "Pacific/Kiritimati" },
        { -14.3, -170.7, "Pacific/Pago_Pago" },
        { 66.0, 180.0, "Etc/GMT-11" },
        { -66.0, -180.0, "Etc/GMT+12" },
    };

    [Fact]
    public void TaiJulianDate_OfTheFirstUtcInstant_ConvertsBack_AndOneMillisecondEarlierThrows()
    {
        var first = TimeScales.TaiJulianDateFromUtc(SupportedPeriod.FirstUtc);

        Assert.Equal(SupportedPeriod.FirstUtc.UtcDateTime, TimeScales.UtcFromTaiJulianDate(first), TimeSpan.FromMilliseconds(0.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeScales.UtcFromTaiJulianDate(first - (0.001 / 86400.0)));
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeScales.UtcFromTaiJulianDate(double.NaN));
    }

    [Fact]
    public void InEveryTimeZone_TheEdgeWindowsAndTheirEarliestEventStayInThePeriod()
    {
        var firstTai = TimeScales.TaiJulianDateFromUtc(SupportedPeriod.FirstUtc);
        foreach (var zone in TimeZoneInfo.GetSystemTimeZones())
        {
            foreach (var when in new[] { SupportedPeriod.FirstSiteEventsWhen, SupportedPeriod.LastSiteEventsWhen })
            {
                var start = LocalNoonWindow.StartTaiJulianDate(zone, when);

                Assert.True(start - EveBiasDarkLeadDays >= firstTai, $"{zone.Id} at {when:O}: window starts at JD {start}");
                Assert.InRange(TimeScales.TaiJulianDateFromUtc(when), start, start + 1.0);
            }
        }
    }

    [Theory]
    [MemberData(nameof(EdgeSites))]
    public void SiteEvents_AtTheFirstAndLastWhen_ConvertEveryEventToUtc(double latitude, double longitude, string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        foreach (var when in new[] { SupportedPeriod.FirstSiteEventsWhen, SupportedPeriod.LastSiteEventsWhen })
        {
            var result = SiteEventsCalculator.Calculate(new SiteLocation(latitude, longitude), zone, when);

            Assert.Contains(result.Events, e => e.Name == SiteEventNames.SunSet);
            Assert.All(result.Events, e => Assert.InRange(e.Utc, SupportedPeriod.FirstUtc.UtcDateTime, SupportedPeriod.LastUtc.UtcDateTime.AddDays(2)));
        }
    }

    [Fact]
    public void SiteEvents_JustOutsideThePeriod_AreRejectedUpFront()
    {
        var site = new SiteLocation(0, 180);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Etc/GMT-14");

        Assert.Throws<ArgumentOutOfRangeException>(() => SiteEventsCalculator.Calculate(site, zone, SupportedPeriod.FirstSiteEventsWhen.AddTicks(-1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => SiteEventsCalculator.Calculate(site, zone, SupportedPeriod.LastSiteEventsWhen.AddTicks(1)));
    }

    [Fact]
    public void MoonPasses_AtTheEdgesOfThePeriod_AreComputed()
    {
        var first = MoonRiseSetIllumination.Calculate(66, 180, SupportedPeriod.FirstUtc, SupportedPeriod.FirstUtc.AddDays(10));
        var last = MoonRiseSetIllumination.Calculate(-66, -180, SupportedPeriod.LastUtc.AddDays(-10), SupportedPeriod.LastUtc);

        Assert.NotEmpty(first);
        Assert.NotEmpty(last);
        Assert.All(first, pass => Assert.True(pass.Rise >= SupportedPeriod.FirstUtc.UtcDateTime));
        Assert.All(last, pass => Assert.True(pass.Set <= SupportedPeriod.LastUtc.UtcDateTime));
    }

    [Theory]
    [InlineData("1960-01-01T00:00:00Z", "1960-01-02T00:00:00Z")]
    [InlineData("1971-12-31T23:00:00Z", "1972-01-02T00:00:00Z")]
    [InlineData("2099-12-31T00:00:00Z", "2100-01-01T00:00:01Z")]
    [InlineData("9999-12-30T00:00:00Z", "9999-12-31T00:00:00Z")]
    public void MoonPasses_ReachingOutsideThePeriod_AreRejectedUpFront(string start, string end)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => MoonRiseSetIllumination.Calculate(
            0, 0, DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Contains("start and end must be from 1972-01-01", error.Message, StringComparison.Ordinal);
    }
}
