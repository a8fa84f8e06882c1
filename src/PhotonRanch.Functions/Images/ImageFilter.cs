using System.Globalization;
using System.Text.RegularExpressions;

namespace PhotonRanch.Functions.Images;

/// <summary>
/// The filters of <c>GET /filtered_images</c>, parsed from the query string. Only the keys the original knew are
/// read (plus <c>limit</c>); any other key is ignored, as the original ignored it. Every value reaches the database
/// as a typed parameter, never as SQL text.
/// </summary>
/// <param name="FilterUsed">Query key <c>filter</c>.</param>
/// <param name="ExposureTimeMin">Inclusive.</param>
/// <param name="ExposureTimeMax">Inclusive.</param>
/// <param name="StartDate">Capture date at or after this UTC wall-clock time.</param>
/// <param name="EndDate">Capture date at or before this UTC wall-clock time.</param>
/// <param name="FilenamePattern">A SQL <c>LIKE</c> pattern on <c>base_filename</c> (<c>%</c>, <c>_</c>, <c>\</c> escapes).</param>
/// <param name="After">Only rows after this place in newest-first order (the previous page's last row).</param>
/// <param name="Since">Only rows whose sort date, in whole milliseconds, is after this UTC wall-clock time.</param>
/// <param name="Night">The site's local noon-to-noon night of this date (needs <paramref name="Site"/>).</param>
/// <param name="CollapseSmartStacks">Each smart stack as its final frame, with its members' count and exposure.</param>
/// <param name="Near">Only rows whose pointing lies within this cone.</param>
internal sealed partial record ImageFilter(
    string? Username = null,
    string? UserId = null,
    string? Site = null,
    string? FilterUsed = null,
    double? ExposureTimeMin = null,
    double? ExposureTimeMax = null,
    DateTime? StartDate = null,
    DateTime? EndDate = null,
    string? FilenamePattern = null,
    int Limit = ImageFilter.DefaultLimit,
    ImageCursor? After = null,
    DateTime? Since = null,
    DateOnly? Night = null,
    bool CollapseSmartStacks = false,
    SkyCone? Near = null)
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 5000;

    // 9999-12-31T23:59:59.998Z: "newer than" it is the last millisecond a DateTime holds.
    private const long LastSinceMilliseconds = 253_402_300_799_998;

    // The nights /events can place in every time zone (SiteEventsFunctions' range).
    private static readonly DateOnly FirstNight = new(1972, 1, 4);
    private static readonly DateOnly LastNight = new(2099, 12, 30);

    /// <summary>The UTC wall-clock window of <see cref="Night"/>, [from, to), once the service has placed it.</summary>
    public (DateTime From, DateTime To)? NightWindow { get; init; }

    /// <summary>
    /// Reads the filters from <paramref name="query"/> (one value per key). Returns false with every problem found
    /// when a value is not usable: a number that is not a finite number, a date that is not a date, a <c>limit</c>
    /// outside 1..<see cref="MaxLimit"/>, a <c>filename</c> pattern ending in a lone escape character, or a NUL
    /// character in any value (PostgreSQL text cannot hold one).
    /// </summary>
    public static bool TryParse(IReadOnlyDictionary<string, string> query, out ImageFilter filter, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(query);
        var problems = new List<string>();

        var filenamePattern = Text(query, "filename", problems);
        if (filenamePattern is not null && EndsWithLoneEscape(filenamePattern))
        {
            problems.Add(ImagesMessages.FilenameEscape);
        }

        filter = new ImageFilter(
            Username: Text(query, "username", problems),
            UserId: Text(query, "user_id", problems),
            Site: Text(query, "site", problems),
            FilterUsed: Text(query, "filter", problems),
            ExposureTimeMin: Number(query, "exposure_time_min", problems),
            ExposureTimeMax: Number(query, "exposure_time_max", problems),
            StartDate: Date(query, "start_date", problems),
            EndDate: Date(query, "end_date", problems),
            FilenamePattern: filenamePattern,
            Limit: LimitValue(query, problems),
            After: CursorValue(query, problems),
            Since: SinceValue(query, problems),
            Night: NightValue(query, problems),
            CollapseSmartStacks: CollapseValue(query, problems),
            Near: NearValue(query, problems));
        if (filter.Night is not null && filter.Site is null)
        {
            problems.Add(ImagesMessages.NightNeedsSite);
        }

        errors = problems;
        return problems.Count == 0;
    }

    /// <summary>
    /// Reads a date as the original's database did for its <c>timestamp</c> column: <c>yyyy-MM-dd</c>, optionally
    /// followed by <c>T</c> or a space and <c>HH:mm[:ss[.fffffff]]</c>, optionally followed by a zone (<c>Z</c>,
    /// <c>+12</c>, <c>-07:00</c>, <c>+0530</c>), which PostgreSQL ignores for a timestamp without time zone and so
    /// is ignored here too. A zone's <c>+</c> may arrive as a space, because a query string decodes <c>+</c> to one.
    /// </summary>
    public static bool TryParseDate(string text, out DateTime value)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = default;
        var match = DatePattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var fraction = match.Groups["fraction"].Success ? match.Groups["fraction"].Value.PadRight(7, '0') : "0";
        try
        {
            value = new DateTime(
                Int(match, "year"),
                Int(match, "month"),
                Int(match, "day"),
                match.Groups["hour"].Success ? Int(match, "hour") : 0,
                match.Groups["minute"].Success ? Int(match, "minute") : 0,
                match.Groups["second"].Success ? Int(match, "second") : 0,
                DateTimeKind.Unspecified).AddTicks(long.Parse(fraction, NumberStyles.None, CultureInfo.InvariantCulture));
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static string? Text(IReadOnlyDictionary<string, string> query, string key, List<string> problems)
    {
        if (!query.TryGetValue(key, out var value))
        {
            return null;
        }

        if (value.Contains('\0', StringComparison.Ordinal))
        {
            problems.Add(MessageTemplate.Fill(ImagesMessages.NulCharacter, ("key", key)));
        }

        return value;
    }

    private static double? Number(IReadOnlyDictionary<string, string> query, string key, List<string> problems)
    {
        if (!query.TryGetValue(key, out var text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value))
        {
            return value;
        }

        problems.Add(MessageTemplate.Fill(ImagesMessages.NotANumber, ("key", key), ("value", text)));
        return null;
    }

    private static DateTime? Date(IReadOnlyDictionary<string, string> query, string key, List<string> problems)
    {
        if (!query.TryGetValue(key, out var text))
        {
            return null;
        }

        if (TryParseDate(text, out var value))
        {
            return value;
        }

        problems.Add(MessageTemplate.Fill(ImagesMessages.NotADate, ("key", key), ("value", text)));
        return null;
    }

    private static int LimitValue(IReadOnlyDictionary<string, string> query, List<string> problems)
    {
        if (!query.TryGetValue("limit", out var text))
        {
            return DefaultLimit;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= 1 and <= MaxLimit)
        {
            return value;
        }

        problems.Add(MessageTemplate.Fill(ImagesMessages.Limit, ("value", text)));
        return DefaultLimit;
    }

    private static ImageCursor? CursorValue(IReadOnlyDictionary<string, string> query, List<string> problems)
    {
        if (!query.TryGetValue("cursor", out var text))
        {
            return null;
        }

        if (ImageCursor.TryDecode(text, out var cursor))
        {
            return cursor;
        }

        problems.Add(MessageTemplate.Fill(ImagesMessages.Cursor, ("value", text)));
        return null;
    }

    private static DateTime? SinceValue(IReadOnlyDictionary<string, string> query, List<string> problems)
    {
        if (!query.TryGetValue("since", out var text))
        {
            return null;
        }

        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) && milliseconds <= LastSinceMilliseconds)
        {
            return DateTime.SpecifyKind(DateTime.UnixEpoch, DateTimeKind.Unspecified).AddMilliseconds(milliseconds);
        }

        problems.Add(MessageTemplate.Fill(ImagesMessages.Since, ("value", text)));
        return null;
    }

    private static DateOnly? NightValue(IReadOnlyDictionary<string, string> query, List<string> problems)
    {
        if (!query.TryGetValue("night", out var text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var night)
            && night >= FirstNight && night <= LastNight)
        {
            return night;
        }

        problems.Add(MessageTemplate.Fill(ImagesMessages.Night, ("value", text)));
        return null;
    }

    private static bool CollapseValue(IReadOnlyDictionary<string, string> query, List<string> problems)
    {
        if (!query.TryGetValue("collapse", out var text))
        {
            return false;
        }

        if (text == "smartstack")
        {
            return true;
        }

        problems.Add(MessageTemplate.Fill(ImagesMessages.Collapse, ("value", text)));
        return false;
    }

    private static SkyCone? NearValue(IReadOnlyDictionary<string, string> query, List<string> problems)
    {
        if (!query.TryGetValue("near", out var text))
        {
            return null;
        }

        var parts = text.Split(',');
        if (parts.Length == 3
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var ra) && ra is >= 0 and <= 360
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var dec) && dec is >= -90 and <= 90
            && double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var radius) && radius is > 0 and <= SkyCone.MaxRadiusDegrees)
        {
            return new SkyCone(ra, dec, radius);
        }

        problems.Add(MessageTemplate.Fill(ImagesMessages.Near, ("value", text)));
        return null;
    }

    // PostgreSQL refuses a LIKE pattern that ends with its escape character; that is the caller's fault, not a 5xx.
    private static bool EndsWithLoneEscape(string pattern)
    {
        var trailing = 0;
        for (var i = pattern.Length - 1; i >= 0 && pattern[i] == '\\'; i--)
        {
            trailing++;
        }

        return trailing % 2 == 1;
    }

    private static int Int(Match match, string group) =>
        int.Parse(match.Groups[group].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture);

    [GeneratedRegex(
        @"^(?<year>[0-9]{4})-(?<month>[0-9]{2})-(?<day>[0-9]{2})(?:[T ](?<hour>[0-9]{2}):(?<minute>[0-9]{2})(?::(?<second>[0-9]{2})(?:\.(?<fraction>[0-9]{1,7}))?)?)?(?:[Zz]|[+\- ][0-9]{2}(?::?[0-9]{2})?)?\z",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture)]
    private static partial Regex DatePattern();
}

/// <summary>A circle on the sky, J2000 degrees.</summary>
/// <param name="RaDegrees">The centre's, 0 to 360.</param>
/// <param name="DecDegrees">The centre's, -90 to 90.</param>
/// <param name="RadiusDegrees">Angular, above 0 and at most <see cref="MaxRadiusDegrees"/>.</param>
internal sealed record SkyCone(double RaDegrees, double DecDegrees, double RadiusDegrees)
{
    /// <summary>A hemisphere.</summary>
    public const double MaxRadiusDegrees = 90;

    /// <summary>
    /// Half the right-ascension width of the cone's bounding box, asin(sin r / cos δ), or null when the cone holds a
    /// pole (then it spans every right ascension).
    /// </summary>
    public double? RaHalfWidthDegrees()
    {
        var ratio = Math.Sin(RadiusDegrees * Math.PI / 180) / Math.Cos(DecDegrees * Math.PI / 180);
        return Math.Abs(DecDegrees) + RadiusDegrees >= 90 || ratio >= 1 ? null : Math.Asin(ratio) * 180 / Math.PI;
    }
}
