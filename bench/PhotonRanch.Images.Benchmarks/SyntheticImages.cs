using System.Globalization;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace PhotonRanch.Images.Benchmarks;

/// <summary>
/// A deterministic, plausible images table: 50 sites with a skewed share of the rows (a few busy observatories,
/// many quiet ones), three years of captures, 300 users, the usual filters and exposures, about 97 % of rows with a
/// medium JPG, a 25-card header with smart-stack keywords. Loaded with binary COPY.
/// </summary>
public static class SyntheticImages
{
    public const int SiteCount = 50;
    public static readonly DateTime FirstCapture = new(2022, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
    public static readonly TimeSpan Span = TimeSpan.FromDays(3 * 365);
    public static readonly string[] Filters = ["w", "up", "gp", "rp", "ip", "zs", "ha", "oiii", "air", "Lum"];
    public static readonly double[] Exposures = [0.1, 1, 5, 10, 30, 60, 120, 300];

    public static IReadOnlyList<string> Sites { get; } = Enumerable.Range(0, SiteCount).Select(i => $"s{i:D2}").ToList();

    public static async Task LoadAsync(NpgsqlDataSource dataSource, int rows, TextWriter progress)
    {
        await using var connection = await dataSource.OpenConnectionAsync();
        await using (var truncate = new NpgsqlCommand("TRUNCATE images RESTART IDENTITY", connection))
        {
            await truncate.ExecuteNonQueryAsync();
        }

        var random = new Random(42);
        var weights = Enumerable.Range(0, SiteCount).Select(i => 1.0 / Math.Pow(i + 1, 0.8)).ToArray();
        var cumulative = new double[SiteCount];
        var total = 0.0;
        for (var i = 0; i < SiteCount; i++)
        {
            total += weights[i];
            cumulative[i] = total;
        }

        var counters = new int[SiteCount];
        await using var writer = await connection.BeginBinaryImportAsync(
            "COPY images (base_filename, data_type, site, capture_date, sort_date, right_ascension, declination, " +
            "fits_01_exists, fits_10_exists, jpg_medium_exists, jpg_small_exists, altitude, azimuth, airmass, " +
            "exposure_time, filter_used, username, user_id, header, ra_deg, dec_deg) FROM STDIN (FORMAT BINARY)");
        var smartStack = 0;
        var stackFrame = 0;
        for (var row = 0; row < rows; row++)
        {
            var pick = random.NextDouble() * total;
            var siteIndex = Array.FindIndex(cumulative, c => c >= pick);
            var site = Sites[siteIndex];
            var captured = FirstCapture + TimeSpan.FromTicks(Span.Ticks / rows * row) + TimeSpan.FromSeconds(random.Next(0, 60));
            var instrument = $"kb{siteIndex % 7 + 1:D3}ms";
            var counter = ++counters[siteIndex];
            var baseFilename = $"{site}-{instrument}-{captured:yyyyMMdd}-{counter:D8}";
            var user = random.Next(300);
            var filter = Filters[random.Next(Filters.Length)];
            var exposure = Exposures[random.Next(Exposures.Length)];

            // Roughly a third of frames belong to a smart stack of up to ten frames.
            string stackKeyword = "no", stackNumber = string.Empty;
            if (random.Next(3) == 0)
            {
                if (stackFrame == 0 || stackFrame >= 10)
                {
                    smartStack++;
                    stackFrame = 0;
                }

                stackFrame++;
                stackKeyword = smartStack.ToString(CultureInfo.InvariantCulture);
                stackNumber = stackFrame.ToString(CultureInfo.InvariantCulture);
            }

            await writer.StartRowAsync();
            await writer.WriteAsync(baseFilename, NpgsqlDbType.Text);
            await writer.WriteAsync(random.Next(10) == 0 ? "e" : "EX", NpgsqlDbType.Text);
            await writer.WriteAsync(site, NpgsqlDbType.Text);
            await writer.WriteAsync(captured, NpgsqlDbType.Timestamp);
            await writer.WriteAsync(captured.AddSeconds(exposure + 5), NpgsqlDbType.Timestamp);
            var (raHours, dec) = (random.NextDouble() * 24, (random.NextDouble() * 180) - 90);
            await writer.WriteAsync(raHours, NpgsqlDbType.Double);
            await writer.WriteAsync(dec, NpgsqlDbType.Double);
            await writer.WriteAsync(random.Next(2) == 0, NpgsqlDbType.Boolean);
            await writer.WriteAsync(true, NpgsqlDbType.Boolean);
            await writer.WriteAsync(random.Next(100) < 97, NpgsqlDbType.Boolean);
            await writer.WriteAsync(random.Next(100) < 90, NpgsqlDbType.Boolean);
            await writer.WriteAsync(20 + (random.NextDouble() * 70), NpgsqlDbType.Double);
            await writer.WriteAsync(random.NextDouble() * 360, NpgsqlDbType.Double);
            await writer.WriteAsync(1 + (random.NextDouble() * 2), NpgsqlDbType.Double);
            await writer.WriteAsync(exposure, NpgsqlDbType.Double);
            await writer.WriteAsync(filter, NpgsqlDbType.Text);
            await writer.WriteAsync($"Observer {user}", NpgsqlDbType.Text);
            await writer.WriteAsync($"google-oauth2|{100000000000 + user}", NpgsqlDbType.Text);
            await writer.WriteAsync(Header(site, instrument, captured, baseFilename, filter, exposure, stackKeyword, stackNumber), NpgsqlDbType.Text);
            await writer.WriteAsync(raHours * 15, NpgsqlDbType.Double);
            await writer.WriteAsync(dec, NpgsqlDbType.Double);

            if ((row + 1) % 100_000 == 0)
            {
                await progress.WriteLineAsync($"  {row + 1:N0} rows written");
            }
        }

        await writer.CompleteAsync();
    }

    private static string Header(string site, string instrument, DateTime captured, string baseFilename, string filter, double exposure, string smartStack, string stackNumber) =>
        JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["SIMPLE"] = true,
            ["BITPIX"] = 16,
            ["NAXIS"] = 2,
            ["NAXIS1"] = 4800,
            ["NAXIS2"] = 3211,
            ["SITEID"] = site,
            ["INSTRUME"] = instrument,
            ["TELESCOP"] = "0m61",
            ["DAY-OBS"] = captured.ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            ["DATE-OBS"] = captured.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture),
            ["ORIGNAME"] = baseFilename + "-e00.fits",
            ["FILTER"] = filter,
            ["EXPTIME"] = exposure,
            ["OBJECT"] = "M 31",
            ["RA"] = "00 42 44.3",
            ["DEC"] = "+41 16 09",
            ["AIRMASS"] = 1.23,
            ["ALTITUDE"] = 54.2,
            ["AZIMUTH"] = 123.4,
            ["CCDSTEMP"] = -10.0,
            ["GAIN"] = 1.5,
            ["RDNOISE"] = 8.2,
            ["USERNAME"] = "Observer",
            ["SMARTSTK"] = smartStack,
            ["SSTKNUM"] = stackNumber,
        });
}
