namespace PhotonRanch.Astronomy;

/// <summary>One named event of an observing night.</summary>
/// <param name="Name">One of <see cref="SiteEventNames.All"/>.</param>
/// <param name="TaiJulianDate">Instant as a Julian date on the TAI scale (the contract's number).</param>
public readonly record struct SiteEvent(string Name, double TaiJulianDate)
{
    /// <summary>The same instant in UTC, for the <c>format=iso</c> output.</summary>
    public DateTime Utc => TimeScales.UtcFromTaiJulianDate(TaiJulianDate);
}

/// <summary>The events of one site-night.</summary>
/// <param name="WindowStartTaiJulianDate">Local noon starting the 24-hour window (TAI Julian date).</param>
/// <param name="Events">The events found, sorted by time (ties in contract order).</param>
/// <param name="Missing">Names of <see cref="SiteEventNames.All"/> that did not occur in the window (e.g. no
/// astronomical dark in a high-latitude summer, or no moonrise that day), in contract order.</param>
public sealed record SiteEventsResult(double WindowStartTaiJulianDate, IReadOnlyList<SiteEvent> Events, IReadOnlyList<string> Missing);

/// <summary>
/// Computes the 26 observatory events of <c>GET /events</c> for a site and instant.
/// </summary>
/// <remarks>
/// <para>The window is [local noon, local noon + 1 day) from <see cref="LocalNoonWindow"/>. Sun events are
/// crossings of the apparent topocentric altitude of the Sun's centre, without refraction, through -0.25, -1.5,
/// -6, -11.75, -12 and -18 degrees (searched on a 10-minute grid); Moon Rise/Set are crossings of -34' by the
/// Moon's topocentric centre (5-minute grid). A "set" is a downward crossing, a "rise" an upward one; if a
/// threshold is crossed more than once in the same direction the last crossing wins, as in the original
/// service. Derived events are offsets from these per the contract table.</para>
/// <para>The original service placed the observer at sea level even though the site configuration carries an
/// elevation; that is the default here (<c>useSiteElevation = false</c>). Passing <c>true</c> uses
/// <see cref="SiteLocation.ElevationMeters"/> for the parallax only (no horizon dip is applied).</para>
/// <para>When a threshold is never crossed (high-latitude summer) its events and everything derived from them
/// are omitted and listed in <see cref="SiteEventsResult.Missing"/>; the method never throws for that.</para>
/// </remarks>
public static class SiteEventsCalculator
{
    /// <summary>Sun-centre altitude of Sun Set / Sunrise, degrees.</summary>
    public const double SunSetAltitude = -0.25;

    /// <summary>Sun altitude bounding the morning sky flats, degrees.</summary>
    public const double SkyFlatBrightAltitude = -1.5;

    /// <summary>Civil twilight altitude, degrees.</summary>
    public const double CivilAltitude = -6.0;

    /// <summary>Sun altitude bounding the sky flats on the dark side, degrees.</summary>
    public const double SkyFlatDarkAltitude = -11.75;

    /// <summary>Nautical twilight altitude, degrees.</summary>
    public const double NauticalAltitude = -12.0;

    /// <summary>Astronomical twilight altitude, degrees.</summary>
    public const double AstronomicalAltitude = -18.0;

    /// <summary>Moon-centre altitude of moonrise / moonset: -34 arcminutes, degrees.</summary>
    public const double MoonRiseSetAltitude = -34.0 / 60.0;

    /// <summary>Grid step for the Sun search, days (10 minutes).</summary>
    public const double SunSearchStep = 10.0 / 1440.0;

    /// <summary>Grid step for the Moon search, days (5 minutes).</summary>
    public const double MoonSearchStep = 5.0 / 1440.0;

    private static readonly double[] SunThresholds =
        [SunSetAltitude, SkyFlatBrightAltitude, CivilAltitude, SkyFlatDarkAltitude, NauticalAltitude, AstronomicalAltitude];

    private static readonly Dictionary<string, int> ContractPosition =
        SiteEventNames.All.Select((name, index) => (name, index)).ToDictionary(p => p.name, p => p.index);

