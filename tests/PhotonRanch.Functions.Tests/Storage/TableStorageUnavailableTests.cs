using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using PhotonRanch.Functions.Tests.Images;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Storage;

/// <summary>
/// With Table Storage unreachable every Table-backed endpoint answers a JSON 503 with the correlation id and gives
/// nothing of the SDK away.
/// </summary>
public sealed partial class TableStorageUnavailableTests : IClassFixture<ApiFixture>
{
    private static readonly (HttpMethod Method, string Path, string? Body)[] Requests =
    [
        (HttpMethod.Post, "/pipe/queue", """{"queue_name": "q"}"""),
        (HttpMethod.Post, "/pipe/enqueue", """{"queue_name": "q", "payload": {"x": 1}}"""),
        (HttpMethod.Post, "/pipe/queue/q/dequeue", null),
        (HttpMethod.Post, "/pipe/queue/q/dequeue?lease_seconds=30", null),
        (HttpMethod.Get, "/pipe/queues", null),
        (HttpMethod.Get, "/pipe/statuses", null),
        (HttpMethod.Get, "/saf/config", null),
        (HttpMethod.Get, "/all/config", null),
        (HttpMethod.Get, "/nightlog/saf", null),
        (HttpMethod.Get, "/infoimage/saf/1", null),
        (HttpMethod.Get, "/recentuploads?site=saf", null),
    ];

    private readonly ApiFixture _api;

    public TableStorageUnavailableTests(ApiFixture api)
    {
        _api = api;
    }

    [Fact]
    public async Task A_closed_storage_port_is_a_503_json_error_without_internals_on_every_table_endpoint()
    {
        var closed = ClosedLoopbackPort.Next();
        await using var host = await AlternateApiHost.StartAsync(_api, new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = Endpoint().Replace(TestEnvironment.StorageConnectionString, $"http://127.0.0.1:{closed}/"),
            ["LocalIngestion:Enabled"] = "false",
        });

        // All at once: each waits out the storage client's retries (about 6 s), so one after another would take a minute.
        var answers = await Task.WhenAll(Requests.Select(async request =>
        {
            using var message = new HttpRequestMessage(request.Method, request.Path);
            if (request.Body is not null)
            {
                message.Content = new StringContent(request.Body, Encoding.UTF8, "application/json");
            }

            using var response = await host.Client.SendAsync(message);
            return (Request: $"{request.Method} {request.Path}", response.StatusCode, response.Content.Headers.ContentType?.MediaType, Text: await response.Content.ReadAsStringAsync());
        }));

        Assert.All(answers, answer =>
        {
            Assert.True(answer.StatusCode == HttpStatusCode.ServiceUnavailable, $"{answer.Request}: {(int)answer.StatusCode} {answer.Text}");
            Assert.Equal("application/json", answer.MediaType);
            using var body = JsonDocument.Parse(answer.Text);
            Assert.Equal("The storage service is unavailable; try again later.", body.RootElement.GetProperty("error").GetString());
            Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("correlation_id").GetString()), answer.Request);
            Assert.DoesNotContain(" at ", answer.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Azure", answer.Text, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", answer.Text, StringComparison.Ordinal);
            Assert.DoesNotContain(closed.ToString(System.Globalization.CultureInfo.InvariantCulture), answer.Text, StringComparison.Ordinal);
        });
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/")]
    private static partial Regex Endpoint();
}
