namespace PhotonRanch.Astronomy;

/// <summary>
/// The 24-hour observing-day window that starts at the local noon preceding an instant.
/// </summary>
/// <remarks>
/// The product contract defines the start as noon = floor(JD_TAI(when) + offset) - offset, with the offset
/// (days) of the site's time zone at <c>when</c>. Because Julian days begin at 12:00, JD + offset counts days
/// from local noon, so the floor lands on the latest local noon at or before <c>when</c> (a TAI-based noon, i.e.
/// 12:00:00 TAI-local, 37 s before 12:00 UTC-local since 2017). That formula is used unchanged except on the one
/// day a year when a daylight-saving change falls between that noon and <c>when</c>: there the offset at
/// <c>when</c> differs from the offset in force at noon and the formula's "noon" is 11:00 or 13:00 on the wall
/// clock (the defect the original service documented). This class therefore returns the latest instant
/// n &lt;= JD_TAI(when) with n = k - offset(n) for an integer k, where offset(n) is the offset in force at n
/// itself; it equals the contract formula whenever no change intervenes. The window is [noon, noon + 1 day).
/// </remarks>
public static class LocalNoonWindow
{
    /// <summary>TAI Julian date of the local noon that starts the observing day containing <paramref name="when"/>.</summary>
    /// <param name="timeZone">The site's time zone (IANA, e.g. from <see cref="TimeZoneInfo.FindSystemTimeZoneById(string)"/>).</param>
    /// <param name="when">The instant the caller asked about.</param>
    /// <returns>The window start as a TAI Julian date.</returns>
    public static double StartTaiJulianDate(TimeZoneInfo timeZone, DateTimeOffset when)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var julianDate = TimeScales.TaiJulianDateFromUtc(when);
        var offsetAtWhen = OffsetDays(timeZone, when.UtcDateTime);

        // A change of offset can only matter if it happened within the last day; the offsets in force now and
        // 26 hours ago cover every zone's single transition in that span.
        double[] offsets = [offsetAtWhen, OffsetDays(timeZone, when.UtcDateTime.AddHours(-26))];
        var best = double.NegativeInfinity;
        foreach (var offset in offsets)
        {
            var noon = Math.Floor(julianDate + offset) - offset;
            foreach (var candidate in (ReadOnlySpan<double>)[noon, noon - 1.0])
            {
                if (candidate <= julianDate && candidate > best
                    && OffsetDays(timeZone, TimeScales.UtcFromTaiJulianDate(candidate)) == offset)
                {
                    best = candidate;
                }
            }
        }

        return double.IsNegativeInfinity(best) ? Math.Floor(julianDate + offsetAtWhen) - offsetAtWhen : best;
    }

    private static double OffsetDays(TimeZoneInfo timeZone, DateTime utc) =>
        timeZone.GetUtcOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)).Ticks / (double)TimeSpan.TicksPerDay;
}
