namespace PhotonRanch.Astronomy;

/// <summary>
/// Conversions between UTC, TAI, TT and UT1 and Julian dates.
/// </summary>
/// <remarks>
/// TAI - UTC follows the IERS leap-second table (IERS Bulletin C; last leap second inserted at the end of
/// 2016-12-31, so TAI - UTC = 37 s from 2017-01-01). TT = TAI + 32.184 s exactly (IAU 1991 Resolution A4).
/// UT1 is approximated by UTC: IERS keeps |UT1 - UTC| below 0.9 s, which moves the Sun's hour angle by at most
/// 13.5 arcseconds (well under a second of event time). Julian dates follow Meeus, "Astronomical Algorithms"
/// 2nd ed., ch. 7 (JD 2440587.5 = 1970-01-01T00:00:00). UTC instants before 1972-01-01 (before the leap-second
/// system) are rejected.
/// </remarks>
public static class TimeScales
{
    /// <summary>Julian date of the Unix epoch, 1970-01-01T00:00:00.</summary>
    public const double UnixEpochJulianDate = 2440587.5;

    /// <summary>Julian date of the standard epoch J2000.0 (2000-01-01T12:00:00 TT).</summary>
    public const double J2000 = 2451545.0;

    /// <summary>Seconds per day.</summary>
    public const double SecondsPerDay = 86400.0;

    /// <summary>TT - TAI in seconds (exact by definition).</summary>
    public const double TerrestrialMinusAtomicSeconds = 32.184;

    /// <summary>
    /// UTC dates (00:00:00 UTC) from which TAI - UTC took a new value, with that value in seconds
    /// (IERS Bulletin C 70 and earlier).
    /// </summary>
    private static readonly (DateTime FromUtc, int TaiMinusUtc)[] LeapSecondTable =
    [
        (new DateTime(1972, 1, 1, 0, 0, 0, DateTimeKind.Utc), 10),
        (new DateTime(1972, 7, 1, 0, 0, 0, DateTimeKind.Utc), 11),
        (new DateTime(1973, 1, 1, 0, 0, 0, DateTimeKind.Utc), 12),
        (new DateTime(1974, 1, 1, 0, 0, 0, DateTimeKind.Utc), 13),
        (new DateTime(1975, 1, 1, 0, 0, 0, DateTimeKind.Utc), 14),
        (new DateTime(1976, 1, 1, 0, 0, 0, DateTimeKind.Utc), 15),
        (new DateTime(1977, 1, 1, 0, 0, 0, DateTimeKind.Utc), 16),
        (new DateTime(1978, 1, 1, 0, 0, 0, DateTimeKind.Utc), 17),
        (new DateTime(1979, 1, 1, 0, 0, 0, DateTimeKind.Utc), 18),
        (new DateTime(1980, 1, 1, 0, 0, 0, DateTimeKind.Utc), 19),
        (new DateTime(1981, 7, 1, 0, 0, 0, DateTimeKind.Utc), 20),
        (new DateTime(1982, 7, 1, 0, 0, 0, DateTimeKind.Utc), 21),
        (new DateTime(1983, 7, 1, 0, 0, 0, DateTimeKind.Utc), 22),
        (new DateTime(1985, 7, 1, 0, 0, 0, DateTimeKind.Utc), 23),
        (new DateTime(1988, 1, 1, 0, 0, 0, DateTimeKind.Utc), 24),
        (new DateTime(1990, 1, 1, 0, 0, 0, DateTimeKind.Utc), 25),
        (new DateTime(1991, 1, 1, 0, 0, 0, DateTimeKind.Utc), 26),
        (new DateTime(1992, 7, 1, 0, 0, 0, DateTimeKind.Utc), 27),
        (new DateTime(1993, 7, 1, 0, 0, 0, DateTimeKind.Utc), 28),
        (new DateTime(1994, 7, 1, 0, 0, 0, DateTimeKind.Utc), 29),
        (new DateTime(1996, 1, 1, 0, 0, 0, DateTimeKind.Utc), 30),
        (new DateTime(1997, 7, 1, 0, 0, 0, DateTimeKind.Utc), 31),
        (new DateTime(1999, 1, 1, 0, 0, 0, DateTimeKind.Utc), 32),
        (new DateTime(2006, 1, 1, 0, 0, 0, DateTimeKind.Utc), 33),
        (new DateTime(2009, 1, 1, 0, 0, 0, DateTimeKind.Utc), 34),
        (new DateTime(2012, 7, 1, 0, 0, 0, DateTimeKind.Utc), 35),
        (new DateTime(2015, 7, 1, 0, 0, 0, DateTimeKind.Utc), 36),
        (new DateTime(2017, 1, 1, 0, 0, 0, DateTimeKind.Utc), 37),
    ];

    /// <summary>TAI - UTC in seconds in force at the given UTC instant.</summary>
    /// <param name="utc">A UTC instant on or after 1972-01-01 (kind Unspecified is taken as UTC).</param>
    /// <returns>The whole number of seconds TAI is ahead of UTC.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The instant precedes 1972-01-01 UTC.</exception>
    public static int TaiMinusUtcSeconds(DateTime utc)
    {
        var ticks = utc.Kind == DateTimeKind.Local ? utc.ToUniversalTime().Ticks : utc.Ticks;
        if (ticks < LeapSecondTable[0].FromUtc.Ticks)
        {
            throw new ArgumentOutOfRangeException(nameof(utc), utc, "UTC instants before 1972-01-01 (before leap seconds) are not supported.");
        }

        for (var i = LeapSecondTable.Length - 1; i > 0; i--)
        {
            if (ticks >= LeapSecondTable[i].FromUtc.Ticks)
            {
                return LeapSecondTable[i].TaiMinusUtc;
            }
        }

        return LeapSecondTable[0].TaiMinusUtc;
    }

