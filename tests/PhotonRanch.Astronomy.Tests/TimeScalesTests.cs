namespace PhotonRanch.Astronomy.Tests;

public class TimeScalesTests
{
    [Theory]
    [InlineData(1972, 1, 1, 10)]
    [InlineData(1987, 4, 10, 23)]
    [InlineData(1999, 1, 1, 32)]
    [InlineData(2016, 12, 31, 36)]
    [InlineData(2017, 1, 1, 37)]
    [InlineData(2026, 11, 25, 37)]
    public void TaiMinusUtc_FollowsLeapSecondTable(int year, int month, int day, int expected) =>
        Assert.Equal(expected, TimeScales.TaiMinusUtcSeconds(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Utc)));

    [Fact]
    public void TaiMinusUtc_LastSecondBefore2017_Is36() =>
        Assert.Equal(36, TimeScales.TaiMinusUtcSeconds(new DateTime(2016, 12, 31, 23, 59, 59, DateTimeKind.Utc)));

    [Fact]
    public void TaiMinusUtc_Before1972_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => TimeScales.TaiMinusUtcSeconds(new DateTime(1971, 12, 31, 0, 0, 0, DateTimeKind.Utc)));

    [Fact]
    public void UnixSeconds_ToTaiJulianDate_Adds37Seconds()
    {
        // 2017-01-01T00:00:00Z is Unix 1483228800 and JD 2457754.5 (UTC).
        Assert.Equal(2457754.5 + (37.0 / 86400.0), TimeScales.TaiJulianDateFromUnixSeconds(1483228800), 1e-9);
    }

    [Fact]
    public void J2000_IsJulianDate2451545()
    {
        Assert.Equal(2451545.0, TimeScales.UtcJulianDate(new DateTimeOffset(2000, 1, 1, 12, 0, 0, TimeSpan.Zero)), 1e-9);
    }

    [Fact]
    public void TaiJulianDate_RoundTripsThroughUtc()
    {
        var instant = new DateTimeOffset(2025, 6, 21, 3, 14, 15, 926, TimeSpan.Zero);
        var tai = TimeScales.TaiJulianDateFromUtc(instant);

        var back = TimeScales.UtcFromTaiJulianDate(tai);

        Assert.Equal(DateTimeKind.Utc, back.Kind);
        Assert.True(Math.Abs((back - instant.UtcDateTime).TotalMilliseconds) < 0.1);
    }

    // A Julian date held in a double resolves about 40 microseconds near JD 2.46e6, hence 3 decimals.
    [Fact]
    public void TerrestrialTime_Is32Point184SecondsAfterTai() =>
        Assert.Equal(32.184, (TimeScales.TerrestrialJulianDateFromTai(2460000.0) - 2460000.0) * 86400.0, 3);

    [Fact]
    public void Ut1_IsUtc_37SecondsBeforeTai() =>
        Assert.Equal(-37.0, (TimeScales.Ut1JulianDateFromTai(2460000.0) - 2460000.0) * 86400.0, 4);

    [Theory]
    [InlineData(499, "2025-06-21T03:14:15Z")]
    [InlineData(500, "2025-06-21T03:14:16Z")]
    public void ToIsoUtcString_RoundsToNearestSecond(int milliseconds, string expected) =>
        Assert.Equal(expected, TimeScales.ToIsoUtcString(new DateTime(2025, 6, 21, 3, 14, 15, milliseconds, DateTimeKind.Utc)));

    [Theory]
    [InlineData(35.5, "2016-12-31T23:59:59.5Z")]
    [InlineData(36.5, "2016-12-31T23:59:59.5Z")]
    [InlineData(37.0, "2017-01-01T00:00:00Z")]
    [InlineData(37.5, "2017-01-01T00:00:00.5Z")]
    public void UtcFromTai_AcrossTheEnd2016LeapSecond(double taiSecondsAfterUtcMidnight, string expected)
    {
        // 2017-01-01T00:00:00 on the UTC-JD scale is JD 2457754.5; TAI reads 00:00:37 at that instant.
        var tai = 2457754.5 + (taiSecondsAfterUtcMidnight / 86400.0);

        var utc = TimeScales.UtcFromTaiJulianDate(tai);

        var expectedUtc = DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
        Assert.True(Math.Abs((utc - expectedUtc).TotalMilliseconds) < 0.1, $"{utc:O}");
    }
}
