using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Astronomy;
using PhotonRanch.Functions.Http;

namespace PhotonRanch.Functions.SiteEvents;

/// <summary><c>GET /events</c> (a site's nightly events) and <c>GET /events/moon/rise-set-illum</c>.</summary>
internal sealed class SiteEventsFunctions
{
    /// <summary>
    /// Response header naming, as a JSON array, the events absent from the answer because their threshold is not
    /// crossed that night (e.g. no astronomical dark in a high-latitude summer).
    /// </summary>
    public const string MissingEventsHeader = "X-Events-Missing";

    /// <summary>
    /// Earliest <c>when</c>: 1972-01-04T00:00:00Z, <see cref="SupportedPeriod.FirstSiteEventsWhen"/> (three days after
    /// the leap-second table starts, so the noon window and its derived events stay on the TAI scale in every zone).
    /// </summary>
    public const long FirstWhen = 63_331_200;

    /// <summary>Latest <c>when</c>: 2100-01-01T00:00:00Z, <see cref="SupportedPeriod.LastSiteEventsWhen"/>.</summary>
    public const long LastWhen = 4_102_444_800;

    private const string UtcFormat = "yyyy-MM-dd'T'HH:mm:ss'Z'";
    private const string TimeFormatMessage = "Error with format of start/end times. Format should be like: '2020-12-31T01:00:00Z'.";
    private const string TimeRangeMessage = "'start' and 'end' must be from 1972-01-01T00:00:00Z to 2100-01-01T00:00:00Z.";

    private const string EventsExample =
        """{"Eve Bias Dark": 2460463.155, "Ops Window Start": 2460463.556, "Sun Set": 2460463.598, "Civil Dusk": 2460463.619, "Naut Dusk": 2460463.644, "Astro Dark": 2460463.669, "Middle of Night": 2460463.796, "End Astro Dark": 2460463.923, "Sunrise": 2460463.994}""";

    private readonly SiteEventsService _events;
    private readonly TimeProvider _clock;

    /// <summary>Creates the function class.</summary>
    public SiteEventsFunctions(SiteEventsService events, TimeProvider clock)
    {
        _events = events;
        _clock = clock;
    }

