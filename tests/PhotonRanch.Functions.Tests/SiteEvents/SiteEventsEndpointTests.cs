using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PhotonRanch.Astronomy;
using PhotonRanch.Functions.SiteEvents;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.SiteEvents;

/// <summary>
/// GET /events and GET /events/moon/rise-set-illum over real HTTP, with site configurations in the real table.
/// The astronomy itself is checked against PyEphem in PhotonRanch.Astronomy.Tests; these tests check the wiring,
/// the shapes and every error path.
/// </summary>
public sealed class SiteEventsEndpointTests : IClassFixture<ApiFixture>
{
    // 2020-08-01T20:00:00Z, the evening of the original's own test case date.
    private const long When = 1_596_312_000;

    private readonly ApiFixture _api;

    public SiteEventsEndpointTests(ApiFixture api)
    {
        _api = api;
    }

    [Fact]
    public async Task Events_are_the_26_named_tai_julian_dates_in_time_order_as_the_core_computes_them()
    {
        await SiteEventsConfigs.SaveAsync(_api, "sba", SiteEventsConfigs.SantaBarbara());

        var (status, body, response) = await GetAsync($"/events?site=sba&when={When}");
        var expected = SiteEventsCalculator.Calculate(
            new SiteLocation(34.4208, -119.6982, 10),
            TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"),
            DateTimeOffset.FromUnixTimeSeconds(When));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(response.Headers.Contains(SiteEventsFunctions.MissingEventsHeader));
        var events = body.EnumerateObject().Select(p => (p.Name, p.Value.GetDouble())).ToList();
        Assert.Equal(26, events.Count);
        Assert.Equal(SiteEventNames.All.Order(StringComparer.Ordinal), events.Select(e => e.Name).Order(StringComparer.Ordinal));
        Assert.Equal(events.OrderBy(e => e.Item2).Select(e => e.Name), events.Select(e => e.Name));
        Assert.Equal(expected.Events.Select(e => (e.Name, e.TaiJulianDate)), events);
        // Published sunset that evening is 03:05 UTC (upper limb, refraction); the centre at -0.25° without
        // refraction sets a few minutes earlier.
        var sunSet = TimeScales.UtcFromTaiJulianDate(body.GetProperty("Sun Set").GetDouble());
        Assert.InRange(sunSet, new DateTime(2020, 8, 2, 2, 50, 0, DateTimeKind.Utc), new DateTime(2020, 8, 2, 3, 5, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task Format_iso_gives_the_same_keys_as_utc_iso_strings()
    {
        await SiteEventsConfigs.SaveAsync(_api, "sbi", SiteEventsConfigs.SantaBarbara());

        var (_, julian, _) = await GetAsync($"/events?site=sbi&when={When}");
        var (status, iso, _) = await GetAsync($"/events?site=sbi&when={When}&format=iso");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(julian.EnumerateObject().Select(p => p.Name), iso.EnumerateObject().Select(p => p.Name));
        foreach (var property in iso.EnumerateObject())
        {
            var utc = DateTime.ParseExact(property.Value.GetString()!, "yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
            var fromJulian = TimeScales.UtcFromTaiJulianDate(julian.GetProperty(property.Name).GetDouble());
            Assert.InRange((utc - fromJulian).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(1));
        }
    }

    [Fact]
    public async Task A_range_of_nights_is_keyed_by_night_date_each_the_single_night_answer()
    {
        await SiteEventsConfigs.SaveAsync(_api, "sbr", SiteEventsConfigs.SantaBarbara());

        var (status, body, response) = await GetAsync("/events?site=sbr&start=2020-08-01&nights=3");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["2020-08-01", "2020-08-02", "2020-08-03"], body.EnumerateObject().Select(p => p.Name));
        Assert.False(response.Headers.Contains(SiteEventsFunctions.MissingEventsHeader));
        for (var day = 1; day <= 3; day++)
        {
            // 20:00 UTC is 13:00 PDT, after that date's local noon.
            var when = new DateTimeOffset(2020, 8, day, 20, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
            var (_, single, _) = await GetAsync($"/events?site=sbr&when={when}");
            Assert.Equal(single.GetRawText(), body.GetProperty($"2020-08-0{day}").GetRawText());
        }

        var (isoStatus, iso, _) = await GetAsync("/events?site=sbr&start=2020-08-01&format=iso");
        Assert.Equal(HttpStatusCode.OK, isoStatus);
        var night = Assert.Single(iso.EnumerateObject());
        Assert.Equal("2020-08-01", night.Name);
        Assert.Matches(@"^2020-08-02T0[23]:\d\d:\d\d\.\d{3}Z$", night.Value.GetProperty("Sun Set").GetString());
    }

    [Fact]
    public async Task A_year_of_nights_in_a_polar_zone_is_answered_with_the_missing_events_absent()
    {
        var config = SiteEventsConfigs.SantaBarbara();
        config["latitude"] = 78.2;
        config["longitude"] = 15.6;
        config["TZ_database_name"] = "Arctic/Longyearbyen";
        await SiteEventsConfigs.SaveAsync(_api, "lyr", config);

        var (status, body, _) = await GetAsync("/events?site=lyr&start=2024-01-01&nights=366");

        Assert.Equal(HttpStatusCode.OK, status);
        var nights = body.EnumerateObject().ToList();
        Assert.Equal(366, nights.Count);
        Assert.Equal("2024-12-31", nights[^1].Name);
        Assert.False(nights.Single(n => n.Name == "2024-06-21").Value.TryGetProperty("Sun Set", out _));
        Assert.False(nights.Single(n => n.Name == "2024-12-21").Value.TryGetProperty("Sunrise", out _));
        Assert.True(nights.Single(n => n.Name == "2024-03-21").Value.TryGetProperty("Sun Set", out _));
    }

    [Theory]
    [InlineData("start=2020-08-01&nights=0", "'nights' must be a whole number from 1 to 366.")]
    [InlineData("start=2020-08-01&nights=367", "'nights' must be a whole number from 1 to 366.")]
    [InlineData("start=2020-08-01&nights=2.5", "'nights' must be a whole number from 1 to 366.")]
    [InlineData("start=2020-08-01&nights=-1", "'nights' must be a whole number from 1 to 366.")]
    [InlineData("nights=3", "'nights' needs 'start'.")]
    [InlineData("start=2020-08-01&when=1596312000", "'when' cannot be combined with 'start' and 'nights'.")]
    [InlineData("start=2020-8-1", "'start' must be a date")]
    [InlineData("start=2020-02-30", "'start' must be a date")]
    [InlineData("start=1972-01-03", "'start' must be a date")]
    [InlineData("start=2099-12-31", "'start' must be a date")]
    [InlineData("start=2099-12-01&nights=31", "'start' must be a date")]
    public async Task Bad_ranges_are_400s(string query, string error)
    {
        await SiteEventsConfigs.SaveAsync(_api, "sbr2", SiteEventsConfigs.SantaBarbara());

        var (status, body, _) = await GetAsync("/events?site=sbr2&" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(error, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(EdgeSites))]
    public async Task The_first_and_last_nights_of_a_range_are_answered(string site, double latitude, double longitude, string zone)
    {
        var config = SiteEventsConfigs.SantaBarbara();
        config["latitude"] = latitude;
        config["longitude"] = longitude;
        config["TZ_database_name"] = zone;
        await SiteEventsConfigs.SaveAsync(_api, site + "r", config);

        foreach (var start in new[] { "1972-01-04", "2099-12-29" })
        {
            var (status, body, _) = await GetAsync($"/events?site={site}r&start={start}&nights=2&format=iso");

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal(2, body.EnumerateObject().Count());
        }
    }

    [Fact]
    public async Task Answers_carry_an_etag_and_cache_control_and_a_matching_if_none_match_gets_304()
    {
        await SiteEventsConfigs.SaveAsync(_api, "sbe", SiteEventsConfigs.SantaBarbara());

        var past = await _api.Client.GetAsync($"/events?site=sbe&when={When}");
        var etag = past.Headers.ETag;
        Assert.NotNull(etag);
        Assert.False(etag.IsWeak);
        Assert.Equal(TimeSpan.FromDays(1), past.Headers.CacheControl?.MaxAge);
        Assert.True(past.Headers.CacheControl?.Public);

        var again = await _api.Client.GetAsync($"/events?site=sbe&when={When}");
        Assert.Equal(etag, again.Headers.ETag);

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/events?site=sbe&when={When}");
        conditional.Headers.TryAddWithoutValidation("If-None-Match", $"\"other\", W/{etag.Tag}");
        var notModified = await _api.Client.SendAsync(conditional);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        Assert.Equal(etag, notModified.Headers.ETag);

        // Another format, night or range is another answer, with its own tag.
        using var iso = new HttpRequestMessage(HttpMethod.Get, $"/events?site=sbe&when={When}&format=iso");
        iso.Headers.IfNoneMatch.Add(etag);
        var isoResponse = await _api.Client.SendAsync(iso);
        Assert.Equal(HttpStatusCode.OK, isoResponse.StatusCode);
        Assert.NotEqual(etag, isoResponse.Headers.ETag);

        var range = await _api.Client.GetAsync("/events?site=sbe&start=2020-08-01&nights=2");
        Assert.Equal(TimeSpan.FromDays(1), range.Headers.CacheControl?.MaxAge);
        using var rangeAgain = new HttpRequestMessage(HttpMethod.Get, "/events?site=sbe&start=2020-08-01&nights=2");
        rangeAgain.Headers.IfNoneMatch.Add(range.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await _api.Client.SendAsync(rangeAgain)).StatusCode);

        // Tonight may still change (a configuration edit): a minute. Without 'when', revalidate every time.
        var future = await _api.Client.GetAsync($"/events?site=sbe&when={DateTimeOffset.UtcNow.AddDays(30).ToUnixTimeSeconds()}");
        Assert.Equal(TimeSpan.FromMinutes(1), future.Headers.CacheControl?.MaxAge);
        var now = await _api.Client.GetAsync("/events?site=sbe");
        Assert.True(now.Headers.CacheControl?.NoCache);
        Assert.NotNull(now.Headers.ETag);
        Assert.Contains("ETag", string.Join(",", now.Headers.GetValues("Access-Control-Expose-Headers")), StringComparison.Ordinal);

        var moon = await _api.Client.GetAsync("/events/moon/rise-set-illum?lat=34.4&lng=-119.7&start=2020-08-01T00:00:00Z&end=2020-08-05T00:00:00Z");
        Assert.Equal(TimeSpan.FromDays(1), moon.Headers.CacheControl?.MaxAge);
        using var moonAgain = new HttpRequestMessage(HttpMethod.Get, "/events/moon/rise-set-illum?lat=34.4&lng=-119.7&start=2020-08-01T00:00:00Z&end=2020-08-05T00:00:00Z");
        moonAgain.Headers.IfNoneMatch.Add(moon.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await _api.Client.SendAsync(moonAgain)).StatusCode);
    }

    [Fact]
    public async Task Event_offsets_in_the_configuration_move_the_derived_events_and_absent_keys_keep_the_constants()
    {
        await SiteEventsConfigs.SaveAsync(_api, "sbo0", SiteEventsConfigs.SantaBarbara());
        var config = SiteEventsConfigs.SantaBarbara();
        config[SiteObservatory.OffsetsField] = new JsonObject
        {
            ["ops_window_before_sunset_minutes"] = 45,
            ["eve_bias_dark_minutes"] = "120",
            ["observing_after_naut_dusk_minutes"] = 0,
            ["final_focus_before_naut_dawn_minutes"] = null,
        };
        await SiteEventsConfigs.SaveAsync(_api, "sbo1", config);

        var (_, standard, _) = await GetAsync($"/events?site=sbo0&when={When}");
        var (status, custom, _) = await GetAsync($"/events?site=sbo1&when={When}");

        Assert.Equal(HttpStatusCode.OK, status);
        double Minutes(JsonElement body, string later, string earlier) =>
            (body.GetProperty(later).GetDouble() - body.GetProperty(earlier).GetDouble()) * 1440;
        Assert.Equal(60, Minutes(standard, "Sun Set", "Ops Window Start"), 4);
        Assert.Equal(45, Minutes(custom, "Sun Set", "Ops Window Start"), 4);
        Assert.Equal(480, Minutes(standard, "End Eve Bias Dark", "Eve Bias Dark"), 4);
        Assert.Equal(120, Minutes(custom, "End Eve Bias Dark", "Eve Bias Dark"), 4);
        Assert.Equal(0, Minutes(custom, "Observing Begins", "Naut Dusk"), 4);
        Assert.Equal(4, Minutes(custom, "Naut Dawn", "Final Clock & Auto Focus"), 4);
        Assert.Equal(standard.GetProperty("Sun Set").GetDouble(), custom.GetProperty("Sun Set").GetDouble());
        Assert.Equal(
            standard.GetProperty("Ops Window Start").GetDouble() - (75.0 / 86400),
            custom.GetProperty("End Eve Scrn Flats").GetDouble() - (15.0 / 1440),
            7);
    }

    [Fact]
    public void Each_event_offset_key_reads_back_its_own_default()
    {
        var keys = SiteObservatory.OffsetKeys;
        Assert.Equal(12, keys.Select(k => k.Key).Distinct().Count());
        foreach (var (key, read, change) in keys)
        {
            var changed = change(EventOffsets.Default, TimeSpan.FromMinutes(7));
            Assert.Equal(TimeSpan.FromMinutes(7), read(changed));
            Assert.Single(keys, other => other.Read(changed) != other.Read(EventOffsets.Default));
            Assert.EndsWith("_minutes", key, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("bado1", "[]", "Invalid event_offsets in site config: it must be an object of minutes.")]
    [InlineData("bado2", """{"sunset_minutes": 5}""", "Invalid event_offsets in site config: unknown key 'sunset_minutes'.")]
    [InlineData("bado3", """{"eve_bias_dark_minutes": -1}""", "Invalid event_offsets in site config: 'eve_bias_dark_minutes' must be a number of minutes from 0 to 720.")]
    [InlineData("bado4", """{"eve_bias_dark_minutes": 721}""", "Invalid event_offsets in site config: 'eve_bias_dark_minutes' must be a number of minutes from 0 to 720.")]
    [InlineData("bado5", """{"eve_bias_dark_minutes": "long"}""", "Invalid event_offsets in site config: 'eve_bias_dark_minutes' must be a number of minutes from 0 to 720.")]
    [InlineData("bado6", """{"eve_bias_dark_minutes": 600, "eve_screen_flats_minutes": 60}""", "Invalid event_offsets in site config: the evening offsets (Eve Bias Dark back from Sun Set) must add up to at most 720 minutes.")]
    public async Task Unusable_event_offsets_are_a_500_naming_the_problem(string site, string offsets, string error)
    {
        var config = SiteEventsConfigs.SantaBarbara();
        config[SiteObservatory.OffsetsField] = JsonNode.Parse(offsets);
        await SiteEventsConfigs.SaveAsync(_api, site, config);

        var (status, body, _) = await GetAsync($"/events?site={site}&when={When}");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal(error, body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Without_when_the_events_are_for_now()
    {
        await SiteEventsConfigs.SaveAsync(_api, "sbn", SiteEventsConfigs.SantaBarbara());

        var (status, body, _) = await GetAsync("/events?site=sbn");

        Assert.Equal(HttpStatusCode.OK, status);
        var now = TimeScales.TaiJulianDateFromUtc(DateTimeOffset.UtcNow);
        Assert.InRange(body.GetProperty("Sun Set").GetDouble(), now - 1.5, now + 1.5);
    }

    [Fact]
    public async Task A_night_without_astronomical_dark_answers_200_without_those_events_and_names_them_in_a_header()
    {
        var config = SiteEventsConfigs.SantaBarbara();
        config["latitude"] = 62.0;
        config["longitude"] = 10.0;
        config["TZ_database_name"] = "Europe/Oslo";
        await SiteEventsConfigs.SaveAsync(_api, "osl", config);

        // 2021-06-21T20:00:00Z: midsummer at 62° N, where the Sun never gets 18° (or 12°) below the horizon.
        var (status, body, response) = await GetAsync("/events?site=osl&when=1624305600");

        Assert.Equal(HttpStatusCode.OK, status);
        var missing = JsonSerializer.Deserialize<string[]>(Assert.Single(response.Headers.GetValues(SiteEventsFunctions.MissingEventsHeader)))!;
        Assert.Contains("Astro Dark", missing);
        Assert.Contains("End Astro Dark", missing);
        Assert.All(missing, name => Assert.False(body.TryGetProperty(name, out _)));
        Assert.True(body.TryGetProperty("Sun Set", out _));
        Assert.Equal(26, missing.Length + body.EnumerateObject().Count());
    }

    [Theory]
    [InlineData("/events", 400, "Missing 'site' query string request parameter.")]
    [InlineData("/events?site=", 400, "Missing 'site' query string request parameter.")]
    [InlineData("/events?site=no%23such", 400, "'site' must be")]
    [InlineData("/events?site=nosuchsite", 404, "The specified sitecode did not match any config file.")]
    [InlineData("/events?site=sba2&when=tomorrow", 400, "'when' must be a Unix time")]
    [InlineData("/events?site=sba2&when=NaN", 400, "'when' must be a Unix time")]
    [InlineData("/events?site=sba2&when=1e30", 400, "'when' must be a Unix time")]
    [InlineData("/events?site=sba2&when=0", 400, "'when' must be a Unix time")]
    [InlineData("/events?site=sba2&format=xml", 400, "'format' must be 'iso'")]
    public async Task Bad_requests_are_4xx_with_an_error(string path, int expectedStatus, string error)
    {
        await SiteEventsConfigs.SaveAsync(_api, "sba2", SiteEventsConfigs.SantaBarbara());

        var (status, body, _) = await GetAsync(path);

        Assert.Equal(expectedStatus, (int)status);
        Assert.StartsWith(error, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, double, double, string> EdgeSites => new()
    {
        // Extreme east and west zones at the date line, a real +14 zone far west of it, and a zone one hour behind
        // solar time at 66 N, where in early January the Sun sets just after noon so Eve Bias Dark lies 10.6 h
        // before a window that itself starts 23 h before `when`.
        { "edgee", 0.0, 180.0, "Etc/GMT-14" },
        { "edgew", 0.0, -180.0, "Etc/GMT+12" },
        { "edgek", 1.87, -157.4, "Pacific/Kiritimati" },
        { "edgep", -14.3, -170.7, "Pacific/Pago_Pago" },
        { "edgen", 66.0, 180.0, "Etc/GMT-11" },
        { "edges", -66.0, -180.0, "Etc/GMT+12" },
    };

    [Theory]
    [MemberData(nameof(EdgeSites))]
    public async Task The_first_and_last_when_answer_200_and_one_second_beyond_400(string site, double latitude, double longitude, string zone)
    {
        var config = SiteEventsConfigs.SantaBarbara();
        config["latitude"] = latitude;
        config["longitude"] = longitude;
        config["TZ_database_name"] = zone;
        await SiteEventsConfigs.SaveAsync(_api, site, config);

        foreach (var when in new[] { SiteEventsFunctions.FirstWhen, SiteEventsFunctions.LastWhen })
        {
            var (julianStatus, julian, _) = await GetAsync($"/events?site={site}&when={when}");
            var (isoStatus, iso, _) = await GetAsync($"/events?site={site}&when={when}&format=iso");

            Assert.Equal(HttpStatusCode.OK, julianStatus);
            Assert.Equal(HttpStatusCode.OK, isoStatus);
            Assert.True(julian.TryGetProperty("Sun Set", out _), $"{site} at {when}");
            Assert.Equal(julian.EnumerateObject().Select(p => p.Name), iso.EnumerateObject().Select(p => p.Name));
        }

        foreach (var when in new[] { SiteEventsFunctions.FirstWhen - 1, SiteEventsFunctions.LastWhen + 1 })
        {
            var (status, body, _) = await GetAsync($"/events?site={site}&when={when}&format=iso");

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("'when' must be a Unix time in seconds from 63331200 to 4102444800.", body.GetProperty("error").GetString());
        }
    }

    [Fact]
    public void The_when_bounds_are_the_astronomy_cores()
    {
        Assert.Equal(SiteEventsFunctions.FirstWhen, SupportedPeriod.FirstSiteEventsWhen.ToUnixTimeSeconds());
        Assert.Equal(SiteEventsFunctions.LastWhen, SupportedPeriod.LastSiteEventsWhen.ToUnixTimeSeconds());
    }

    [Theory]
    [InlineData("latitude")]
    [InlineData("longitude")]
    [InlineData("elevation")]
    [InlineData("reference_ambient")]
    [InlineData("reference_pressure")]
    [InlineData("TZ_database_name")]
    public async Task A_config_lacking_a_required_field_is_a_500_naming_the_fields(string field)
    {
        var config = SiteEventsConfigs.SantaBarbara();
        config.Remove(field);
        var site = "cfg" + field.Length.ToString(CultureInfo.InvariantCulture) + field[..3].ToLowerInvariant();
        await SiteEventsConfigs.SaveAsync(_api, site, config);

        var (status, body, _) = await GetAsync($"/events?site={site}&when={When}");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal(SiteEventsMessages.ConfigurationIncomplete, body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task An_unknown_time_zone_is_a_500_naming_it()
    {
        var config = SiteEventsConfigs.SantaBarbara();
        config["TZ_database_name"] = "Mars/Olympus_Mons";
        await SiteEventsConfigs.SaveAsync(_api, "mars", config);

        var (status, body, _) = await GetAsync($"/events?site=mars&when={When}");

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Equal("Invalid timezone name from site config: 'Mars/Olympus_Mons'", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Numeric_strings_and_bare_reference_numbers_are_accepted_as_the_original_did()
    {
        var config = SiteEventsConfigs.SantaBarbara();
        config["latitude"] = "34.4208";
        config["longitude"] = "-119.6982";
        config["elevation"] = "10";
        config["reference_ambient"] = 10;
        await SiteEventsConfigs.SaveAsync(_api, "sbs", config);

        var (status, body, _) = await GetAsync($"/events?site=sbs&when={When}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(26, body.EnumerateObject().Count());
    }

    [Fact]
    public async Task Moon_rise_set_illumination_lists_complete_passes_as_the_core_computes_them()
    {
        var (status, body, _) = await GetAsync("/events/moon/rise-set-illum?lat=34.4208&lng=-119.6982&start=2020-08-01T00:00:00Z&end=2020-08-11T00:00:00Z");
        var expected = MoonRiseSetIllumination.Calculate(
            34.4208, -119.6982, DateTimeOffset.Parse("2020-08-01T00:00:00Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse("2020-08-11T00:00:00Z", CultureInfo.InvariantCulture));

        Assert.Equal(HttpStatusCode.OK, status);
        var passes = body.EnumerateArray().ToList();
        Assert.InRange(passes.Count, 8, 11);
        Assert.Equal(expected.Count, passes.Count);
        for (var i = 0; i < passes.Count; i++)
        {
            Assert.Equal(new[] { "rise", "set", "transit", "illumination" }, passes[i].EnumerateObject().Select(p => p.Name));
            Assert.Equal(expected[i].RiseIso, passes[i].GetProperty("rise").GetString());
            Assert.Equal(expected[i].SetIso, passes[i].GetProperty("set").GetString());
            Assert.Equal(expected[i].TransitIso, passes[i].GetProperty("transit").GetString());
            Assert.Equal(expected[i].Illumination, passes[i].GetProperty("illumination").GetDouble());
            Assert.True(string.CompareOrdinal(passes[i].GetProperty("rise").GetString(), passes[i].GetProperty("set").GetString()) < 0);
            Assert.InRange(passes[i].GetProperty("illumination").GetDouble(), 0, 1);
        }

        // Full moon was 2020-08-03: the passes around it are nearly fully lit.
        Assert.Contains(passes, pass => pass.GetProperty("illumination").GetDouble() > 0.98);
    }

    [Fact]
    public async Task Moon_format_iso_gives_the_same_passes_to_the_millisecond()
    {
        const string Query = "/events/moon/rise-set-illum?lat=34.4208&lng=-119.6982&start=2020-08-01T00:00:00Z&end=2020-08-05T00:00:00Z";
        var (_, seconds, _) = await GetAsync(Query);
        var (status, millis, _) = await GetAsync(Query + "&format=iso");
        var (badStatus, bad, _) = await GetAsync(Query + "&format=jd");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Equal("'format' must be 'iso' when given.", bad.GetProperty("error").GetString());
        var pairs = seconds.EnumerateArray().Zip(millis.EnumerateArray()).ToList();
        Assert.NotEmpty(pairs);
        foreach (var (coarse, fine) in pairs)
        {
            foreach (var name in new[] { "rise", "set", "transit" })
            {
                var text = fine.GetProperty(name).GetString()!;
                Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", text);
                var precise = DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
                var rounded = DateTime.Parse(coarse.GetProperty(name).GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal);
                Assert.InRange((precise - rounded).Duration(), TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
            }
        }
    }

    [Theory]
    [InlineData("lat=66&lng=180&start=1972-01-01T00:00:00Z&end=1972-01-11T00:00:00Z")]
    [InlineData("lat=-66&lng=-180&start=2099-12-22T00:00:00Z&end=2100-01-01T00:00:00Z")]
    public async Task Moon_windows_at_the_edges_of_the_supported_period_are_answered(string query)
    {
        var (status, body, _) = await GetAsync("/events/moon/rise-set-illum?" + query);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotEmpty(body.EnumerateArray());
    }

    [Fact]
    public async Task A_window_without_a_complete_pass_is_an_empty_list()
    {
        var (status, body, _) = await GetAsync("/events/moon/rise-set-illum?lat=34.4&lng=-119.7&start=2020-08-01T00:00:00Z&end=2020-08-01T01:00:00Z");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body.EnumerateArray());
    }

    [Theory]
    [InlineData("lat=91&lng=0&start=2020-08-01T00:00:00Z&end=2020-08-02T00:00:00Z", "'lat' must be")]
    [InlineData("lat=north&lng=0&start=2020-08-01T00:00:00Z&end=2020-08-02T00:00:00Z", "'lat' must be")]
    [InlineData("lng=0&start=2020-08-01T00:00:00Z&end=2020-08-02T00:00:00Z", "'lat' must be")]
    [InlineData("lat=0&lng=-180.5&start=2020-08-01T00:00:00Z&end=2020-08-02T00:00:00Z", "'lng' must be")]
    [InlineData("lat=0&lng=0&start=2020-08-01&end=2020-08-02T00:00:00Z", "Error with format of start/end times.")]
    [InlineData("lat=0&lng=0&start=2020-08-01T00:00:00Z&end=2020-08-02 00:00:00", "Error with format of start/end times.")]
    [InlineData("lat=0&lng=0&start=2020-08-02T00:00:00Z&end=2020-08-01T00:00:00Z", "'end' must be after 'start'.")]
    [InlineData("lat=0&lng=0&start=2020-08-01T00:00:00Z&end=2020-08-01T00:00:00Z", "'end' must be after 'start'.")]
    [InlineData("lat=0&lng=0&start=2020-01-01T00:00:00Z&end=2021-01-02T00:00:01Z", "The window from start to end must not exceed 366 days.")]
    [InlineData("lat=0&lng=0&start=1960-01-01T00:00:00Z&end=1960-01-02T00:00:00Z", "'start' and 'end' must be from 1972-01-01T00:00:00Z to 2100-01-01T00:00:00Z.")]
    [InlineData("lat=0&lng=0&start=1971-12-31T23:59:59Z&end=1972-01-02T00:00:00Z", "'start' and 'end' must be from 1972-01-01T00:00:00Z to 2100-01-01T00:00:00Z.")]
    [InlineData("lat=0&lng=0&start=2099-12-31T00:00:00Z&end=2100-01-01T00:00:01Z", "'start' and 'end' must be from 1972-01-01T00:00:00Z to 2100-01-01T00:00:00Z.")]
    [InlineData("lat=0&lng=0&start=9999-12-30T00:00:00Z&end=9999-12-31T23:59:59Z", "'start' and 'end' must be from 1972-01-01T00:00:00Z to 2100-01-01T00:00:00Z.")]
    public async Task Bad_moon_queries_are_400s(string query, string error)
    {
        var (status, body, _) = await GetAsync("/events/moon/rise-set-illum?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith(error, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> GetAsync(string path)
    {
        var response = await _api.Client.GetAsync(path);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.Clone(), response);
    }
}
