using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Images;

/// <summary>Tests that change the process's local time zone, so nothing else may run beside them.</summary>
[CollectionDefinition(nameof(ProcessTimeZoneCollection), DisableParallelization = true)]
public sealed class ProcessTimeZoneCollection;

/// <summary>
/// capture_date holds UTC wall-clock times. With both the process (TimeZoneInfo.Local) and the database session
/// (TimeZone) set to America/Los_Angeles, the API's milliseconds and date filters must not move: a conversion
/// through either zone would shift them by seven or eight hours around these DST changes.
/// </summary>
[Collection(nameof(ProcessTimeZoneCollection))]
public sealed class ImageTimeZoneTests : IClassFixture<ApiFixture>
{
    private const string Zone = "America/Los_Angeles";
    private static readonly DateTime SpringCapture = new(2021, 3, 14, 9, 30, 0, DateTimeKind.Unspecified);
    private static readonly DateTime AutumnCapture = new(2021, 11, 7, 8, 30, 0, DateTimeKind.Unspecified);

    private readonly ApiFixture _api;

    public ImageTimeZoneTests(ApiFixture api)
    {
        _api = api;
    }

    [Fact]
    public async Task Milliseconds_and_date_filters_do_not_shift_with_the_process_or_session_time_zone()
    {
        await ImageSeeding.InsertAsync(
            _api.Services,
            new SeedImage("tzz-kb001ms-20210314-00000001", "tzz") { CaptureDate = SpringCapture, SortDate = SpringCapture },
            new SeedImage("tzz-kb001ms-20211107-00000002", "tzz") { CaptureDate = AutumnCapture, SortDate = AutumnCapture });
        var previousZone = Environment.GetEnvironmentVariable("TZ");
        Environment.SetEnvironmentVariable("TZ", Zone);
        TimeZoneInfo.ClearCachedData();
        try
        {
            Assert.NotEqual(TimeSpan.Zero, TimeZoneInfo.Local.GetUtcOffset(SpringCapture));
            var connection = new NpgsqlConnectionStringBuilder(_api.Services.GetRequiredService<IConfiguration>()["Postgres:ConnectionString"]) { Timezone = Zone };
            await using var host = await AlternateApiHost.StartAsync(_api, new Dictionary<string, string?> { ["Postgres:ConnectionString"] = connection.ConnectionString });
            await using (var show = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand("SHOW TimeZone"))
            {
                Assert.Equal(Zone, await show.ExecuteScalarAsync());
            }

            var spring = await GetAsync(host, "/image/tzz-kb001ms-20210314-00000001");
            var autumn = await GetAsync(host, "/image/tzz-kb001ms-20211107-00000002");
            var fromSpring = await GetAsync(host, "/filtered_images?site=tzz&start_date=2021-03-14T09:30:00");
            var afterSpring = await GetAsync(host, "/filtered_images?site=tzz&start_date=2021-03-14T09:30:01");
            var untilAutumn = await GetAsync(host, "/filtered_images?site=tzz&end_date=2021-11-07T08:30:00");
            var beforeAutumn = await GetAsync(host, "/filtered_images?site=tzz&end_date=2021-11-07T08:29:59");

            Assert.Equal(new DateTimeOffset(SpringCapture, TimeSpan.Zero).ToUnixTimeMilliseconds(), spring.GetProperty("capture_date").GetInt64());
            Assert.Equal(1615714200000, spring.GetProperty("sort_date").GetInt64());
            Assert.Equal(new DateTimeOffset(AutumnCapture, TimeSpan.Zero).ToUnixTimeMilliseconds(), autumn.GetProperty("capture_date").GetInt64());
            Assert.Equal(2, fromSpring.GetArrayLength());
            Assert.Equal(1, afterSpring.GetArrayLength());
            Assert.Equal(2, untilAutumn.GetArrayLength());
            Assert.Equal(1, beforeAutumn.GetArrayLength());
        }
        finally
        {
            Environment.SetEnvironmentVariable("TZ", previousZone);
            TimeZoneInfo.ClearCachedData();
        }
    }

    private static async Task<JsonElement> GetAsync(AlternateApiHost host, string path)
    {
        using var response = await host.Client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.Clone();
    }
}
