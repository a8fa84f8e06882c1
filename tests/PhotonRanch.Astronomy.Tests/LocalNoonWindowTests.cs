namespace PhotonRanch.Astronomy.Tests;

/// <summary>
/// The observing day starts at the local noon preceding `when`, per the contract formula
/// floor(JD_TAI + offset) - offset, with the offset in force at that noon on DST change days.
/// </summary>
public class LocalNoonWindowTests
{
    public static TheoryData<string, string, string> ChangeDays => new()
    {
        // zone, local wall-clock `when` on the change day, expected local date of the window's noon
        { "America/Los_Angeles", "2025-03-09T01:30", "2025-03-08" },
        { "America/Los_Angeles", "2025-03-09T03:30", "2025-03-08" },
        { "America/Los_Angeles", "2025-03-09T10:00", "2025-03-08" },
        { "America/Los_Angeles", "2025-03-09T11:59", "2025-03-08" },
        { "America/Los_Angeles", "2025-03-09T12:01", "2025-03-09" },
        { "America/Los_Angeles", "2025-03-09T23:00", "2025-03-09" },
        { "America/Los_Angeles", "2025-11-02T00:30", "2025-11-01" },
        { "America/Los_Angeles", "2025-11-02T03:00", "2025-11-01" },
        { "America/Los_Angeles", "2025-11-02T10:00", "2025-11-01" },
        { "America/Los_Angeles", "2025-11-02T12:01", "2025-11-02" },
        { "America/Los_Angeles", "2025-11-02T20:00", "2025-11-02" },
        { "Europe/Berlin", "2025-03-30T01:30", "2025-03-29" },
        { "Europe/Berlin", "2025-03-30T04:00", "2025-03-29" },
        { "Europe/Berlin", "2025-03-30T11:00", "2025-03-29" },
        { "Europe/Berlin", "2025-03-30T12:01", "2025-03-30" },
        { "Europe/Berlin", "2025-10-26T01:00", "2025-10-25" },
        { "Europe/Berlin", "2025-10-26T09:00", "2025-10-25" },
        { "Europe/Berlin", "2025-10-26T12:01", "2025-10-26" },
        { "Europe/Berlin", "2025-10-26T22:00", "2025-10-26" },
    };

    [Theory]
    [MemberData(nameof(ChangeDays))]
    public void WindowStartsAtWallClockNoon_AcrossDaylightSavingChanges(string zoneId, string localWhen, string expectedNoonDate)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var when = AtLocal(zone, DateTime.Parse(localWhen, System.Globalization.CultureInfo.InvariantCulture));
        var noonLocal = DateOnly.Parse(expectedNoonDate, System.Globalization.CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(12, 0));

        var start = LocalNoonWindow.StartTaiJulianDate(zone, when);

        // floor(JD_TAI + offset) - offset is 12:00 "TAI-local"; numerically it equals the UTC Julian date of
        // 12:00 on the local wall clock (the instant itself is 37 s earlier than 12:00 UTC-local).
        Assert.Equal(TimeScales.UtcJulianDate(AtLocal(zone, noonLocal)), start, 1e-9);
        Assert.True(start <= TimeScales.TaiJulianDateFromUtc(when));
    }

    [Fact]
    public void OrdinaryDays_EqualTheContractFormula()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles");
        for (var hour = 0; hour < 24 * 40; hour += 7)
        {
            var when = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero).AddHours(hour).AddMinutes(13);
            var jd = TimeScales.TaiJulianDateFromUtc(when);
            var offset = zone.GetUtcOffset(when).TotalDays;

            Assert.Equal(Math.Floor(jd + offset) - offset, LocalNoonWindow.StartTaiJulianDate(zone, when), 1e-12);
        }
    }

    [Fact]
    public void WindowContainsWhen_OnOrdinaryDays()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Australia/Perth");
        var when = new DateTimeOffset(2025, 7, 14, 4, 30, 0, TimeSpan.Zero);

        var start = LocalNoonWindow.StartTaiJulianDate(zone, when);
        var jd = TimeScales.TaiJulianDateFromUtc(when);

        Assert.InRange(jd, start, start + 1.0);
    }

    private static DateTimeOffset AtLocal(TimeZoneInfo zone, DateTime local)
    {
        var unspecified = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        return new DateTimeOffset(unspecified, zone.GetUtcOffset(unspecified));
    }
}
