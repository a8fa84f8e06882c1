using System.Net;
using System.Text;
using System.Text.Json;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Callers;

/// <summary>
/// Every call a PIPE machine (LCOGT/ptr-pipe, thewatcher.py) makes to this API, replayed as it makes it: Python
/// requests posts with a string body and no Content-Type, or no body at all, to the hard-coded
/// <c>https://api.photonranch.org/api/pipe/...</c> with only its host replaced. It tells
/// an empty queue by <c>'404' in str(response)</c> and otherwise reads <c>id</c>, <c>payload.request</c> and
/// <c>payload.request_content</c>.
/// </summary>
public sealed class PipeMachineReplayTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _api;

    public PipeMachineReplayTests(ApiFixture api)
    {
        _api = api;
    }

    [Fact]
    public async Task Creating_the_queue_with_a_json_string_body_and_no_content_type_is_ok()
    {
        // ptr-pipe thewatcher.py:787-793: requests.post(uri_status, data=json.dumps({"queue_name": "lcs1"}), timeout=20); reads response.ok.
        using var response = await _api.PythonPostAsync("/pipe/queue", """{"queue_name": "lcs1"}""");

        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    [Fact]
    public async Task Dequeuing_an_empty_queue_answers_404_which_is_in_str_response()
    {
        using var created = await _api.PythonPostAsync("/pipe/queue", """{"queue_name": "empty1"}""");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);

        // ptr-pipe thewatcher.py:803-809: requests.post(".../pipe/queue/lcs1/dequeue", timeout=20); `if not '404' in str(response)`.
        using var response = await _api.PythonPostAsync("/pipe/queue/empty1/dequeue");

        Assert.Contains("404", response.PythonRepr(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dequeuing_a_queue_that_does_not_exist_answers_404_which_is_in_str_response()
    {
        // ptr-pipe thewatcher.py:803-809, before anything created the queue.
        using var response = await _api.PythonPostAsync("/pipe/queue/never-created/dequeue");

        Assert.Contains("404", response.PythonRepr(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dequeuing_a_waiting_task_gives_its_id_request_and_request_content()
    {
        using var created = await _api.PythonPostAsync("/pipe/queue", """{"queue_name": "lcs2"}""");
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        using var enqueued = await _api.Client.PostAsync(
            "/pipe/enqueue",
            new StringContent(
                """{"queue_name": "lcs2", "sender": "eco", "payload": {"request": "EVA_process_files", "request_content": ["eco-ec002cs-20240101-00000001-EX00.fits.fz", "eco-ec002cs-20240101-00000002-EX00.fits.fz"]}}""",
                Encoding.UTF8,
                "application/json"));
        Assert.Equal(HttpStatusCode.OK, enqueued.StatusCode);

        // ptr-pipe thewatcher.py:803-818: not '404' in str(response); json.loads(response.content.decode('utf-8'));
        // data['id'], data['payload']['request'], data['payload']['request_content'] (a list; len() and [0] are used).
        using var response = await _api.PythonPostAsync("/pipe/queue/lcs2/dequeue");

        Assert.DoesNotContain("404", response.PythonRepr(), StringComparison.Ordinal);
        using var data = JsonDocument.Parse(Encoding.UTF8.GetString(await response.Content.ReadAsByteArrayAsync()));
        Assert.False(string.IsNullOrEmpty(data.RootElement.GetProperty("id").GetString()));
        var payload = data.RootElement.GetProperty("payload");
        Assert.Equal("EVA_process_files", payload.GetProperty("request").GetString());
        Assert.Equal(
            ["eco-ec002cs-20240101-00000001-EX00.fits.fz", "eco-ec002cs-20240101-00000002-EX00.fits.fz"],
            payload.GetProperty("request_content").EnumerateArray().Select(name => name.GetString()));
    }
}