    /// <summary>Computes the events of the observing night containing <paramref name="when"/>.</summary>
    /// <param name="site">Site latitude, longitude and elevation.</param>
    /// <param name="timeZone">The site's time zone (from its IANA name).</param>
    /// <param name="when">The instant asked about (the endpoint's Unix-seconds <c>when</c>).</param>
    /// <param name="useSiteElevation">Use the site's elevation for the parallax; false (the original's behaviour)
    /// puts the observer at sea level.</param>
    /// <param name="offsets">The derived events' offsets; null for <see cref="EventOffsets.Default"/>.</param>
    /// <returns>Events sorted by time and the names that did not occur.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="when"/> is outside
    /// <see cref="SupportedPeriod.FirstSiteEventsWhen"/> .. <see cref="SupportedPeriod.LastSiteEventsWhen"/>, or
    /// <paramref name="offsets"/> is not <see cref="EventOffsets.IsValid"/>.</exception>
    public static SiteEventsResult Calculate(
        SiteLocation site, TimeZoneInfo timeZone, DateTimeOffset when, bool useSiteElevation = false, EventOffsets? offsets = null)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(timeZone);
        if (!SupportedPeriod.ContainsSiteEventsWhen(when))
        {
            throw new ArgumentOutOfRangeException(
                nameof(when), when, $"when must be from {SupportedPeriod.FirstSiteEventsWhen:O} to {SupportedPeriod.LastSiteEventsWhen:O}.");
        }

        offsets ??= EventOffsets.Default;
        if (!offsets.IsValid)
        {
            throw new ArgumentOutOfRangeException(nameof(offsets), offsets, $"Each offset, and the evening chain, must be from 0 to {EventOffsets.Longest}.");
        }

        var start = LocalNoonWindow.StartTaiJulianDate(timeZone, when);
        var end = start + 1.0;
        var observer = new TopocentricObserver(site, useSiteElevation ? site.ElevationMeters : 0.0);

        var nutation = new InterpolatedNutation(TimeScales.TerrestrialJulianDateFromTai(start), TimeScales.TerrestrialJulianDateFromTai(end));

        var night = new InterpolatedNight(observer, nutation, start, end);

        var sun = EventSearch.FindCrossings(night.SunAltitude, SunThresholds, start, end, SunSearchStep);
        var moon = EventSearch.FindCrossings(night.MoonAltitude, MoonRiseSetAltitude, start, end, MoonSearchStep);

        var events = new Dictionary<string, double>();
        var sunSet = Last(sun[0], CrossingDirection.Setting);
        var sunrise = Last(sun[0], CrossingDirection.Rising);
        var endMornSkyFlats = Last(sun[1], CrossingDirection.Rising);
        var civilDusk = Last(sun[2], CrossingDirection.Setting);
        var civilDawn = Last(sun[2], CrossingDirection.Rising);
        var endEveSkyFlats = Last(sun[3], CrossingDirection.Setting);
        var mornSkyFlats = Last(sun[3], CrossingDirection.Rising);
        var nautDusk = Last(sun[4], CrossingDirection.Setting);
        var nautDawn = Last(sun[4], CrossingDirection.Rising);
        var astroDark = Last(sun[5], CrossingDirection.Setting);
        var endAstroDark = Last(sun[5], CrossingDirection.Rising);

        var opsWindowStart = sunSet - offsets.OpsWindowBeforeSunSet.TotalDays;
        var endEveScrnFlats = opsWindowStart - offsets.ScreenFlatsToOpsWindow.TotalDays;
        var eveScrnFlats = endEveScrnFlats - offsets.EveScreenFlats.TotalDays;
        var endEveBiasDark = eveScrnFlats - offsets.BiasDarkToScreenFlats.TotalDays;