    /// <summary>Julian date of a UTC instant on the UTC time scale (Meeus ch. 7).</summary>
    /// <param name="utc">The instant.</param>
    /// <returns>The Julian date, days since -4712-01-01T12:00 on the UTC scale.</returns>
    public static double UtcJulianDate(DateTimeOffset utc) =>
        UnixEpochJulianDate + ((utc.UtcTicks - DateTime.UnixEpoch.Ticks) / (double)TimeSpan.TicksPerDay);

    /// <summary>UTC instant of a Julian date on the UTC time scale (inverse of <see cref="UtcJulianDate"/>).</summary>
    /// <param name="utcJulianDate">Julian date on the UTC scale.</param>
    /// <returns>The UTC <see cref="DateTime"/> (kind <see cref="DateTimeKind.Utc"/>), rounded to the tick.</returns>
    public static DateTime UtcFromUtcJulianDate(double utcJulianDate) =>
        new(DateTime.UnixEpoch.Ticks + (long)Math.Round((utcJulianDate - UnixEpochJulianDate) * TimeSpan.TicksPerDay), DateTimeKind.Utc);

    /// <summary>TAI Julian date of a UTC instant: the product's time representation for events.</summary>
    /// <param name="utc">The instant (any offset; only the UTC instant matters).</param>
    /// <returns>The Julian date on the TAI scale.</returns>
    public static double TaiJulianDateFromUtc(DateTimeOffset utc) =>
        UtcJulianDate(utc) + (TaiMinusUtcSeconds(utc.UtcDateTime) / SecondsPerDay);

    /// <summary>TAI Julian date of an instant given as Unix seconds (seconds since 1970-01-01T00:00:00 UTC, no leap seconds).</summary>
    /// <param name="unixSeconds">Unix time in seconds.</param>
    /// <returns>The Julian date on the TAI scale.</returns>
    public static double TaiJulianDateFromUnixSeconds(double unixSeconds) =>
        TaiJulianDateFromUtc(DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(unixSeconds * TimeSpan.TicksPerSecond)));

    /// <summary>UTC instant of a TAI Julian date (used for the ISO-formatted event output).</summary>
    /// <param name="taiJulianDate">Julian date on the TAI scale.</param>
    /// <returns>The UTC <see cref="DateTime"/> (kind <see cref="DateTimeKind.Utc"/>). <see cref="DateTime"/> has no
    /// second 60, so an instant inside a leap second (23:59:60.x) is returned as 23:59:59.x.</returns>
    public static DateTime UtcFromTaiJulianDate(double taiJulianDate)
    {
        // TAI read 1972-01-01T00:00:10 when UTC began; NaN fails the comparison too.
        var first = LeapSecondTable[0];
        if (!(taiJulianDate >= UtcJulianDate(first.FromUtc) + (first.TaiMinusUtc / SecondsPerDay)))
        {
            throw new ArgumentOutOfRangeException(nameof(taiJulianDate), taiJulianDate, "Instants before 1972-01-01 UTC are not supported.");
        }

        // TAI - UTC never decreases, so the offset in force at this underestimate never exceeds the true one.
        var estimate = UtcFromUtcJulianDate(taiJulianDate - (LeapSecondTable[^1].TaiMinusUtc / SecondsPerDay));
        if (estimate < first.FromUtc)
        {
            estimate = first.FromUtc;
        }

        var offset = TaiMinusUtcSeconds(estimate);
        var utc = UtcFromUtcJulianDate(taiJulianDate - (offset / SecondsPerDay));
        return UtcFromUtcJulianDate(taiJulianDate - (TaiMinusUtcSeconds(utc) / SecondsPerDay));
    }

    /// <summary>Formats a UTC instant as <c>YYYY-MM-DDTHH:MM:SSZ</c>, rounded to the nearest second.</summary>
    /// <param name="utc">The UTC instant.</param>
    /// <returns>The ISO 8601 string.</returns>
    public static string ToIsoUtcString(DateTime utc)
    {
        var rounded = new DateTime((utc.Ticks + (TimeSpan.TicksPerSecond / 2)) / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        return rounded.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Formats a UTC instant as <c>YYYY-MM-DDTHH:MM:SS.fffZ</c>, rounded to the nearest millisecond.</summary>
    /// <param name="utc">The UTC instant.</param>
    /// <returns>The ISO 8601 string.</returns>
    public static string ToIsoUtcMillisecondsString(DateTime utc)
    {
        var rounded = new DateTime((utc.Ticks + (TimeSpan.TicksPerMillisecond / 2)) / TimeSpan.TicksPerMillisecond * TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
        return rounded.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Terrestrial Time Julian date (the ephemeris argument, "JDE" in Meeus) of a TAI Julian date.</summary>
    /// <param name="taiJulianDate">Julian date on the TAI scale.</param>
    /// <returns>Julian date on the TT scale.</returns>
    public static double TerrestrialJulianDateFromTai(double taiJulianDate) =>
        taiJulianDate + (TerrestrialMinusAtomicSeconds / SecondsPerDay);

    /// <summary>UT1 Julian date (Earth rotation angle argument) of a TAI Julian date, taking UT1 = UTC.</summary>
    /// <param name="taiJulianDate">Julian date on the TAI scale.</param>
    /// <returns>Julian date on the UT1 scale, within 0.9 s.</returns>
    public static double Ut1JulianDateFromTai(double taiJulianDate) =>
        taiJulianDate - (TaiMinusUtcSeconds(UtcFromTaiJulianDate(taiJulianDate)) / SecondsPerDay);
}
