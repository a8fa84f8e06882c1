namespace PhotonRanch.Astronomy;

/// <summary>One complete moon pass: a moonrise, the following moonset, the meridian transit after the rise and
/// the illuminated fraction at that transit.</summary>
/// <param name="Rise">Moonrise (UTC).</param>
/// <param name="Set">The moonset following <paramref name="Rise"/> (UTC).</param>
/// <param name="Transit">First upper meridian transit after <paramref name="Rise"/> (UTC).</param>
/// <param name="Illumination">Illuminated fraction at <paramref name="Transit"/>, 0..1.</param>
public sealed record MoonPass(DateTime Rise, DateTime Set, DateTime Transit, double Illumination)
{
    /// <summary><see cref="Rise"/> as <c>YYYY-MM-DDTHH:MM:SSZ</c>.</summary>
    public string RiseIso => TimeScales.ToIsoUtcString(Rise);

    /// <summary><see cref="Set"/> as <c>YYYY-MM-DDTHH:MM:SSZ</c>.</summary>
    public string SetIso => TimeScales.ToIsoUtcString(Set);

    /// <summary><see cref="Transit"/> as <c>YYYY-MM-DDTHH:MM:SSZ</c>.</summary>
    public string TransitIso => TimeScales.ToIsoUtcString(Transit);
}

/// <summary>
/// Moonrise/moonset pairs, transits and illumination over a window (<c>GET /events/moon/rise-set-illum</c>).
/// </summary>
/// <remarks>
/// Rise and set are crossings of -34' by the apparent topocentric altitude of the Moon's centre, without
/// refraction, observer at sea level (5-minute search grid, refined to 0.01 s). Every rise inside the window
/// followed by a set inside the window forms a pass; a leading set and a trailing rise are dropped. The transit
/// is the first zero of the topocentric local hour angle after the rise (an upward zero of sin H; the parallax
/// in hour angle vanishes at the meridian, so this is also the geocentric transit) and may lie after the window
/// end. Illumination uses <see cref="MoonIllumination"/> (geocentric, Meeus ch. 48).
/// </remarks>
public static class MoonRiseSetIllumination
{
    /// <summary>Longest accepted window, days.</summary>
    public const double MaximumWindowDays = 366.0;

    /// <summary>Computes the passes in [startUtc, endUtc].</summary>
    /// <param name="latitudeDegrees">Latitude, degrees, within [-90, 90].</param>
    /// <param name="longitudeDegrees">Longitude, degrees east, within [-180, 180].</param>
    /// <param name="startUtc">Window start.</param>
    /// <param name="endUtc">Window end; must be after <paramref name="startUtc"/>, at most 366 days later, and both
    /// within <see cref="SupportedPeriod.FirstUtc"/> .. <see cref="SupportedPeriod.LastUtc"/>.</param>
    /// <returns>The passes in time order; empty when there is no complete pass.</returns>
    /// <exception cref="ArgumentOutOfRangeException">Latitude, longitude or window out of range.</exception>
    public static IReadOnlyList<MoonPass> Calculate(double latitudeDegrees, double longitudeDegrees, DateTimeOffset startUtc, DateTimeOffset endUtc)
    {
        if (!double.IsFinite(latitudeDegrees) || latitudeDegrees is < -90 or > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(latitudeDegrees), latitudeDegrees, "lat must be between -90 and 90 degrees.");
        }

