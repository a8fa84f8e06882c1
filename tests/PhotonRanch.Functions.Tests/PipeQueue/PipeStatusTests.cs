using System.Net;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.PipeQueue;

/// <summary>PIPE machine statuses: set, get, list, delete, and every bad input.</summary>
public sealed class PipeStatusTests : IClassFixture<ApiFixture>
{
    private readonly PipeQueueApi _pipe;

    public PipeStatusTests(ApiFixture api)
    {
        _pipe = new PipeQueueApi(api.Client);
    }

    [Fact]
    public async Task Set_returns_the_status_and_get_returns_the_same_shape()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        using var set = await _pipe.PostRawAsync(
            "/pipe/status",
            """{"pipe_id": "pipe-a", "status": "processing", "details": {"queue": "reduce", "jobs": [1, 2], "eta_s": 12.5}}""");
        var setBody = await PipeQueueApi.Json(set);
        var got = await PipeQueueApi.Json(await _pipe.GetStatusAsync("pipe-a"));

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(new[] { "pipe_id", "status", "last_updated", "details", "heartbeat_seconds", "stale" }, setBody.EnumerateObject().Select(p => p.Name));
        Assert.Equal("pipe-a", setBody.GetProperty("pipe_id").GetString());
        Assert.Equal("""{"queue":"reduce","jobs":[1,2],"eta_s":12.5}""", setBody.GetProperty("details").GetRawText());
        Assert.InRange(setBody.GetProperty("last_updated").GetInt64(), before, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        Assert.Equal(setBody.GetRawText(), got.GetRawText());
    }

    [Fact]
    public async Task Setting_again_replaces_and_details_default_to_an_empty_object()
    {
        (await _pipe.SetStatusAsync(new { pipe_id = "pipe-b", status = "online", details = new { x = 1 } })).Dispose();

        (await _pipe.SetStatusAsync(new { pipe_id = "pipe-b", status = "offline" })).Dispose();
        var got = await PipeQueueApi.Json(await _pipe.GetStatusAsync("pipe-b"));

        Assert.Equal("offline", got.GetProperty("status").GetString());
        Assert.Equal("{}", got.GetProperty("details").GetRawText());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"pipe_id": "p"}""")]
    [InlineData("""{"status": "online"}""")]
    [InlineData("""{"pipe_id": "", "status": "online"}""")]
    [InlineData("""{"pipe_id": "p", "status": ""}""")]
    public async Task Missing_pipe_id_or_status_is_a_400_writing_nothing(string body)
    {
        using var response = await _pipe.PostRawAsync("/pipe/status", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Missing required fields: pipe_id and status", await PipeQueueApi.ErrorAsync(response));
        Assert.Equal(HttpStatusCode.NotFound, (await _pipe.GetStatusAsync("p")).StatusCode);
    }

    [Theory]
    [InlineData("""{"pipe_id": "a/b", "status": "online"}""", "must not contain")]
    [InlineData("""{"pipe_id": 3, "status": "online"}""", "Field 'pipe_id' must be a string.")]
    [InlineData("""{"pipe_id": "p", "status": {"s": 1}}""", "Field 'status' must be a string.")]
    [InlineData("""{"pipe_id": "p", "status": "on", "details": }""", "not valid JSON")]
    public async Task Wrong_types_and_invalid_ids_are_a_400(string body, string error)
    {
        using var response = await _pipe.PostRawAsync("/pipe/status", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(error, await PipeQueueApi.ErrorAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Details_over_the_entity_limit_are_a_413_writing_nothing()
    {
        var details = new { blob = new string('d', TableJsonProperty.MaxBytes) };

        using var response = await _pipe.SetStatusAsync(new { pipe_id = "pipe-huge", status = "online", details });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _pipe.GetStatusAsync("pipe-huge")).StatusCode);
    }

    [Fact]
    public async Task Unknown_pipe_is_a_404_and_deleting_it_is_still_a_200()
    {
        using var get = await _pipe.GetStatusAsync("never-seen");
        using var delete = await _pipe.DeleteStatusAsync("never-seen");

        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Equal("PIPE machine not found: never-seen", await PipeQueueApi.ErrorAsync(get));
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal("Status deleted for PIPE: never-seen", await PipeQueueApi.MessageAsync(delete));
    }

    [Fact]
    public async Task Statuses_lists_every_machine_and_forgets_deleted_ones()
    {
        foreach (var id in new[] { "list-1", "list-2", "list-3" })
        {
            (await _pipe.SetStatusAsync(new { pipe_id = id, status = "online" })).Dispose();
        }

        (await _pipe.DeleteStatusAsync("list-2")).Dispose();
        var ids = (await PipeQueueApi.Json(await _pipe.ListStatusesAsync())).EnumerateArray()
            .Select(s => s.GetProperty("pipe_id").GetString())
            .ToList();

        Assert.Contains("list-1", ids);
        Assert.Contains("list-3", ids);
        Assert.DoesNotContain("list-2", ids);
        Assert.Equal(HttpStatusCode.NotFound, (await _pipe.GetStatusAsync("list-2")).StatusCode);
    }

    [Fact]
    public async Task A_machine_is_stale_after_three_missed_heartbeats_and_never_without_one()
    {
        using var set = await _pipe.SetStatusAsync(new { pipe_id = "beat-1", status = "online", heartbeat_seconds = 0.2 });
        (await _pipe.SetStatusAsync(new { pipe_id = "beat-none", status = "online" })).Dispose();
        (await _pipe.SetStatusAsync(new { pipe_id = "beat-long", status = "online", heartbeat_seconds = 3600 })).Dispose();
        await Task.Delay(TimeSpan.FromSeconds(1));

        var late = await PipeQueueApi.Json(await _pipe.GetStatusAsync("beat-1"));
        var longBeat = await PipeQueueApi.Json(await _pipe.GetStatusAsync("beat-long"));
        var listed = (await PipeQueueApi.Json(await _pipe.ListStatusesAsync())).EnumerateArray()
            .ToDictionary(s => s.GetProperty("pipe_id").GetString()!, s => s.GetProperty("stale").GetBoolean());

        var setBody = await PipeQueueApi.Json(set);
        Assert.Equal(0.2, setBody.GetProperty("heartbeat_seconds").GetDouble());
        Assert.False(setBody.GetProperty("stale").GetBoolean());
        Assert.True(late.GetProperty("stale").GetBoolean());
        Assert.False(longBeat.GetProperty("stale").GetBoolean());
        Assert.True(listed["beat-1"]);
        Assert.False(listed["beat-none"]);
        Assert.False(listed["beat-long"]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("86401")]
    [InlineData("\"60\"")]
    public async Task A_bad_heartbeat_is_a_400_writing_nothing(string heartbeat)
    {
        using var response = await _pipe.PostRawAsync("/pipe/status", $$"""{"pipe_id": "beat-bad", "status": "online", "heartbeat_seconds": {{heartbeat}}}""");

        Assert.Contains("heartbeat_seconds", await response.AssertErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await _pipe.GetStatusAsync("beat-bad")).StatusCode);
    }
}
