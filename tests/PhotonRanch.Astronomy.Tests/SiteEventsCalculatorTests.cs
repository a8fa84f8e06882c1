namespace PhotonRanch.Astronomy.Tests;

public class SiteEventsCalculatorTests
{
    private const double Second = 1.0 / 86400.0;
    private static readonly SiteLocation SantaBarbara = new(34.4208, -119.6982, 10);
    private static readonly TimeZoneInfo LosAngeles = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");

    [Fact]
    public void MidLatitudeNight_HasAllSunEvents_SortedByTime()
    {
        var result = SiteEventsCalculator.Calculate(SantaBarbara, LosAngeles, new DateTimeOffset(2025, 2, 3, 4, 0, 0, TimeSpan.Zero));

        var names = result.Events.Select(e => e.Name).ToList();
        Assert.Equal(26, names.Count + result.Missing.Count);
        Assert.Equal(SiteEventNames.All.Order(StringComparer.Ordinal), names.Concat(result.Missing).Order(StringComparer.Ordinal));
        Assert.All(result.Missing, name => Assert.StartsWith("Moon", name, StringComparison.Ordinal));
        Assert.Equal(result.Events.OrderBy(e => e.TaiJulianDate).Select(e => e.Name), names);
        Assert.All(result.Events, e => Assert.InRange(e.TaiJulianDate, result.WindowStartTaiJulianDate - 0.5, result.WindowStartTaiJulianDate + 1.0));
    }

    [Fact]
    public void DerivedEvents_FollowTheContractOffsets()
    {
        var events = SiteEventsCalculator.Calculate(SantaBarbara, LosAngeles, new DateTimeOffset(2025, 2, 3, 4, 0, 0, TimeSpan.Zero))
            .Events.ToDictionary(e => e.Name, e => e.TaiJulianDate);

        var sunSet = events[SiteEventNames.SunSet];
        var opsStart = sunSet - (1.0 / 24);
        var endEveScrn = opsStart - (75 * Second);
        var eveScrn = endEveScrn - (1.5 / 24);
        var endEveBias = eveScrn - (385 * Second);
        AssertClose(opsStart, events[SiteEventNames.OpsWindowStart]);
        AssertClose(sunSet - (0.5 / 24), events[SiteEventNames.EveSkyFlats]);
        AssertClose(endEveScrn, events[SiteEventNames.EndEveScrnFlats]);
        AssertClose(eveScrn, events[SiteEventNames.EveScrnFlats]);
        AssertClose(endEveBias, events[SiteEventNames.EndEveBiasDark]);
        AssertClose(endEveBias - (8.0 / 24), events[SiteEventNames.EveBiasDark]);
        AssertClose(events[SiteEventNames.NautDusk] + (5.0 / 1440), events[SiteEventNames.ObservingBegins]);
        AssertClose(events[SiteEventNames.NautDawn] - (5.0 / 1440), events[SiteEventNames.ObservingEnds]);
        AssertClose(opsStart + (0.5 / 1440), events[SiteEventNames.CoolDownOpen]);
        AssertClose(events[SiteEventNames.EndEveSkyFlats] + (1.0 / 1440), events[SiteEventNames.ClockAndAutoFocus]);
        AssertClose(events[SiteEventNames.NautDawn] - (4.0 / 1440), events[SiteEventNames.FinalClockAndAutoFocus]);
        AssertClose(sunSet + ((events[SiteEventNames.Sunrise] - sunSet) / 2), events[SiteEventNames.MiddleOfNight]);
        AssertClose(events[SiteEventNames.EndMornSkyFlats] + (0.5 / 1440), events[SiteEventNames.OpsWindowCloses]);
    }

