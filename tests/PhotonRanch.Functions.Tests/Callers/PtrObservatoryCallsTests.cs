using System.Net;
using System.Text;
using System.Text.Json;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Callers;

/// <summary>
/// Replays, as they are made, the calls the site computers' code (LCOGT/ptr-observatory at f942521, 2025-07-11) makes
/// to this API, other than the upload flow (<c>/upload/</c> and the multipart POST, replayed elsewhere): the same
/// method, URL (the client's base <c>https://api.photonranch.org/api</c> swapped for this host, stray slashes kept),
/// the headers python-requests sends and no others, the same body bytes. Each test names the lines it replays and
/// asserts what that code reads of the answer, and nothing more.
/// </summary>
public sealed class PtrObservatoryCallsTests : IClassFixture<ApiFixture>, IDisposable
{
    // What json.dumps(self.config) sends for an observatory: ASCII (non-ASCII as \u escapes), ", " and ": " separators,
    // floats in repr form, Python tuples as lists; config["events"] is ptr_events.py's event_dict (ephem dates are floats).
    private const string ObservatoryConfig =
        """{"obs_id": "aro1", "wema_name": "aro", "name": "Apache Ridge Observatory 0m3 f4.9/9", "location": "Santa Fe, New Mexico,  USA", "obs_desc": "Caf\u00e9 roof", "debug_mode": false, "owner_report_to": null, "camera": {"sq003ms": {"name": "sq003ms", "settings": {"is_cmos": true, "pixel_size": 3.76}, "camera_size_x": 9576, "camera_size_y": 6388}}, "device_roles": {"mount": "aropier1", "camera": "sq003ms"}, "events": {"Eve Bias Dark": 45849.03125, "Sun Set": 45849.10706018518, "Naut Dusk": 45849.14513888889, "Sun Rise": 45849.49872685185, "use_by": 45849.66539351852, "day_directory": "20250711"}}""";

    // A WEMA's configuration as the WEMA's own update_config PUTs it (same call as obs.py's; the WEMA code is not in
    // ptr-observatory), with the fields ptr_events.py and obs.py read back.
    private const string WemaConfig =
        """{"wema_name": "aro", "latitude": 35.554298, "longitude": -105.870197, "elevation": 2194.0, "TZ_database_name": "America/Denver", "timezone": "MST", "time_offset": -7.0, "reference_ambient": 10.0, "reference_pressure": 794.0, "eve_cool_down_open": -65.0, "morn_close_and_park": 32.0, "events": {"Sun Set": 45849.10706018518, "day_directory": "20250711"}}""";

    private readonly ApiFixture _api;
    private readonly HttpClient _requests;