        Add(events, SiteEventNames.EveBiasDark, endEveBiasDark - offsets.EveBiasDark.TotalDays);
        Add(events, SiteEventNames.EndEveBiasDark, endEveBiasDark);
        Add(events, SiteEventNames.EveScrnFlats, eveScrnFlats);
        Add(events, SiteEventNames.EndEveScrnFlats, endEveScrnFlats);
        Add(events, SiteEventNames.OpsWindowStart, opsWindowStart);
        Add(events, SiteEventNames.ObservingBegins, nautDusk + offsets.ObservingAfterNautDusk.TotalDays);
        Add(events, SiteEventNames.ObservingEnds, nautDawn - offsets.ObservingBeforeNautDawn.TotalDays);
        Add(events, SiteEventNames.CoolDownOpen, opsWindowStart + offsets.CoolDownAfterOpsWindow.TotalDays);
        Add(events, SiteEventNames.EveSkyFlats, sunSet - offsets.EveSkyFlatsBeforeSunSet.TotalDays);
        Add(events, SiteEventNames.SunSet, sunSet);
        Add(events, SiteEventNames.CivilDusk, civilDusk);
        Add(events, SiteEventNames.EndEveSkyFlats, endEveSkyFlats);
        Add(events, SiteEventNames.ClockAndAutoFocus, endEveSkyFlats + offsets.FocusAfterEveSkyFlats.TotalDays);
        Add(events, SiteEventNames.NautDusk, nautDusk);
        Add(events, SiteEventNames.AstroDark, astroDark);
        Add(events, SiteEventNames.MiddleOfNight, sunSet + ((sunrise - sunSet) / 2));
        Add(events, SiteEventNames.EndAstroDark, endAstroDark);
        Add(events, SiteEventNames.FinalClockAndAutoFocus, nautDawn - offsets.FinalFocusBeforeNautDawn.TotalDays);
        Add(events, SiteEventNames.NautDawn, nautDawn);
        Add(events, SiteEventNames.MornSkyFlats, mornSkyFlats);
        Add(events, SiteEventNames.CivilDawn, civilDawn);
        Add(events, SiteEventNames.EndMornSkyFlats, endMornSkyFlats);
        Add(events, SiteEventNames.OpsWindowCloses, endMornSkyFlats + offsets.OpsWindowAfterMornSkyFlats.TotalDays);
        Add(events, SiteEventNames.Sunrise, sunrise);
        Add(events, SiteEventNames.MoonRise, Last(moon, CrossingDirection.Rising));
        Add(events, SiteEventNames.MoonSet, Last(moon, CrossingDirection.Setting));

        var ordered = new List<SiteEvent>(events.Count);
        var missing = new List<string>();
        foreach (var name in SiteEventNames.All)
        {
            if (events.TryGetValue(name, out var instant))
            {
                ordered.Add(new SiteEvent(name, instant));
            }
            else
            {
                missing.Add(name);
            }
        }

        // List.Sort is unstable; sorting on (time, contract position) keeps equal times in contract order.
        ordered.Sort((a, b) =>
        {
            var byTime = a.TaiJulianDate.CompareTo(b.TaiJulianDate);
            return byTime != 0 ? byTime : ContractPosition[a.Name].CompareTo(ContractPosition[b.Name]);
        });
        return new SiteEventsResult(start, ordered, missing);
    }

    /// <summary>
    /// The instant that stands for the night of local date <paramref name="night"/>: 18:00 on that date in
    /// <paramref name="timeZone"/>, so <see cref="Calculate"/> gives the window starting at that date's local noon
    /// (six hours back; no time zone shifts its clocks by that much, nor between noon and 18:00).
    /// </summary>
    /// <param name="timeZone">The site's time zone.</param>
    /// <param name="night">The local date whose noon starts the night.</param>
    /// <returns>The instant to pass to <see cref="Calculate"/>.</returns>
    public static DateTimeOffset WhenOfNight(TimeZoneInfo timeZone, DateOnly night)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var evening = night.ToDateTime(new TimeOnly(18, 0), DateTimeKind.Unspecified);
        return new DateTimeOffset(evening, timeZone.GetUtcOffset(evening));
    }

    /// <summary>The last crossing in the given direction, or NaN when there is none (NaN propagates to derived events).</summary>
    private static double Last(IReadOnlyList<Crossing> crossings, CrossingDirection direction)
    {
        for (var i = crossings.Count - 1; i >= 0; i--)
        {
            if (crossings[i].Direction == direction)
            {
                return crossings[i].JulianDate;
            }
        }

        return double.NaN;
    }

    private static void Add(Dictionary<string, double> events, string name, double instant)
    {
        if (!double.IsNaN(instant))
        {
            events[name] = instant;
        }
    }
}
