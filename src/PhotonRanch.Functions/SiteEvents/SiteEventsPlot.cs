using System.Globalization;
using System.Security;
using System.Text;
using PhotonRanch.Astronomy;

namespace PhotonRanch.Functions.SiteEvents;

/// <summary>
/// An SVG picture of one site-night for people: the Sun's and the Moon's altitude against local time over the
/// noon-to-noon window, the sky shaded by the Sun's altitude (day, civil, nautical, astronomical twilight, night),
/// each event a vertical line labelled with its name and local time, the site, date and zone in the title.
/// </summary>
internal static class SiteEventsPlot
{
    /// <summary>Width of the picture, pixels.</summary>
    public const int Width = 1200;

    /// <summary>Height of the picture, pixels.</summary>
    public const int Height = 780;

    private const double Left = 70;
    private const double Right = 1170;
    private const double Top = 280;
    private const double Bottom = 690;
    private const double LowestAltitude = -40;
    private const double HighestAltitude = 90;
    private const int Samples = 288;
    private const double LabelSpacing = 12;
    private const double LegendY = Bottom + 72;

    // Sky colour by the Sun's altitude: the contract's thresholds, brightest first.
    private static readonly (double Above, string Colour, string Name)[] Sky =
    [
        (SiteEventsCalculator.SunSetAltitude, "#cfe6ff", "day"),
        (SiteEventsCalculator.CivilAltitude, "#8fb0dc", "civil twilight"),
        (SiteEventsCalculator.NauticalAltitude, "#4d6da3", "nautical twilight"),
        (SiteEventsCalculator.AstronomicalAltitude, "#27406b", "astronomical twilight"),
        (double.NegativeInfinity, "#0c1830", "night"),
    ];

    /// <summary>The SVG document of <paramref name="result"/>'s night (its window is the picture's span).</summary>
    public static string Render(string site, SiteObservatory observatory, SiteEventsResult result)
    {
        ArgumentNullException.ThrowIfNull(observatory);
        ArgumentNullException.ThrowIfNull(result);
        var start = result.WindowStartTaiJulianDate;
        var (sun, moon) = Altitudes(observatory.Location, start);
        var svg = new StringBuilder(32 * 1024);
        Title(svg, site, observatory, result);
        Legend(svg);
        SkyBands(svg, sun);
        Axes(svg, observatory.TimeZone, start);
        Curves(svg, sun, moon);
        Events(svg, observatory.TimeZone, start, result.Events);
        Raw(svg, "</svg>");
        return svg.ToString();
    }

    private static (double[] Sun, double[] Moon) Altitudes(SiteLocation location, double start)
    {
        var observer = new TopocentricObserver(location, 0.0);
        var sun = new double[Samples + 1];
        var moon = new double[Samples + 1];
        for (var i = 0; i <= Samples; i++)
        {
            var time = start + ((double)i / Samples);
            sun[i] = observer.Sun(time).AltitudeDegrees;
            moon[i] = observer.Moon(time).AltitudeDegrees;
        }

        return (sun, moon);
    }

    private static void Title(StringBuilder svg, string site, SiteObservatory observatory, SiteEventsResult result)
    {
        var zone = observatory.TimeZone;
        Line(svg, $"""<svg xmlns="http://www.w3.org/2000/svg" width="{Width}" height="{Height}" viewBox="0 0 {Width} {Height}" font-family="DejaVu Sans, Arial, sans-serif">""");
        Line(svg, $"""<rect width="{Width}" height="{Height}" fill="#ffffff"/>""");
        var night = DateOnly.FromDateTime(Local(zone, result.WindowStartTaiJulianDate));
        var location = observatory.Location;
        Line(svg, $"""<text x="{Left}" y="34" font-size="22" font-weight="bold">{Escape(site)}: night of {night:yyyy-MM-dd}</text>""");
        Line(svg, $"""<text x="{Left}" y="58" font-size="13" fill="#444">{location.LatitudeDegrees:F4}°, {location.LongitudeDegrees:F4}° · local time {Escape(zone.Id)} · Sun and Moon centre altitude (topocentric, no refraction)</text>""");
        if (result.Missing.Count > 0)
        {
            Line(svg, $"""<text x="{Left}" y="78" font-size="13" fill="#a01010">Not this night: {Escape(string.Join(", ", result.Missing))}</text>""");
        }
    }