    public PtrObservatoryCallsTests(ApiFixture api)
    {
        _api = api;

        // requests asks for gzip and deflate and decodes what comes back before .json() reads it.
        _requests = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate });
    }

    /// <summary>The caller's <c>base_url</c> with the new host: no trailing slash, as in <c>https://api.photonranch.org/api</c>.</summary>
    private string BaseUrl => _api.Client.BaseAddress!.ToString().TrimEnd('/');

    public void Dispose() => _requests.Dispose();

    [Fact]
    public async Task Obs_update_config_puts_the_config_without_a_token_or_content_type_and_reads_the_write_metadata()
    {
        // ptr-observatory obs.py:884-919 (update_config) through authenticated_request, obs.py:123-135:
        // requests.request(method="PUT", url=f"{base_url}/{obs_id}/config/", data=json.dumps(self.config), timeout=10)
        using var response = await SendAsync(HttpMethod.Put, $"{BaseUrl}/aro1/config/", ObservatoryConfig);
        var answer = await JsonAsync(response);

        // obs.py:902: "message" in response → a failure ("Missing Authentication Token" even exits the program).
        Assert.False(answer.TryGetProperty("message", out _), answer.GetRawText());

        // obs.py:911-913: response["ResponseMetadata"]["HTTPStatusCode"] == 200 → "Config uploaded successfully."
        Assert.Equal(200, answer.GetProperty("ResponseMetadata").GetProperty("HTTPStatusCode").GetInt32());
        await AssertStoredAsync("aro1", ObservatoryConfig);
    }

    [Fact]
    public async Task Sequencer_nightly_reset_puts_the_config_and_reads_a_truthy_answer()
    {
        // ptr-observatory devices/sequencer.py:2633-2637 (nightly reset) through authenticated_request, sequencer.py:102-115:
        // the same PUT as obs.py's update_config; `if response:` logs "Config uploaded successfully."
        using var response = await SendAsync(HttpMethod.Put, $"{BaseUrl}/aro2/config/", ObservatoryConfig.Replace("aro1", "aro2", StringComparison.Ordinal));
        var answer = await JsonAsync(response);

        Assert.True(IsTruthy(answer), $"Python reads {answer.GetRawText()} as false");
        await AssertStoredAsync("aro2", ObservatoryConfig.Replace("aro1", "aro2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Obs_get_wema_config_reads_the_configuration_of_the_stored_row()
    {
        using (var put = await SendAsync(HttpMethod.Put, $"{BaseUrl}/aro/config/", WemaConfig))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        // ptr-observatory obs.py:867-878 (get_wema_config): requests.get(f"{base}/{self.wema_name}/config/", timeout=20),
        // then response.json()['configuration'] and wema_config['events'].get('day_directory', '<missing>').
        using var response = await SendAsync(HttpMethod.Get, $"{BaseUrl}/aro/config/", body: null);
        var wemaConfig = (await JsonAsync(response)).GetProperty("configuration");

        Assert.Equal("20250711", wemaConfig.GetProperty("events").GetProperty("day_directory").GetString());

        // ptr_events.py (Events, built from wema_config at obs.py:454) reads these and does arithmetic on the numbers.
        Assert.Equal(35.554298, wemaConfig.GetProperty("latitude").GetDouble());
        Assert.Equal(-105.870197, wemaConfig.GetProperty("longitude").GetDouble());
        Assert.Equal(2194, wemaConfig.GetProperty("elevation").GetDouble());
        Assert.Equal("America/Denver", wemaConfig.GetProperty("TZ_database_name").GetString());
        Assert.Equal("MST", wemaConfig.GetProperty("timezone").GetString());
        Assert.Equal(-7, wemaConfig.GetProperty("time_offset").GetDouble());
        Assert.Equal(10, wemaConfig.GetProperty("reference_ambient").GetDouble());
        Assert.Equal(794, wemaConfig.GetProperty("reference_pressure").GetDouble());
        Assert.Equal(-65, wemaConfig.GetProperty("eve_cool_down_open").GetDouble());
        Assert.Equal(32, wemaConfig.GetProperty("morn_close_and_park").GetDouble());
    }

    [Fact]
    public async Task Obs_get_wema_config_of_an_unknown_wema_gives_json_without_a_configuration()
    {
        // ptr-observatory obs.py:870-877: response.json()['configuration'] raises, the except branch warns and the
        // observatory starts without a WEMA config — which needs a JSON body without 'configuration' (the original's 502
        // body was one too).
        using var response = await SendAsync(HttpMethod.Get, $"{BaseUrl}/nowema/config/", body: null);

        Assert.False((await JsonAsync(response)).TryGetProperty("configuration", out _));
    }

    [Fact]
    public async Task Obs_pipe_enqueue_posts_json_and_reads_a_200()
    {
        // The queue exists before site computers use it (an operator creates it; ptr-pipe's own creation code is off).
        using (var create = await _api.Client.PostAsync("/pipe/queue", new StringContent("""{"queue_name": "aro1"}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, create.StatusCode);
        }

        // ptr-observatory obs.py:4101-4131: requests.post("https://api.photonranch.org/api/pipe/enqueue", json=pipe_request,
        // timeout=20); `if not '200' in str(response)` puts the files back in its queue.
        using var response = await SendAsync(
            HttpMethod.Post,
            $"{BaseUrl}/pipe/enqueue",
            """{"queue_name": "aro1", "payload": {"request": "EVA_process_files", "request_content": ["aro1-sq003ms-20250711-00012345-EX00.fits.fz", "aro1-sq003ms-20250711-00012346-EX00.fits.fz"]}, "sender": "aro1"}""",
            "application/json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // What PIPE then takes off the queue: ptr-pipe thewatcher.py:817 reads data['payload']['request_content'].
        using var queued = await _api.Client.GetAsync("/pipe/queue/aro1");
        var payload = Assert.Single((await queued.AssertJsonAsync()).EnumerateArray()).GetProperty("payload");
        Assert.Equal("EVA_process_files", payload.GetProperty("request").GetString());
        Assert.Equal(2, payload.GetProperty("request_content").GetArrayLength());
    }

    [Fact]
    public async Task Obs_pipe_enqueue_to_a_missing_queue_is_not_a_200_so_the_files_are_kept()
    {
        // ptr-observatory obs.py:4118-4131: anything but 200 puts the files back in the site computer's queue.
        using var response = await SendAsync(
            HttpMethod.Post,
            $"{BaseUrl}/pipe/enqueue",
            """{"queue_name": "noqueue1", "payload": {"request": "EVA_process_files", "request_content": []}, "sender": "noqueue1"}""",
            "application/json");

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>
    /// A request as python-requests makes it: its default headers, the body's bytes (json.dumps output is ASCII) and a
    /// Content-Type only when the caller passed <c>json=</c> (<c>data=</c> with a string sends none).
    /// </summary>
    internal static HttpRequestMessage PythonRequest(HttpMethod method, string url, string? body, string? contentType = null)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.TryAddWithoutValidation("User-Agent", "python-requests/2.32.3");
        request.Headers.TryAddWithoutValidation("Accept", "*/*");
        request.Headers.TryAddWithoutValidation("Connection", "keep-alive");
        if (body is not null)
        {
            request.Content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
            if (contentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            }
        }

        return request;
    }

    /// <summary>What <c>response.json()</c> reads: the body as JSON, whatever the status.</summary>
    internal static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    /// <summary>Python's truth value of a decoded JSON value.</summary>
    private static bool IsTruthy(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().Any(),
        JsonValueKind.Array => value.GetArrayLength() > 0,
        JsonValueKind.String => value.GetString()!.Length > 0,
        JsonValueKind.Number => value.GetDouble() != 0,
        JsonValueKind.True => true,
        _ => false,
    };

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? body, string? contentType = null)
    {
        using var request = PythonRequest(method, url, body, contentType);
        return await _requests.SendAsync(request);
    }

    // The write reached storage: the configuration reads back as sent (whole floats as integers, as DynamoDB's did).
    private async Task AssertStoredAsync(string site, string sent)
    {
        using var get = await _api.Client.GetAsync($"/{site}/config");
        var stored = (await get.AssertJsonAsync()).GetProperty("configuration");
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(sent).RootElement, stored), stored.GetRawText());
    }
}
