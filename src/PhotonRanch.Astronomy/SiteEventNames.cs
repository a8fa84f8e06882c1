namespace PhotonRanch.Astronomy;

/// <summary>The 26 event names of <c>GET /events</c>, spelled exactly as the product contract requires.</summary>
public static class SiteEventNames
{
    /// <summary>End Eve Bias Dark - 8 h.</summary>
    public const string EveBiasDark = "Eve Bias Dark";

    /// <summary>Eve Scrn Flats - 385 s.</summary>
    public const string EndEveBiasDark = "End Eve Bias Dark";

    /// <summary>End Eve Scrn Flats - 1.5 h.</summary>
    public const string EveScrnFlats = "Eve Scrn Flats";

    /// <summary>Ops Window Start - 75 s.</summary>
    public const string EndEveScrnFlats = "End Eve Scrn Flats";

    /// <summary>Sun Set - 1 h.</summary>
    public const string OpsWindowStart = "Ops Window Start";

    /// <summary>Naut Dusk + 5 min.</summary>
    public const string ObservingBegins = "Observing Begins";

    /// <summary>Naut Dawn - 5 min.</summary>
    public const string ObservingEnds = "Observing Ends";

    /// <summary>Ops Window Start + 30 s.</summary>
    public const string CoolDownOpen = "Cool Down, Open";

    /// <summary>Sun Set - 30 min.</summary>
    public const string EveSkyFlats = "Eve Sky Flats";

    /// <summary>Evening crossing of -0.25 degrees by the Sun's centre.</summary>
    public const string SunSet = "Sun Set";

    /// <summary>Evening crossing of -6 degrees.</summary>
    public const string CivilDusk = "Civil Dusk";

    /// <summary>Evening crossing of -11.75 degrees.</summary>
    public const string EndEveSkyFlats = "End Eve Sky Flats";

    /// <summary>End Eve Sky Flats + 1 min.</summary>
    public const string ClockAndAutoFocus = "Clock & Auto Focus";

    /// <summary>Evening crossing of -12 degrees.</summary>
    public const string NautDusk = "Naut Dusk";

    /// <summary>Evening crossing of -18 degrees.</summary>
    public const string AstroDark = "Astro Dark";

    /// <summary>Midpoint of Sun Set and Sunrise.</summary>
    public const string MiddleOfNight = "Middle of Night";

    /// <summary>Morning crossing of -18 degrees.</summary>
    public const string EndAstroDark = "End Astro Dark";

    /// <summary>Naut Dawn - 4 min.</summary>
    public const string FinalClockAndAutoFocus = "Final Clock & Auto Focus";

    /// <summary>Morning crossing of -12 degrees.</summary>
    public const string NautDawn = "Naut Dawn";

    /// <summary>Morning crossing of -11.75 degrees.</summary>
    public const string MornSkyFlats = "Morn Sky Flats";

    /// <summary>Morning crossing of -6 degrees.</summary>
    public const string CivilDawn = "Civil Dawn";

    /// <summary>Morning crossing of -1.5 degrees.</summary>
    public const string EndMornSkyFlats = "End Morn Sky Flats";

    /// <summary>End Morn Sky Flats + 30 s.</summary>
    public const string OpsWindowCloses = "Ops Window Closes";

    /// <summary>Morning crossing of -0.25 degrees by the Sun's centre.</summary>
    public const string Sunrise = "Sunrise";

    /// <summary>Upward crossing of -34 arcminutes by the Moon's topocentric centre.</summary>
    public const string MoonRise = "Moon Rise";

    /// <summary>Downward crossing of -34 arcminutes by the Moon's topocentric centre.</summary>
    public const string MoonSet = "Moon Set";

    /// <summary>All 26 names in the order the contract lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
    [
        EveBiasDark, EndEveBiasDark, EveScrnFlats, EndEveScrnFlats, OpsWindowStart, ObservingBegins, ObservingEnds,
        CoolDownOpen, EveSkyFlats, SunSet, CivilDusk, EndEveSkyFlats, ClockAndAutoFocus, NautDusk, AstroDark,
        MiddleOfNight, EndAstroDark, FinalClockAndAutoFocus, NautDawn, MornSkyFlats, CivilDawn, EndMornSkyFlats,
        OpsWindowCloses, Sunrise, MoonRise, MoonSet,
    ];
}