    // One rectangle per run of samples in the same band.
    private static void SkyBands(StringBuilder svg, double[] sun)
    {
        Raw(svg, """<g id="sky">""");
        var runStart = 0;
        for (var i = 1; i <= Samples; i++)
        {
            if (i == Samples || Band((sun[i] + sun[i + 1]) / 2) != Band((sun[runStart] + sun[runStart + 1]) / 2))
            {
                var band = Sky[Band((sun[runStart] + sun[runStart + 1]) / 2)];
                Line(svg, $"""<rect x="{X(runStart):F1}" y="{Top}" width="{X(i) - X(runStart):F1}" height="{Bottom - Top}" fill="{band.Colour}"><title>{band.Name}</title></rect>""");
                runStart = i;
            }
        }

        Raw(svg, "</g>");
    }

    private static void Curves(StringBuilder svg, double[] sun, double[] moon)
    {
        Line(svg, $"""<clipPath id="plot"><rect x="{Left}" y="{Top}" width="{Right - Left}" height="{Bottom - Top}"/></clipPath>""");
        Raw(svg, """<g clip-path="url(#plot)" fill="none" stroke-linejoin="round">""");
        Line(svg, $"""<polyline id="moon" stroke="#202020" stroke-width="5" points="{Points(moon)}"/>""");
        Line(svg, $"""<polyline stroke="#d9dde3" stroke-width="3" points="{Points(moon)}"/>""");
        Line(svg, $"""<polyline id="sun" stroke="#202020" stroke-width="5" points="{Points(sun)}"/>""");
        Line(svg, $"""<polyline stroke="#ffb000" stroke-width="3" points="{Points(sun)}"/>""");
        Raw(svg, "</g>");
    }

    private static void Events(StringBuilder svg, TimeZoneInfo zone, double start, IReadOnlyList<SiteEvent> events)
    {
        // Labels stand upright above the plot; events minutes apart get their labels pushed apart, with a leader.
        Raw(svg, """<g id="events" font-size="11">""");
        var lastLabel = double.NegativeInfinity;
        foreach (var siteEvent in events)
        {
            // Eve Bias Dark usually starts before the window's noon: it is labelled at the left edge, without a line.
            var exact = X((siteEvent.TaiJulianDate - start) * Samples);
            var x = Math.Clamp(exact, Left, Right);
            var label = Math.Max(x, lastLabel + LabelSpacing);
            lastLabel = label;
            var time = Local(zone, siteEvent.TaiJulianDate).ToString("HH:mm", CultureInfo.InvariantCulture);
            if (x == exact)
            {
                Line(svg, $"""<line x1="{x:F1}" y1="{Top}" x2="{x:F1}" y2="{Bottom}" stroke="#ff5a5a" stroke-width="1" stroke-dasharray="4 3" opacity="0.85"/>""");
            }

            Line(svg, $"""<polyline fill="none" stroke="#888" stroke-width="0.8" points="{x:F1},{Top} {x:F1},{Top - 4} {label:F1},{Top - 10}"/>""");
            Line(svg, $"""<text transform="translate({label + 4:F1},{Top - 12}) rotate(-90)">{Escape(siteEvent.Name)} {time}</text>""");
        }

        Raw(svg, "</g>");
    }