    /// <summary>
    /// <c>GET /events?site=S&amp;when=T</c>: event name → TAI Julian date, in time order, for the local noon-to-noon
    /// window holding <c>when</c> (Unix seconds, default now). <c>format=iso</c> gives UTC ISO strings instead.
    /// 400 without a site or with a bad <c>when</c>; 404 for an unknown site; 500 for an unusable site configuration.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Function("GetSiteEvents")]
    [ApiQueryParameter("site", "The site code; its configuration must hold `latitude`, `longitude`, `elevation`, `reference_ambient`, `reference_pressure` and `TZ_database_name`.", Required = true)]
    [ApiQueryParameter("when", "A Unix time in seconds from 63331200 (1972-01-04) to 4102444800 (2100-01-01), fractions allowed (default now).")]
    [ApiQueryParameter("format", "`iso` for UTC times as `YYYY-MM-DDTHH:MM:SSZ` instead of TAI Julian dates.")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "Event name → TAI Julian date (or ISO time), in time order. Events whose threshold is not crossed that night are " +
        "left out and named, as a JSON array, in the `X-Events-Missing` header.",
        Example = EventsExample)]
    [ApiResponse(
        StatusCodes.Status400BadRequest,
        "`Missing 'site' query string request parameter.` " + ApiAnswerTexts.InvalidSite +
        " `'when' must be a Unix time in seconds from 63331200 to 4102444800.` `'format' must be 'iso' when given.`")]
    [ApiResponse(StatusCodes.Status404NotFound, "`The specified sitecode did not match any config file.`")]
    [ApiResponse(
        StatusCodes.Status500InternalServerError,
        "The configuration cannot place the site: `" + SiteObservatory.IncompleteMessage + "` or `Invalid timezone name from site config: '{name}'`.")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> GetSiteEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var site = request.Query["site"].ToString();
        if (string.IsNullOrEmpty(site))
        {
            throw ApiException.BadRequest("Missing 'site' query string request parameter.");
        }

        SiteCode.Validate(site);
        var when = When(request);
        var iso = Format(request);

        SiteEventsResult? result;
        try
        {
            result = await _events.CalculateAsync(site, when, cancellationToken);
        }
        catch (SiteConfigurationException problem)
        {
            return ApiResults.Error(StatusCodes.Status500InternalServerError, problem.Message);
        }

        if (result is null)
        {
            return ApiResults.Error(StatusCodes.Status404NotFound, "The specified sitecode did not match any config file.");
        }

        if (result.Missing.Count > 0)
        {
            request.HttpContext.Response.Headers[MissingEventsHeader] = JsonSerializer.Serialize(result.Missing);
        }

        var events = new Dictionary<string, object>(result.Events.Count, StringComparer.Ordinal);
        foreach (var siteEvent in result.Events)
        {
            events[siteEvent.Name] = iso ? TimeScales.ToIsoUtcString(siteEvent.Utc) : siteEvent.TaiJulianDate;
        }

        return ApiResults.Json(events);
    }

    /// <summary>
    /// <c>GET /events/moon/rise-set-illum?lat=&amp;lng=&amp;start=&amp;end=</c>: each complete moon rise→set inside the
    /// window with the next meridian transit and the illuminated fraction there. 400 for a bad latitude, longitude
    /// or time, an end not after the start, a window over 366 days, or one reaching outside 1972-01-01 .. 2100-01-01.
    /// </summary>
    /// <param name="request">The request.</param>
    [Function("GetMoonRiseSetIllumination")]
    [ApiQueryParameter("lat", "Latitude in degrees, -90 to 90.", Required = true)]
    [ApiQueryParameter("lng", "Longitude in degrees, -180 to 180 (east positive).", Required = true)]
    [ApiQueryParameter("start", "Window start, UTC, as `2020-12-31T01:00:00Z`, from 1972-01-01T00:00:00Z.", Required = true)]
    [ApiQueryParameter("end", "Window end, UTC, as `start`; after it, at most 366 days later, until 2100-01-01T00:00:00Z.", Required = true)]
    [ApiResponse(
        StatusCodes.Status200OK,
        "Each complete moon rise → set inside the window (a leading set and a trailing rise are dropped), with the next " +
        "meridian transit after the rise and the illuminated fraction (0..1) there; `[]` when there is none.",
        Example = """[{"rise": "2024-06-10T16:42:05Z", "set": "2024-06-11T03:31:48Z", "transit": "2024-06-10T22:07:19Z", "illumination": 0.182}]""")]
    [ApiResponse(
        StatusCodes.Status400BadRequest,
        "`'lat' must be a number of degrees from -90 to 90.` `'lng' must be a number of degrees from -180 to 180.` " +
        "`" + TimeFormatMessage + "` `'end' must be after 'start'.` `The window from start to end must not exceed 366 days.` `" +
        TimeRangeMessage + "`")]
    public IActionResult GetMoonRiseSetIllumination(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/moon/rise-set-illum")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var latitude = Degrees(request, "lat", 90);
        var longitude = Degrees(request, "lng", 180);
        var start = UtcTime(request, "start");
        var end = UtcTime(request, "end");
        if (end <= start)
        {
            throw ApiException.BadRequest("'end' must be after 'start'.");
        }

        if ((end - start).TotalDays > MoonRiseSetIllumination.MaximumWindowDays)
        {
            throw ApiException.BadRequest($"The window from start to end must not exceed {MoonRiseSetIllumination.MaximumWindowDays} days.");
        }

        if (!SupportedPeriod.ContainsMoonWindow(start, end))
        {
            throw ApiException.BadRequest(TimeRangeMessage);
        }

        var passes = MoonRiseSetIllumination.Calculate(latitude, longitude, start, end);
        return ApiResults.Json(passes.Select(pass => new MoonPassBody(pass.RiseIso, pass.SetIso, pass.TransitIso, pass.Illumination)));
    }

    private DateTimeOffset When(HttpRequest request)
    {
        if (!request.Query.TryGetValue("when", out var given))
        {
            return _clock.GetUtcNow();
        }

        if (!double.TryParse(given.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || !double.IsFinite(seconds)
            || seconds < FirstWhen
            || seconds > LastWhen)
        {
            throw ApiException.BadRequest(
                $"'when' must be a Unix time in seconds from {FirstWhen} to {LastWhen}.");
        }

        return DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
    }

    private static bool Format(HttpRequest request) => request.Query["format"].ToString() switch
    {
        "" => false,
        "iso" => true,
        _ => throw ApiException.BadRequest("'format' must be 'iso' when given."),
    };

    private static double Degrees(HttpRequest request, string name, double limit) =>
        double.TryParse(request.Query[name].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value >= -limit && value <= limit
            ? value
            : throw ApiException.BadRequest($"'{name}' must be a number of degrees from {-limit} to {limit}.");

    private static DateTimeOffset UtcTime(HttpRequest request, string name) =>
        DateTimeOffset.TryParseExact(
            request.Query[name].ToString(),
            UtcFormat,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var value)
            ? value
            : throw ApiException.BadRequest(TimeFormatMessage);

    /// <summary>One moon pass as the original returned it.</summary>
    /// <param name="Rise">Moon rise, UTC ISO.</param>
    /// <param name="Set">The following moon set, UTC ISO.</param>
    /// <param name="Transit">The next meridian transit after the rise, UTC ISO.</param>
    /// <param name="Illumination">Illuminated fraction at transit, 0..1.</param>
    public sealed record MoonPassBody(string Rise, string Set, string Transit, double Illumination);
}
