using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Astronomy;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.OpenApi;
using PhotonRanch.Functions.SiteConfigs;
using static PhotonRanch.Functions.SiteEvents.SiteEventsMessages;

namespace PhotonRanch.Functions.SiteEvents;

/// <summary><c>GET /events</c> (a site's nightly events) and <c>GET /events/moon/rise-set-illum</c>.</summary>
internal sealed class SiteEventsFunctions(SiteEventsService events, TimeProvider clock)
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
    private const string DayCacheControl = "public, max-age=86400";
    private const string JsonContentType = "application/json; charset=utf-8";

    // The first and last night dates whose evening (18:00 local, SiteEventsCalculator.WhenOfNight) is a 'when'
    // inside FirstWhen .. LastWhen in every time zone (UTC-12 to UTC+14).
    private static readonly DateOnly FirstNight = new(1972, 1, 4);
    private static readonly DateOnly LastNight = new(2099, 12, 30);

    private const string EventsExample =
        """{"Eve Bias Dark": 2460463.155, "Ops Window Start": 2460463.556, "Sun Set": 2460463.598, "Civil Dusk": 2460463.619, "Naut Dusk": 2460463.644, "Astro Dark": 2460463.669, "Middle of Night": 2460463.796, "End Astro Dark": 2460463.923, "Sunrise": 2460463.994}""";

    /// <summary>
    /// <c>GET /events?site=S&amp;when=T</c>: event name → TAI Julian date, in time order, for the local noon-to-noon
    /// window holding <c>when</c> (Unix seconds, default now). <c>start=YYYY-MM-DD&amp;nights=N</c> instead gives an
    /// object of night date → such an object. <c>format=iso</c> gives UTC ISO strings instead of Julian dates.
    /// 400 without a site or with a bad <c>when</c>, range or format; 404 for an unknown site; 500 for an unusable
    /// site configuration. Answers carry an <c>ETag</c> and a <c>Cache-Control</c>; a matching <c>If-None-Match</c> gets 304.
    /// </summary>
    [Function("GetSiteEvents")]
    [ApiQueryParameter("site", "The site code; its configuration must hold `latitude`, `longitude`, `elevation`, `reference_ambient`, `reference_pressure` and `TZ_database_name`, and may hold `event_offsets`.", Required = true)]
    [ApiQueryParameter("when", "A Unix time in seconds from 63331200 (1972-01-04) to 4102444800 (2100-01-01), fractions allowed (default now). Not with `start`.")]
    [ApiQueryParameter("start", "The local date (`YYYY-MM-DD`) of the first of a range of nights, from 1972-01-04; the answer is then keyed by night date.")]
    [ApiQueryParameter("nights", "How many nights from `start`, 1 to 366 (default 1); the last on or before 2099-12-30.")]
    [ApiQueryParameter("format", "`iso` for UTC times as `YYYY-MM-DDTHH:MM:SS.fffZ` instead of TAI Julian dates.")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "Event name → TAI Julian date (or ISO time), in time order; with `start`, night date → that object. Events whose " +
        "threshold is not crossed that night are left out (for a single night also named, as a JSON array, in the " +
        "`X-Events-Missing` header). `ETag` and `Cache-Control` headers come with it.",
        Example = EventsExample)]
    [ApiResponse(StatusCodes.Status304NotModified, "`If-None-Match` named the answer's current `ETag`.")]
    [ApiResponse(
        StatusCodes.Status400BadRequest,
        "`" + MissingSite + "` " + ApiAnswerTexts.InvalidSite + " `" + WhenOutOfRange + "` `" + StartInvalid + "` `" + NightsInvalid +
        "` `" + WhenWithRange + "` `" + NightsWithoutStart + "` `" + FormatNotIso + "`")]
    [ApiResponse(StatusCodes.Status404NotFound, "`" + SiteNotFound + "`")]
    [ApiResponse(
        StatusCodes.Status500InternalServerError,
        "The configuration cannot place the site: `" + ConfigurationIncomplete + "`, `" + TimeZoneInvalid + "` " +
        "or `Invalid event_offsets in site config: ...`.")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> GetSiteEvents(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var site = Site(request);
        var range = Range(request);
        var when = range is null ? When(request) : default;
        var iso = Format(request);

        var (observatory, problem) = await ObservatoryAsync(site, cancellationToken);
        if (observatory is null)
        {
            return problem!;
        }

        var now = TimeScales.TaiJulianDateFromUtc(clock.GetUtcNow());
        if (range is { } nights)
        {
            var results = SiteEventsService.CalculateNights(observatory, nights.Start, nights.Count);
            return new CacheableResponse(
                EventsJson(results, iso), JsonContentType, CacheControl(results[^1].Events.WindowStartTaiJulianDate + 1.0, now, explicitTime: true));
        }

        var result = SiteEventsService.Calculate(observatory, when);
        if (result.Missing.Count > 0)
        {
            request.HttpContext.Response.Headers[MissingEventsHeader] = JsonSerializer.Serialize(result.Missing);
        }

        return new CacheableResponse(
            EventsJson([(null, result)], iso), JsonContentType, CacheControl(result.WindowStartTaiJulianDate + 1.0, now, request.Query.ContainsKey("when")));
    }

    /// <summary>
    /// <c>GET /events/plot?site=S&amp;when=T</c>: an SVG picture of the night <c>/events</c> answers for the same
    /// site and <c>when</c> (<see cref="SiteEventsPlot"/>). The same 400, 404 and 500 answers as <c>/events</c>, and the
    /// same <c>ETag</c> / <c>Cache-Control</c> rules.
    /// </summary>
    [Function("GetSiteEventsPlot")]
    [ApiQueryParameter("site", "The site code, as for `/events`.", Required = true)]
    [ApiQueryParameter("when", "A Unix time in seconds from 63331200 (1972-01-04) to 4102444800 (2100-01-01), fractions allowed (default now).")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "`image/svg+xml`: the Sun's and the Moon's altitude against local time from local noon to noon, the sky shaded by " +
        "twilight band, each event a labelled line, the site and date in the title. `ETag` and `Cache-Control` headers come with it.")]
    [ApiResponse(StatusCodes.Status304NotModified, "`If-None-Match` named the answer's current `ETag`.")]
    [ApiResponse(
        StatusCodes.Status400BadRequest,
        "`" + MissingSite + "` " + ApiAnswerTexts.InvalidSite + " `" + WhenOutOfRange + "`")]
    [ApiResponse(StatusCodes.Status404NotFound, "`" + SiteNotFound + "`")]
    [ApiResponse(StatusCodes.Status500InternalServerError, "The configuration cannot place the site, as for `/events`.")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> GetSiteEventsPlot(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/plot")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var site = Site(request);
        var when = When(request);
        var (observatory, problem) = await ObservatoryAsync(site, cancellationToken);
        if (observatory is null)
        {
            return problem!;
        }

        var result = SiteEventsService.Calculate(observatory, when);
        var svg = Encoding.UTF8.GetBytes(SiteEventsPlot.Render(site, observatory, result));
        var now = TimeScales.TaiJulianDateFromUtc(clock.GetUtcNow());
        return new CacheableResponse(
            svg, "image/svg+xml; charset=utf-8", CacheControl(result.WindowStartTaiJulianDate + 1.0, now, request.Query.ContainsKey("when")));
    }

    /// <summary>
    /// <c>GET /events/moon/rise-set-illum?lat=&amp;lng=&amp;start=&amp;end=</c>: each complete moon rise→set inside the
    /// window with the next meridian transit and the illuminated fraction there. 400 for a bad latitude, longitude
    /// or time, an end not after the start, a window over 366 days, or one reaching outside 1972-01-01 .. 2100-01-01.
    /// <c>format=iso</c> gives the times to the millisecond. The answer depends on the query alone: cacheable for a day.
    /// </summary>
    [Function("GetMoonRiseSetIllumination")]
    [ApiQueryParameter("lat", "Latitude in degrees, -90 to 90.", Required = true)]
    [ApiQueryParameter("lng", "Longitude in degrees, -180 to 180 (east positive).", Required = true)]
    [ApiQueryParameter("start", "Window start, UTC, as `2020-12-31T01:00:00Z`, from 1972-01-01T00:00:00Z.", Required = true)]
    [ApiQueryParameter("end", "Window end, UTC, as `start`; after it, at most 366 days later, until 2100-01-01T00:00:00Z.", Required = true)]
    [ApiQueryParameter("format", "`iso` for the times as `YYYY-MM-DDTHH:MM:SS.fffZ` (to the millisecond) instead of to the second.")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "Each complete moon rise → set inside the window (a leading set and a trailing rise are dropped), with the next " +
        "meridian transit after the rise and the illuminated fraction (0..1) there; `[]` when there is none. `ETag` and " +
        "`Cache-Control` headers come with it.",
        Example = """[{"rise": "2024-06-10T16:42:05Z", "set": "2024-06-11T03:31:48Z", "transit": "2024-06-10T22:07:19Z", "illumination": 0.182}]""")]
    [ApiResponse(
        StatusCodes.Status400BadRequest,
        "`" + LatitudeInvalid + "` `" + LongitudeInvalid + "` `" + TimeFormatInvalid + "` `" + EndNotAfterStart + "` `" +
        WindowTooLong + "` `" + TimeOutOfRange + "` `" + FormatNotIso + "`")]
    [ApiResponse(StatusCodes.Status304NotModified, "`If-None-Match` named the answer's current `ETag`.")]
    public IActionResult GetMoonRiseSetIllumination(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "events/moon/rise-set-illum")] HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var latitude = Degrees(request, "lat", 90, LatitudeInvalid);
        var longitude = Degrees(request, "lng", 180, LongitudeInvalid);
        var start = UtcTime(request, "start");
        var end = UtcTime(request, "end");
        var iso = Format(request);
        if (end <= start)
        {
            throw ApiException.BadRequest(EndNotAfterStart);
        }

        if ((end - start).TotalDays > MoonRiseSetIllumination.MaximumWindowDays)
        {
            throw ApiException.BadRequest(WindowTooLong);
        }

        if (!SupportedPeriod.ContainsMoonWindow(start, end))
        {
            throw ApiException.BadRequest(TimeOutOfRange);
        }

        var passes = MoonRiseSetIllumination.Calculate(latitude, longitude, start, end);
        Func<DateTime, string> time = iso ? TimeScales.ToIsoUtcMillisecondsString : TimeScales.ToIsoUtcString;
        return CacheableResponse.Json(
            passes.Select(pass => new MoonPassBody(time(pass.Rise), time(pass.Set), time(pass.Transit), pass.Illumination)).ToList(),
            DayCacheControl);
    }

    private async Task<(SiteObservatory? Observatory, IActionResult? Problem)> ObservatoryAsync(string site, CancellationToken cancellationToken)
    {
        try
        {
            return await events.ObservatoryAsync(site, cancellationToken) is { } observatory
                ? (observatory, null)
                : (null, ApiResults.Error(StatusCodes.Status404NotFound, SiteNotFound));
        }
        catch (SiteConfigurationException problem)
        {
            return (null, ApiResults.Error(StatusCodes.Status500InternalServerError, problem.Message));
        }
    }

    /// <summary>
    /// Past nights never change but for an edit of the site's configuration: a day. Nights not yet over may still
    /// be edited for (offsets, location): a minute. Without <c>when</c> the answer moves on with the clock: stored,
    /// but revalidated with the ETag every time.
    /// </summary>
    private static string CacheControl(double lastWindowEnd, double now, bool explicitTime) =>
        !explicitTime ? "no-cache" : lastWindowEnd < now ? DayCacheControl : "public, max-age=60";

    /// <summary>
    /// The answer's JSON, written directly (a year of nights is 9,516 times; no boxed dictionary values): one events
    /// object when the night has no date, else an object of night date → events object.
    /// </summary>
    private static byte[] EventsJson(IReadOnlyList<(DateOnly? Night, SiteEventsResult Events)> nights, bool iso)
    {
        var buffer = new ArrayBufferWriter<byte>(nights.Count * 1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ApiJson.Options.Encoder }))
        {
            var keyed = nights.Count != 1 || nights[0].Night is not null;
            if (keyed)
            {
                writer.WriteStartObject();
            }

            foreach (var (night, result) in nights)
            {
                if (keyed)
                {
                    writer.WritePropertyName(night!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                }

                writer.WriteStartObject();
                foreach (var siteEvent in result.Events)
                {
                    if (iso)
                    {
                        writer.WriteString(siteEvent.Name, TimeScales.ToIsoUtcMillisecondsString(siteEvent.Utc));
                    }
                    else
                    {
                        writer.WriteNumber(siteEvent.Name, siteEvent.TaiJulianDate);
                    }
                }

                writer.WriteEndObject();
            }

            if (keyed)
            {
                writer.WriteEndObject();
            }
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static (DateOnly Start, int Count)? Range(HttpRequest request)
    {
        var hasStart = request.Query.TryGetValue("start", out var start);
        var hasNights = request.Query.TryGetValue("nights", out var nights);
        if (!hasStart)
        {
            return hasNights ? throw ApiException.BadRequest(NightsWithoutStart) : null;
        }

        if (request.Query.ContainsKey("when"))
        {
            throw ApiException.BadRequest(WhenWithRange);
        }

        if (!DateOnly.TryParseExact(start.ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var first)
            || first < FirstNight
            || first > LastNight)
        {
            throw ApiException.BadRequest(StartInvalid);
        }

        var count = 1;
        if (hasNights
            && (!int.TryParse(nights.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out count)
                || count < 1
                || count > SiteEventsService.MaximumNights))
        {
            throw ApiException.BadRequest(NightsInvalid);
        }

        return first.AddDays(count - 1) > LastNight ? throw ApiException.BadRequest(StartInvalid) : (first, count);
    }

    private DateTimeOffset When(HttpRequest request)
    {
        if (!request.Query.TryGetValue("when", out var given))
        {
            return clock.GetUtcNow();
        }

        if (!double.TryParse(given.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            || !double.IsFinite(seconds)
            || seconds < FirstWhen
            || seconds > LastWhen)
        {
            throw ApiException.BadRequest(WhenOutOfRange);
        }

        return DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
    }

    private static bool Format(HttpRequest request) => request.Query["format"].ToString() switch
    {
        "" => false,
        "iso" => true,
        _ => throw ApiException.BadRequest(FormatNotIso),
    };

    private static double Degrees(HttpRequest request, string name, double limit, string problem) =>
        double.TryParse(request.Query[name].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            && value >= -limit && value <= limit
            ? value
            : throw ApiException.BadRequest(problem);

    private static DateTimeOffset UtcTime(HttpRequest request, string name) =>
        DateTimeOffset.TryParseExact(
            request.Query[name].ToString(),
            UtcFormat,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out var value)
            ? value
            : throw ApiException.BadRequest(TimeFormatInvalid);

    /// <summary>One moon pass as the original returned it: UTC ISO times, the illuminated fraction (0..1) at transit.</summary>
    public sealed record MoonPassBody(string Rise, string Set, string Transit, double Illumination);

    // The original's message for a missing site, then the site-code rule every site route applies.
    private static string Site(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var site = request.Query["site"].ToString();
        if (string.IsNullOrEmpty(site))
        {
            throw ApiException.BadRequest(MissingSite);
        }

        SiteCode.Validate(site);
        return site;
    }
}
