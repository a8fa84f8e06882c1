namespace PhotonRanch.Astronomy;

/// <summary>
/// The calibration and operations offsets that place the derived events of a night relative to the Sun's crossings.
/// Each is a non-negative length of time; <see cref="Default"/> holds the contract's constants.
/// </summary>
/// <param name="EveBiasDark">Length of the evening bias/dark series: Eve Bias Dark = End Eve Bias Dark − this (8 h).</param>
/// <param name="BiasDarkToScreenFlats">End Eve Bias Dark = Eve Scrn Flats − this (385 s).</param>
/// <param name="EveScreenFlats">Length of the screen flats: Eve Scrn Flats = End Eve Scrn Flats − this (1.5 h).</param>
/// <param name="ScreenFlatsToOpsWindow">End Eve Scrn Flats = Ops Window Start − this (75 s).</param>
/// <param name="OpsWindowBeforeSunSet">Ops Window Start = Sun Set − this (1 h).</param>
/// <param name="CoolDownAfterOpsWindow">Cool Down, Open = Ops Window Start + this (30 s).</param>
/// <param name="EveSkyFlatsBeforeSunSet">Eve Sky Flats = Sun Set − this (30 min).</param>
/// <param name="FocusAfterEveSkyFlats">Clock &amp; Auto Focus = End Eve Sky Flats + this (1 min).</param>
/// <param name="ObservingAfterNautDusk">Observing Begins = Naut Dusk + this (5 min).</param>
/// <param name="ObservingBeforeNautDawn">Observing Ends = Naut Dawn − this (5 min).</param>
/// <param name="FinalFocusBeforeNautDawn">Final Clock &amp; Auto Focus = Naut Dawn − this (4 min).</param>
/// <param name="OpsWindowAfterMornSkyFlats">Ops Window Closes = End Morn Sky Flats + this (30 s).</param>
public sealed record EventOffsets(
    TimeSpan EveBiasDark,
    TimeSpan BiasDarkToScreenFlats,
    TimeSpan EveScreenFlats,
    TimeSpan ScreenFlatsToOpsWindow,
    TimeSpan OpsWindowBeforeSunSet,
    TimeSpan CoolDownAfterOpsWindow,
    TimeSpan EveSkyFlatsBeforeSunSet,
    TimeSpan FocusAfterEveSkyFlats,
    TimeSpan ObservingAfterNautDusk,
    TimeSpan ObservingBeforeNautDawn,
    TimeSpan FinalFocusBeforeNautDawn,
    TimeSpan OpsWindowAfterMornSkyFlats)
{
    /// <summary>
    /// Longest single offset, and longest evening chain (Ops Window Start back to Eve Bias Dark): 12 hours. Keeps
    /// every derived event within half a day of the window, so <see cref="SupportedPeriod.FirstSiteEventsWhen"/>
    /// still keeps them inside the supported period.
    /// </summary>
    public static readonly TimeSpan Longest = TimeSpan.FromHours(12);

    /// <summary>The contract's constants (the original service's).</summary>
    public static EventOffsets Default { get; } = new(
        TimeSpan.FromHours(8),
        TimeSpan.FromSeconds(385),
        TimeSpan.FromHours(1.5),
        TimeSpan.FromSeconds(75),
        TimeSpan.FromHours(1),
        TimeSpan.FromSeconds(30),
        TimeSpan.FromMinutes(30),
        TimeSpan.FromMinutes(1),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(4),
        TimeSpan.FromSeconds(30));

    /// <summary>Length from Eve Bias Dark to Sun Set: the sum of the evening chain.</summary>
    public TimeSpan EveningChain =>
        EveBiasDark + BiasDarkToScreenFlats + EveScreenFlats + ScreenFlatsToOpsWindow + OpsWindowBeforeSunSet;

    /// <summary>Whether every offset lies in 0 .. <see cref="Longest"/> and so does <see cref="EveningChain"/>.</summary>
    public bool IsValid =>
        All().All(offset => offset >= TimeSpan.Zero && offset <= Longest) && EveningChain <= Longest;

    private IEnumerable<TimeSpan> All() =>
    [
        EveBiasDark, BiasDarkToScreenFlats, EveScreenFlats, ScreenFlatsToOpsWindow, OpsWindowBeforeSunSet,
        CoolDownAfterOpsWindow, EveSkyFlatsBeforeSunSet, FocusAfterEveSkyFlats, ObservingAfterNautDusk,
        ObservingBeforeNautDawn, FinalFocusBeforeNautDawn, OpsWindowAfterMornSkyFlats,
    ];
}
