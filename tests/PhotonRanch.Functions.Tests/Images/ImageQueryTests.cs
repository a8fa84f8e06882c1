using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PhotonRanch.Functions.Database;
using PhotonRanch.Functions.Tests.Infrastructure;
using PhotonRanch.Functions.Tests.SiteEvents;

namespace PhotonRanch.Functions.Tests.Images;

/// <summary>
/// The query parameters <c>filtered_images</c> gained for the web UI (pages, nights, change detection, collapsed
/// stacks), over real HTTP against real PostgreSQL. Each test seeds rows under its own site code.
/// </summary>
public sealed class ImageQueryTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _api = api;

    [Fact]
    public async Task Pages_follow_the_cursor_to_the_end_and_images_arriving_meanwhile_shift_nothing()
    {
        var noon = new DateTime(2023, 5, 1, 12, 0, 0);
        await ImageSeeding.InsertAsync(
            _api.Services,
            At("pag-a-1", "pag", noon.AddMinutes(5)),
            At("pag-a-2", "pag", noon.AddMinutes(4)),
            At("pag-a-3", "pag", noon.AddMinutes(3)),
            At("pag-a-4", "pag", noon.AddMinutes(3)),
            At("pag-a-5", "pag", noon.AddMinutes(1)));
        var (_, everything, _) = await GetAsync("/filtered_images?site=pag");

        var (status, first, headers) = await GetAsync("/filtered_images?site=pag&limit=2");
        Assert.Equal(HttpStatusCode.OK, status);
        var cursor = Assert.Single(headers.GetValues("X-Next-Cursor"));
        Assert.Equal($"</filtered_images?site=pag&limit=2&cursor={cursor}>; rel=\"next\"", Assert.Single(headers.GetValues("Link")));

        // New images arrive while the caller pages: one newer, one with the cursor row's sort date and a larger id.
        await ImageSeeding.InsertAsync(_api.Services, At("pag-b-new", "pag", noon.AddMinutes(9)), At("pag-b-tie", "pag", noon.AddMinutes(4)));

        var names = Names(first);
        var next = Assert.Single(headers.GetValues("Link"));
        var pages = 1;
        while (next is not null)
        {
            var (pageStatus, page, pageHeaders) = await GetAsync(next[1..next.IndexOf('>', StringComparison.Ordinal)]);
            Assert.Equal(HttpStatusCode.OK, pageStatus);
            names.AddRange(Names(page));
            next = pageHeaders.TryGetValues("Link", out var link) ? link.Single() : null;
            pages++;
        }

        Assert.Equal(3, pages);
        Assert.Equal(Names(everything), names);
        Assert.Equal(["pag-a-1", "pag-a-2", "pag-a-4", "pag-a-3", "pag-a-5"], names);
    }

    [Fact]
    public async Task A_page_shorter_than_its_limit_names_no_next_page()
    {
        await ImageSeeding.InsertAsync(_api.Services, At("end-a-1", "end", new DateTime(2023, 5, 1, 12, 0, 0)));

        var (_, body, headers) = await GetAsync("/filtered_images?site=end&limit=2");

        Assert.Single(Names(body));
        Assert.False(headers.Contains("X-Next-Cursor"));
        Assert.False(headers.Contains("Link"));
    }

    [Theory]
    [InlineData("cursor=abc", "cursor")]
    [InlineData("cursor=", "cursor")]
    [InlineData("since=-1", "since")]
    [InlineData("since=1.5", "since")]
    [InlineData("since=99999999999999999999", "since")]
    [InlineData("since=253402300799999", "since")]
    [InlineData("night=2024-3-09&site=ngt", "night")]
    [InlineData("night=2100-01-01&site=ngt", "night")]
    [InlineData("night=2024-03-09", "night needs site")]
    [InlineData("night=2024-03-09&site=no-such-site", "night needs a site with a configuration")]
    [InlineData("collapse=stacks", "collapse")]
    public async Task Unusable_new_parameters_are_refused_by_name(string query, string named)
    {
        var (status, body, _) = await GetAsync("/filtered_images?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(named, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_night_is_the_sites_noon_to_noon_window_across_a_daylight_saving_change()
    {
        // Santa Barbara springs forward on 2024-03-10: the night of 03-09 runs from 12:00 PST (20:00Z) to 12:00 PDT
        // (19:00Z), 23 hours; noon is TAI noon, 37 s before 12:00 UTC-local, as /events places it.
        await SiteEventsConfigs.SaveAsync(_api, "ngt", SiteEventsConfigs.SantaBarbara());
        await ImageSeeding.InsertAsync(
            _api.Services,
            At("ngt-a-1", "ngt", new DateTime(2024, 3, 9, 19, 59, 0)),
            At("ngt-a-2", "ngt", new DateTime(2024, 3, 9, 19, 59, 30)),
            At("ngt-a-3", "ngt", new DateTime(2024, 3, 10, 18, 59, 0)),
            At("ngt-a-4", "ngt", new DateTime(2024, 3, 10, 18, 59, 30)),
            At("ngt-a-5", "ngt", new DateTime(2024, 3, 10, 19, 30, 0)),
            At("ngt-a-6", "ngt", new DateTime(2024, 3, 11, 18, 59, 30)),
            At("ngu-a-1", "ngu", new DateTime(2024, 3, 10, 0, 0, 0)));

        var (status, before, _) = await GetAsync("/filtered_images?site=ngt&night=2024-03-09");
        var (_, after, _) = await GetAsync("/filtered_images?site=ngt&night=2024-03-10");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["ngt-a-3", "ngt-a-2"], Names(before));
        Assert.Equal(["ngt-a-5", "ngt-a-4"], Names(after));
    }

    [Fact]
    public async Task Since_returns_only_images_with_a_later_sort_date_millisecond()
    {
        var noon = new DateTime(2023, 5, 1, 12, 0, 0);
        await ImageSeeding.InsertAsync(
            _api.Services,
            At("snc-a-1", "snc", noon),
            At("snc-a-2", "snc", noon.AddTicks(5000)),
            At("snc-a-3", "snc", noon.AddMilliseconds(1)));
        var (_, all, _) = await GetAsync("/filtered_images?site=snc");
        var oldest = all.EnumerateArray().Last().GetProperty("sort_date").GetInt64();

        var (status, newer, _) = await GetAsync($"/filtered_images?site=snc&since={oldest}");
        var (lastStatus, none, _) = await GetAsync("/filtered_images?site=snc&since=253402300799998");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["snc-a-3"], Names(newer));
        Assert.Equal(HttpStatusCode.OK, lastStatus);
        Assert.Empty(Names(none));
    }

    [Fact]
    public async Task Collapse_gives_each_smart_stack_as_its_final_frame_with_members_and_exposure()
    {
        var noon = new DateTime(2023, 5, 1, 12, 0, 0);
        SeedImage Frame(string name, int minute, string number, double exposure) =>
            At(name, "stk", noon.AddMinutes(minute)) with
            {
                ExposureTime = exposure,
                Header = SeedImage.HeaderOf(("SMARTSTK", "77"), ("SSTKNUM", number)),
            };
        await ImageSeeding.InsertAsync(
            _api.Services,
            Frame("stk-a-1", 1, "1", 30),
            Frame("stk-a-2", 2, "2", 30),
            Frame("stk-a-3", 3, "3", 45),
            At("stk-a-4", "stk", noon.AddMinutes(4)) with { ExposureTime = 5 });

        var (status, collapsed, _) = await GetAsync("/filtered_images?site=stk&collapse=smartstack");
        var (_, plain, _) = await GetAsync("/filtered_images?site=stk");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["stk-a-4", "stk-a-3"], Names(collapsed));
        Assert.Equal(1, collapsed[0].GetProperty("stack_members").GetInt32());
        Assert.Equal(5, collapsed[0].GetProperty("stack_exposure_s").GetDouble());
        Assert.Equal(3, collapsed[1].GetProperty("stack_members").GetInt32());
        Assert.Equal(105, collapsed[1].GetProperty("stack_exposure_s").GetDouble());
        Assert.Equal(["stk-a-4", "stk-a-3"], Names(plain));
        Assert.All(plain.EnumerateArray(), p => Assert.False(p.TryGetProperty("stack_members", out _)));
    }

    [Fact]
    public async Task Image_answers_carry_an_etag_that_a_repeat_request_gets_as_a_bodiless_304_until_the_image_changes()
    {
        await ImageSeeding.InsertAsync(_api.Services, At("etg-a-1", "etg", new DateTime(2023, 5, 1, 12, 0, 0)) with { JpgSmallExists = true });
        string[] paths = ["/image/etg-a-1", "/etg/latest_images/5", "/filtered_images?site=etg", "/fitsheader/etg-a-1"];

        foreach (var path in paths)
        {
            using var first = await _api.Client.GetAsync(path);
            using var again = await _api.Client.GetAsync(path);
            var etag = first.Headers.ETag;
            Assert.NotNull(etag);
            Assert.Equal(etag, again.Headers.ETag);
            Assert.Equal("no-cache", first.Headers.CacheControl?.ToString());

            using var conditional = new HttpRequestMessage(HttpMethod.Get, path);
            conditional.Headers.IfNoneMatch.Add(etag);
            using var notModified = await _api.Client.SendAsync(conditional);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
            Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        }

        using var before = await _api.Client.GetAsync("/image/etg-a-1");
        await using (var command = _api.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("UPDATE images SET exposure_time = 99 WHERE base_filename = 'etg-a-1'"))
        {
            await command.ExecuteNonQueryAsync();
        }

        using var changed = new HttpRequestMessage(HttpMethod.Get, "/image/etg-a-1");
        changed.Headers.IfNoneMatch.Add(before.Headers.ETag!);
        using var after = await _api.Client.SendAsync(changed);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.NotEqual(before.Headers.ETag, after.Headers.ETag);
    }

    [Fact]
    public async Task Aggregate_counts_a_sites_images_per_filter_user_and_noon_to_noon_night()
    {
        await SiteEventsConfigs.SaveAsync(_api, "agg", SiteEventsConfigs.SantaBarbara());
        await ImageSeeding.InsertAsync(
            _api.Services,
            At("agg-a-1", "agg", new DateTime(2024, 3, 9, 19, 59, 0)) with { FilterUsed = "w", UserId = "u1", Username = "Ann" },
            At("agg-a-2", "agg", new DateTime(2024, 3, 9, 19, 59, 30)) with { FilterUsed = "w", UserId = "u1", Username = "Ann" },
            At("agg-a-3", "agg", new DateTime(2024, 3, 10, 18, 59, 0)) with { FilterUsed = "ha", UserId = "u2", Username = "Bo" },
            At("agg-a-4", "agg", new DateTime(2024, 3, 10, 18, 59, 30)) with { FilterUsed = "w", UserId = "u1", Username = "Ann" },
            At("agg-a-5", "agg", new DateTime(2024, 3, 10, 20, 0, 0)) with { FilterUsed = "w", UserId = "u1", Username = "Ann", JpgMediumExists = false },
            At("agh-a-1", "agh", new DateTime(2024, 3, 10, 0, 0, 0)));

        var (status, body, _) = await GetAsync("/images/aggregate?site=agg");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(
            """{"filters":[{"filter":"w","count":3},{"filter":"ha","count":1}],"users":[{"user_id":"u1","username":"Ann","count":3},{"user_id":"u2","username":"Bo","count":1}],"nights":[{"night":"2024-03-10","count":1},{"night":"2024-03-09","count":2},{"night":"2024-03-08","count":1}]}""",
            JsonSerializer.Serialize(body));
    }

    [Theory]
    [InlineData("/images/aggregate", HttpStatusCode.BadRequest, "site")]
    [InlineData("/images/aggregate?site=", HttpStatusCode.BadRequest, "site")]
    [InlineData("/images/aggregate?site=no-such-site", HttpStatusCode.NotFound, "no-such-site")]
    public async Task Aggregate_needs_a_configured_site(string path, HttpStatusCode expected, string named)
    {
        var (status, body, _) = await GetAsync(path);

        Assert.Equal(expected, status);
        Assert.Contains(named, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cone_search_finds_pointings_within_the_radius_across_ra_0_360_and_across_a_pole()
    {
        var noon = new DateTime(2023, 5, 1, 12, 0, 0);
        await ImageSeeding.InsertAsync(
            _api.Services,
            Pointed("con-a-1", noon.AddMinutes(1), 359.8, 0.1),
            Pointed("con-a-2", noon.AddMinutes(2), 0.2, -0.1),
            Pointed("con-a-3", noon.AddMinutes(3), 1.2, 0),
            Pointed("con-a-4", noon.AddMinutes(4), 180, 0),
            Pointed("con-b-1", noon.AddMinutes(5), 0, 89.9),
            Pointed("con-b-2", noon.AddMinutes(6), 180, 89.9),
            Pointed("con-b-3", noon.AddMinutes(7), 90, 89.0),
            Pointed("con-b-4", noon.AddMinutes(8), 270, -89.95),
            Pointed("con-d-1", noon.AddMinutes(10), 14, 80),
            Pointed("con-d-2", noon.AddMinutes(11), 16.5, 80),
            At("con-c-1", "con", noon.AddMinutes(9)));

        var (status, wrap, _) = await GetAsync("/filtered_images?site=con&near=0,0,0.5");
        var (_, wrapFromTheOtherSide, _) = await GetAsync("/filtered_images?site=con&near=359.9,0,0.5");
        var (_, acrossThePole, _) = await GetAsync("/filtered_images?site=con&near=0,89.9,0.25");
        var (_, pole, _) = await GetAsync("/filtered_images?site=con&near=123,90,0.15");
        var (_, southPole, _) = await GetAsync("/filtered_images?site=con&near=0,-90,0.1");
        var (_, highDeclination, _) = await GetAsync("/filtered_images?site=con&near=10,80,1");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["con-a-2", "con-a-1"], Names(wrap));
        Assert.Equal(["con-a-2", "con-a-1"], Names(wrapFromTheOtherSide));
        Assert.Equal(["con-b-2", "con-b-1"], Names(acrossThePole));
        Assert.Equal(["con-b-2", "con-b-1"], Names(pole));
        Assert.Equal(["con-b-4"], Names(southPole));
        Assert.Equal(["con-d-1"], Names(highDeclination));
    }

    [Fact]
    public async Task The_pointing_migration_puts_plate_solved_degrees_and_hours_into_degrees()
    {
        var noon = new DateTime(2023, 5, 1, 12, 0, 0);
        await ImageSeeding.InsertAsync(
            _api.Services,
            At("mig-a-1", "mig", noon) with { RightAscension = 23.99, Declination = 10, Header = SeedImage.HeaderOf(("RAHRS", 23.99), ("DEC", 10)) },
            At("mig-a-2", "mig", noon.AddMinutes(1)) with { RightAscension = 359.85, Declination = 10, Header = SeedImage.HeaderOf(("CRVAL1", 359.85), ("CRVAL2", 10)) },
            At("mig-a-3", "mig", noon.AddMinutes(2)) with { RightAscension = 12, Declination = 10, Header = null },
            At("mig-a-4", "mig", noon.AddMinutes(3)) with { RightAscension = 1, Declination = 95 });

        var migration = PostgresMigrator.Embedded.Single(m => m.Version.StartsWith("0004", StringComparison.Ordinal));
        await using (var connection = await _api.Services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync())
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await using (var path = new NpgsqlCommand($"SET LOCAL search_path TO {_api.PostgresSchema}", connection, transaction))
            {
                await path.ExecuteNonQueryAsync();
            }

            await using (var apply = new NpgsqlCommand(migration.Sql, connection, transaction))
            {
                await apply.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        var (_, near, _) = await GetAsync("/filtered_images?site=mig&near=359.85,10,0.01");
        var (_, noon12, _) = await GetAsync("/filtered_images?site=mig&near=180,10,0.01");
        var (_, all, _) = await GetAsync("/filtered_images?site=mig");

        Assert.Equal(["mig-a-2", "mig-a-1"], Names(near));
        Assert.Equal(["mig-a-3"], Names(noon12));
        Assert.Equal([1, 12, 359.85, 23.99], all.EnumerateArray().Select(p => p.GetProperty("right_ascension").GetDouble()));
    }

    [Theory]
    [InlineData("near=1,2")]
    [InlineData("near=1,2,3,4")]
    [InlineData("near=361,0,1")]
    [InlineData("near=-1,0,1")]
    [InlineData("near=0,91,1")]
    [InlineData("near=0,0,0")]
    [InlineData("near=0,0,91")]
    [InlineData("near=a,b,c")]
    public async Task An_unusable_cone_is_refused_by_name(string query)
    {
        var (status, body, _) = await GetAsync("/filtered_images?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("near must be RA,DEC,RADIUS", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static SeedImage Pointed(string name, DateTime sortDate, double raDeg, double decDeg) =>
        At(name, "con", sortDate) with { RightAscension = raDeg / 15, Declination = decDeg, RaDeg = raDeg, DecDeg = decDeg };

    private static SeedImage At(string name, string site, DateTime sortDate) =>
        new(name, site) { CaptureDate = sortDate, SortDate = sortDate };

    private static List<string?> Names(JsonElement packages) =>
        packages.EnumerateArray().Select(p => p.GetProperty("base_filename").GetString()).ToList();

    private async Task<(HttpStatusCode Status, JsonElement Body, System.Net.Http.Headers.HttpResponseHeaders Headers)> GetAsync(string path)
    {
        using var response = await _api.Client.GetAsync(path);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, body.RootElement.Clone(), response.Headers);
    }
}