        if (!double.IsFinite(longitudeDegrees) || longitudeDegrees is < -180 or > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(longitudeDegrees), longitudeDegrees, "lng must be between -180 and 180 degrees.");
        }

        if (endUtc <= startUtc)
        {
            throw new ArgumentOutOfRangeException(nameof(endUtc), endUtc, "end must be after start.");
        }

        if ((endUtc - startUtc).TotalDays > MaximumWindowDays)
        {
            throw new ArgumentOutOfRangeException(nameof(endUtc), endUtc, $"The window from start to end must not exceed {MaximumWindowDays} days.");
        }

        if (!SupportedPeriod.ContainsMoonWindow(startUtc, endUtc))
        {
            throw new ArgumentOutOfRangeException(
                nameof(startUtc), startUtc, $"start and end must be from {SupportedPeriod.FirstUtc:O} to {SupportedPeriod.LastUtc:O}.");
        }

        var observer = new TopocentricObserver(new SiteLocation(latitudeDegrees, longitudeDegrees), 0.0);
        var start = TimeScales.TaiJulianDateFromUtc(startUtc);
        var end = TimeScales.TaiJulianDateFromUtc(endUtc);

        // Covers the transit search, which may run up to 1.1 days past the last rise.
        var nutation = new InterpolatedNutation(TimeScales.TerrestrialJulianDateFromTai(start), TimeScales.TerrestrialJulianDateFromTai(end + 1.1));

        // The window is closed at the end: extend the half-open search by the refinement tolerance.
        var crossings = EventSearch.FindCrossings(
            t => observer.Moon(t, nutation).AltitudeDegrees,
            SiteEventsCalculator.MoonRiseSetAltitude,
            start,
            end + EventSearch.Tolerance,
            SiteEventsCalculator.MoonSearchStep);

        var passes = new List<MoonPass>();
        for (var i = 0; i < crossings.Count; i++)
        {
            if (crossings[i].Direction != CrossingDirection.Rising || crossings[i].JulianDate > end)
            {
                continue;
            }

            var set = FirstAfter(crossings, i, CrossingDirection.Setting);
            if (set is not { } setInstant || setInstant > end)
            {
                continue;
            }

            var rise = crossings[i].JulianDate;
            var transit = NextTransit(observer, nutation, rise);
            passes.Add(new MoonPass(
                TimeScales.UtcFromTaiJulianDate(rise),
                TimeScales.UtcFromTaiJulianDate(setInstant),
                TimeScales.UtcFromTaiJulianDate(transit),
                MoonIllumination.Fraction(transit)));
        }

        return passes;
    }

    /// <summary>
    /// First upper meridian transit after <paramref name="taiJulianDate"/>: an upward zero of sin(H). The search
    /// first brackets the estimate from the current hour angle at the mean lunar rate (about 347.8 degrees per day,
    /// true rate 335-350) within 0.1 day, and falls back to scanning 1.1 days, which always holds a transit.
    /// </summary>
    /// <param name="observer">The observer.</param>
    /// <param name="nutation">Nutation table covering the search.</param>
    /// <param name="taiJulianDate">Search start (TAI Julian date).</param>
    /// <returns>The transit instant (TAI Julian date).</returns>
    internal static double NextTransit(TopocentricObserver observer, InterpolatedNutation nutation, double taiJulianDate)
    {
        const double meanHourAngleRateDegreesPerDay = 347.8;
        const double estimateMargin = 0.1;
        var hourAngle = observer.Moon(taiJulianDate, nutation).HourAngleDegrees;
        var estimate = taiJulianDate + (Angles.NormalizeDegrees(-hourAngle) / meanHourAngleRateDegreesPerDay);
        var transit = FirstUpperTransit(observer, nutation, Math.Max(taiJulianDate, estimate - estimateMargin), estimate + estimateMargin)
            ?? FirstUpperTransit(observer, nutation, taiJulianDate, taiJulianDate + 1.1);
        return transit ?? throw new InvalidOperationException("No lunar meridian transit found within 1.1 days; the hour angle must advance.");
    }

    private static double? FirstUpperTransit(TopocentricObserver observer, InterpolatedNutation nutation, double start, double end)
    {
        var crossings = EventSearch.FindCrossings(
            t => Math.Sin(observer.Moon(t, nutation).HourAngleDegrees * Angles.DegreesToRadians),
            0.0,
            start,
            end,
            SiteEventsCalculator.MoonSearchStep);
        foreach (var crossing in crossings)
        {
            if (crossing.Direction == CrossingDirection.Rising)
            {
                return crossing.JulianDate;
            }
        }

        return null;
    }

    private static double? FirstAfter(IReadOnlyList<Crossing> crossings, int index, CrossingDirection direction)
    {
        for (var i = index + 1; i < crossings.Count; i++)
        {
            if (crossings[i].Direction == direction)
            {
                return crossings[i].JulianDate;
            }
        }

        return null;
    }
}
