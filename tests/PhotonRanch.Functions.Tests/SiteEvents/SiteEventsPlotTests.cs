using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.Extensions.DependencyInjection;
using PhotonRanch.Astronomy;
using PhotonRanch.Functions.Tests.Infrastructure;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace PhotonRanch.Functions.Tests.SiteEvents;

/// <summary>
/// GET /events/plot over real HTTP: an SVG whose parts match the night's events, and which a real browser (headless
/// Debian chromium, installed by scripts/lib.sh) draws as a picture rather than a blank page.
/// </summary>
public sealed class SiteEventsPlotTests : IClassFixture<ApiFixture>
{
    // 2020-08-01T20:00:00Z, the evening of the original's own test case date.
    private const long When = 1_596_312_000;
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private readonly ApiFixture _api;

    public SiteEventsPlotTests(ApiFixture api)
    {
        _api = api;
    }

    [Fact]
    public async Task The_plot_is_an_svg_of_the_night_with_both_curves_the_sky_bands_and_every_event_labelled()
    {
        await SiteEventsConfigs.SaveAsync(_api, "sbp", SiteEventsConfigs.SantaBarbara());

        var response = await _api.Client.GetAsync($"/events/plot?site=sbp&when={When}");
        var events = JsonDocument.Parse(await _api.Client.GetStringAsync($"/events?site=sbp&when={When}")).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(response.Headers.ETag);
        Assert.Equal(TimeSpan.FromDays(1), response.Headers.CacheControl?.MaxAge);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Equal(Svg + "svg", svg.Name);
        Assert.Contains(svg.Elements(Svg + "text"), t => t.Value == "sbp: night of 2020-08-01");
        Assert.Contains(svg.Elements(Svg + "text"), t => t.Value.Contains("America/Los_Angeles", StringComparison.Ordinal));
        foreach (var body in new[] { "sun", "moon" })
        {
            var points = Descendant(svg, "polyline", body).Attribute("points")!.Value.Split(' ');
            Assert.Equal(289, points.Length);
        }

        // Day, the three twilights and night, each twice (evening and morning) but night.
        var bands = Descendant(svg, "g", "sky").Elements(Svg + "rect").Select(r => r.Element(Svg + "title")!.Value).ToList();
        Assert.Equal(["day", "civil twilight", "nautical twilight", "astronomical twilight", "night", "astronomical twilight", "nautical twilight", "civil twilight", "day"], bands);

        var labels = Descendant(svg, "g", "events").Elements(Svg + "text").Select(t => t.Value).ToList();
        Assert.Equal(26, labels.Count);
        var names = events.EnumerateObject().Select(p => p.Name).ToList();
        for (var i = 0; i < names.Count; i++)
        {
            var local = TimeZoneInfo.ConvertTimeFromUtc(
                TimeScales.UtcFromTaiJulianDate(events.GetProperty(names[i]).GetDouble()),
                TimeZoneInfo.FindSystemTimeZoneById("America/Los_Angeles"));
            Assert.Equal($"{names[i]} {local.ToString("HH:mm", CultureInfo.InvariantCulture)}", labels[i]);
        }
    }

    [Fact]
    public async Task A_polar_summer_night_is_drawn_and_names_what_does_not_happen()
    {
        var config = SiteEventsConfigs.SantaBarbara();
        config["latitude"] = 78.2;
        config["longitude"] = 15.6;
        config["TZ_database_name"] = "Arctic/Longyearbyen";
        await SiteEventsConfigs.SaveAsync(_api, "lyrp", config);

        var response = await _api.Client.GetAsync("/events/plot?site=lyrp&when=1718985600");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        Assert.Contains(svg.Elements(Svg + "text"), t => t.Value.StartsWith("Not this night: ", StringComparison.Ordinal) && t.Value.Contains("Sun Set", StringComparison.Ordinal));
        Assert.Equal(["day"], Descendant(svg, "g", "sky").Elements(Svg + "rect").Select(r => r.Element(Svg + "title")!.Value));
    }

    [Theory]
    [InlineData("/events/plot", 400, "Missing 'site' query string request parameter.")]
    [InlineData("/events/plot?site=nosuchplot", 404, "The specified sitecode did not match any config file.")]
    [InlineData("/events/plot?site=sbp2&when=soon", 400, "'when' must be a Unix time")]
    public async Task Bad_plot_requests_are_json_errors(string path, int expectedStatus, string error)
    {
        await SiteEventsConfigs.SaveAsync(_api, "sbp2", SiteEventsConfigs.SantaBarbara());

        var response = await _api.Client.GetAsync(path);

        Assert.Equal(expectedStatus, (int)response.StatusCode);
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.StartsWith(error, body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Headless_chromium_draws_the_plot_as_a_picture_not_a_blank_page()
    {
        await SiteEventsConfigs.SaveAsync(_api, "sbc", SiteEventsConfigs.SantaBarbara());
        var svg = await _api.Client.GetByteArrayAsync($"/events/plot?site=sbc&when={When}");
        var directory = Directory.CreateTempSubdirectory("events-plot-");
        try
        {
            var svgPath = Path.Combine(directory.FullName, "night.svg");
            var pngPath = Path.Combine(directory.FullName, "night.png");
            await File.WriteAllBytesAsync(svgPath, svg);

            await HeadlessChromium.ScreenshotAsync(new Uri(svgPath), pngPath, width: 1200, height: 780);

            using var image = Image.Load<Rgb24>(pngPath);
            Assert.Equal(1200, image.Width);
            var colours = new Dictionary<Rgb24, int>();
            image.ProcessPixelRows(rows =>
            {
                for (var y = 0; y < rows.Height; y++)
                {
                    foreach (var pixel in rows.GetRowSpan(y))
                    {
                        colours[pixel] = colours.GetValueOrDefault(pixel) + 1;
                    }
                }
            });
            var total = image.Width * image.Height;
            var white = colours.GetValueOrDefault(new Rgb24(255, 255, 255));
            Assert.InRange(white, 0, total * 0.7);
            Assert.True(colours.Count > 50, $"{colours.Count} distinct colours");

            // The night band and the Sun's curve are drawn where they belong.
            Assert.True(colours.GetValueOrDefault(new Rgb24(0x0c, 0x18, 0x30)) > total / 50, "the night band is missing");
            Assert.True(colours.GetValueOrDefault(new Rgb24(0xff, 0xb0, 0x00)) > 500, "the Sun's curve is missing");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static XElement Descendant(XElement svg, string name, string id) =>
        svg.Descendants(Svg + name).Single(e => (string?)e.Attribute("id") == id);
}