    [Fact]
    public void HighLatitudeSummer_OmitsUncrossedThresholdsAndTheirDerivatives()
    {
        var helsinki = new SiteLocation(60.0, 24.94);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Helsinki");

        var result = SiteEventsCalculator.Calculate(helsinki, zone, new DateTimeOffset(2025, 6, 21, 20, 0, 0, TimeSpan.Zero));

        string[] expectedMissing =
        [
            SiteEventNames.ObservingBegins, SiteEventNames.ObservingEnds, SiteEventNames.EndEveSkyFlats,
            SiteEventNames.ClockAndAutoFocus, SiteEventNames.NautDusk, SiteEventNames.AstroDark,
            SiteEventNames.EndAstroDark, SiteEventNames.FinalClockAndAutoFocus, SiteEventNames.NautDawn,
            SiteEventNames.MornSkyFlats,
        ];
        Assert.All(expectedMissing, name => Assert.Contains(name, result.Missing));
        Assert.All(expectedMissing, name => Assert.DoesNotContain(result.Events, e => e.Name == name));
        Assert.Contains(result.Events, e => e.Name == SiteEventNames.SunSet);
        Assert.Contains(result.Events, e => e.Name == SiteEventNames.CivilDusk);
        Assert.Contains(result.Events, e => e.Name == SiteEventNames.MiddleOfNight);
    }

    [Theory]
    [InlineData(78.22, 15.65, "Arctic/Longyearbyen", 6)]
    [InlineData(78.22, 15.65, "Arctic/Longyearbyen", 12)]
    [InlineData(-77.85, 166.67, "Antarctica/McMurdo", 6)]
    [InlineData(89.99, 0.0, "Etc/UTC", 3)]
    public void PolarDayAndNight_NeverThrow_AndReportSunEventsMissing(double latitude, double longitude, string zoneId, int month)
    {
        var result = SiteEventsCalculator.Calculate(new SiteLocation(latitude, longitude), TimeZoneInfo.FindSystemTimeZoneById(zoneId), new DateTimeOffset(2025, month, 21, 0, 0, 0, TimeSpan.Zero));

        Assert.Contains(SiteEventNames.SunSet, result.Missing);
        Assert.Contains(SiteEventNames.Sunrise, result.Missing);
        Assert.Contains(SiteEventNames.MiddleOfNight, result.Missing);
        Assert.Contains(SiteEventNames.EveBiasDark, result.Missing);
        Assert.Equal(26, result.Events.Count + result.Missing.Count);
    }

    [Fact]
    public void SiteElevation_IsIgnoredByDefault_AndUsedOnRequest()
    {
        var when = new DateTimeOffset(2025, 2, 3, 4, 0, 0, TimeSpan.Zero);
        var high = new SiteLocation(SantaBarbara.LatitudeDegrees, SantaBarbara.LongitudeDegrees, 3000);
        var seaLevel = new SiteLocation(SantaBarbara.LatitudeDegrees, SantaBarbara.LongitudeDegrees, 0);

        var byDefault = SiteEventsCalculator.Calculate(high, LosAngeles, when);
        var atSeaLevel = SiteEventsCalculator.Calculate(seaLevel, LosAngeles, when);
        var withElevation = SiteEventsCalculator.Calculate(high, LosAngeles, when, useSiteElevation: true);

        Assert.Equal(atSeaLevel.Events, byDefault.Events);
        Assert.NotEqual(atSeaLevel.Events, withElevation.Events);
    }

    [Fact]
    public void IsoOutput_ConvertsTaiJulianDateToUtc()
    {
        var sunSet = SiteEventsCalculator.Calculate(SantaBarbara, LosAngeles, new DateTimeOffset(2025, 2, 3, 4, 0, 0, TimeSpan.Zero))
            .Events.Single(e => e.Name == SiteEventNames.SunSet);

        Assert.Equal(sunSet.TaiJulianDate - (37.0 / 86400.0), TimeScales.UtcJulianDate(sunSet.Utc), 1e-9);
        Assert.Matches("^2025-02-03T01:[0-9]{2}:[0-9]{2}Z$", TimeScales.ToIsoUtcString(sunSet.Utc));
    }

    private static void AssertClose(double expected, double actual) => Assert.Equal(expected, actual, 1e-9);
}
