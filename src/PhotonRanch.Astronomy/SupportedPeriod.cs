namespace PhotonRanch.Astronomy;

/// <summary>
/// The span of instants the astronomy core computes for, and the inputs of the two endpoint computations that
/// keep every instant they touch inside it.
/// </summary>
/// <remarks>
/// The start is where the IERS leap-second table, and so <see cref="TimeScales"/>' TAI, begins (1972-01-01); before
/// it UTC ran on rubber seconds that TAI - UTC cannot express as a whole number. The end, 2100-01-01, is the end of
/// the span for which Meeus quotes the truncated VSOP87 and ELP-2000/82 series (ch. 25, 32, 47); nothing fails just
/// beyond it, but the accuracy is not verified there. The calculators reject inputs whose computations would
/// leave the span rather than let <see cref="TimeScales"/> throw half way through.
/// </remarks>
public static class SupportedPeriod
{
    /// <summary>First supported UTC instant: 1972-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset FirstUtc = new(1972, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Last supported UTC instant: 2100-01-01T00:00:00Z.</summary>
    public static readonly DateTimeOffset LastUtc = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Earliest <c>when</c> for <see cref="SiteEventsCalculator.Calculate"/>: <see cref="FirstUtc"/> + 3 days,
    /// 1972-01-04T00:00:00Z. The local-noon search looks back less than 2 days from <c>when</c> in any time zone
    /// (the window itself starts at most about 25 hours back), and the earliest derived event, Eve Bias Dark, lies
    /// up to about 10.6 hours (10 h 37 min 40 s) before the window start (when the Sun sets just after noon).
    /// </summary>
    public static readonly DateTimeOffset FirstSiteEventsWhen = FirstUtc.AddDays(3);

    /// <summary>
    /// Latest <c>when</c> for <see cref="SiteEventsCalculator.Calculate"/>: <see cref="LastUtc"/>. Its window ends at
    /// most a day later, which nothing in the core limits.
    /// </summary>
    public static readonly DateTimeOffset LastSiteEventsWhen = LastUtc;

    /// <summary>Whether both ends of a <see cref="MoonRiseSetIllumination"/> window lie inside the supported span.</summary>
    /// <param name="startUtc">Window start.</param>
    /// <param name="endUtc">Window end.</param>
    /// <returns>True when <see cref="FirstUtc"/> &lt;= start and end &lt;= <see cref="LastUtc"/>.</returns>
    public static bool ContainsMoonWindow(DateTimeOffset startUtc, DateTimeOffset endUtc) =>
        startUtc >= FirstUtc && endUtc <= LastUtc;

    /// <summary>Whether a <c>when</c> is accepted by <see cref="SiteEventsCalculator.Calculate"/>.</summary>
    /// <param name="when">The instant asked about.</param>
    /// <returns>True when <see cref="FirstSiteEventsWhen"/> &lt;= when &lt;= <see cref="LastSiteEventsWhen"/>.</returns>
    public static bool ContainsSiteEventsWhen(DateTimeOffset when) =>
        when >= FirstSiteEventsWhen && when <= LastSiteEventsWhen;
}