    private static void Axes(StringBuilder svg, TimeZoneInfo zone, double start)
    {
        Raw(svg, """<g id="axes" font-size="12" fill="#222">""");
        for (var altitude = -30; altitude <= 90; altitude += 30)
        {
            var y = Y(altitude);
            var stroke = altitude == 0 ? """stroke="#000" stroke-width="1.2" """ : """stroke="#ffffff" stroke-opacity="0.35" """;
            Line(svg, $"""<line x1="{Left}" y1="{y:F1}" x2="{Right}" y2="{y:F1}" {stroke}/>""");
            Line(svg, $"""<text x="{Left - 8}" y="{y + 4:F1}" text-anchor="end">{altitude}°</text>""");
        }

        // Ticks at the whole local hours (the window starts at a TAI-based noon, 37 s before 12:00 UTC-based).
        var startLocal = Local(zone, start);
        var firstHour = startLocal.Date.AddHours(Math.Ceiling(startLocal.TimeOfDay.TotalHours));
        for (var hour = 0; hour <= 24; hour++)
        {
            var local = firstHour.AddHours(hour);
            if (local.Hour % 2 != 0 || zone.IsInvalidTime(local))
            {
                continue;
            }

            var position = (TimeScales.TaiJulianDateFromUtc(TimeZoneInfo.ConvertTimeToUtc(local, zone)) - start) * Samples;
            if (position < 0 || position > Samples)
            {
                continue;
            }

            var x = X(position);
            Line(svg, $"""<line x1="{x:F1}" y1="{Bottom}" x2="{x:F1}" y2="{Bottom + 5}" stroke="#000"/>""");
            Line(svg, $"""<text x="{x:F1}" y="{Bottom + 19}" text-anchor="middle">{local.ToString("HH:mm", CultureInfo.InvariantCulture)}</text>""");
        }

        Line(svg, $"""<rect x="{Left}" y="{Top}" width="{Right - Left}" height="{Bottom - Top}" fill="none" stroke="#000"/>""");
        Line(svg, $"""<text x="{(Left + Right) / 2}" y="{Bottom + 42}" text-anchor="middle">local time ({Escape(zone.Id)})</text>""");
        Line(svg, $"""<text transform="translate(22,{(Top + Bottom) / 2}) rotate(-90)" text-anchor="middle">altitude</text>""");
        Raw(svg, "</g>");
    }

    private static void Legend(StringBuilder svg)
    {
        Raw(svg, """<g id="legend" font-size="12">""");
        var x = Left;
        foreach (var (name, colour) in new[] { ("Sun", "#ffb000"), ("Moon", "#d9dde3") })
        {
            Line(svg, $"""<line x1="{x}" y1="{LegendY}" x2="{x + 24}" y2="{LegendY}" stroke="#202020" stroke-width="5"/><line x1="{x}" y1="{LegendY}" x2="{x + 24}" y2="{LegendY}" stroke="{colour}" stroke-width="3"/><text x="{x + 30}" y="{LegendY + 4}">{name}</text>""");
            x += 85;
        }

        Line(svg, $"""<line x1="{x}" y1="{LegendY}" x2="{x + 24}" y2="{LegendY}" stroke="#ff5a5a" stroke-dasharray="4 3"/><text x="{x + 30}" y="{LegendY + 4}">event</text>""");
        x += 90;
        foreach (var (_, colour, name) in Sky)
        {
            Line(svg, $"""<rect x="{x}" y="{LegendY - 7}" width="14" height="14" fill="{colour}" stroke="#000" stroke-width="0.5"/><text x="{x + 20}" y="{LegendY + 4}">{name}</text>""");
            x += 40 + (name.Length * 7);
        }

        Raw(svg, "</g>");
    }

    private static int Band(double sunAltitude)
    {
        var band = 0;
        while (sunAltitude < Sky[band].Above)
        {
            band++;
        }

        return band;
    }

    private static string Points(double[] altitudes)
    {
        var points = new StringBuilder(altitudes.Length * 14);
        for (var i = 0; i < altitudes.Length; i++)
        {
            points.Append(CultureInfo.InvariantCulture, $"{X(i):F1},{Y(Math.Max(altitudes[i], LowestAltitude - 5)):F1} ");
        }

        return points.ToString().TrimEnd();
    }

    private static double X(double sample) => Left + (sample / Samples * (Right - Left));

    private static double Y(double altitude) => Bottom - ((altitude - LowestAltitude) / (HighestAltitude - LowestAltitude) * (Bottom - Top));

    private static DateTime Local(TimeZoneInfo zone, double taiJulianDate) =>
        TimeZoneInfo.ConvertTimeFromUtc(TimeScales.UtcFromTaiJulianDate(taiJulianDate), zone);

    private static string Escape(string text) => SecurityElement.Escape(text);

    private static void Line(StringBuilder svg, FormattableString line) => svg.Append(line.ToString(CultureInfo.InvariantCulture)).Append('\n');

    private static void Raw(StringBuilder svg, string line) => svg.Append(line).Append('\n');
}
