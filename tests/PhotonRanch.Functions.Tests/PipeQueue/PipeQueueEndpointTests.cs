using System.Net;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.PipeQueue;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.PipeQueue;

/// <summary>Every row of the contract's PIPE queue table, success and errors, over real HTTP against Azurite.</summary>
public sealed class PipeQueueEndpointTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _api;
    private readonly PipeQueueApi _pipe;

    public PipeQueueEndpointTests(ApiFixture api)
    {
        _api = api;
        _pipe = new PipeQueueApi(api.Client);
    }

    [Fact]
    public async Task The_seed_readme_client_flow_works_end_to_end()
    {
        const string queue = "seed-flow";

        using (var created = await _pipe.CreateQueueAsync(queue))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
            Assert.Equal($"Queue created: {queue}", await PipeQueueApi.MessageAsync(created));
        }

        Assert.Equal(0, (await _pipe.ListQueuesAsync())[queue]);

        JsonElement enqueued;
        using (var response = await _pipe.EnqueueAsync(queue, new { frame = "sro-kb001ms-20220629-00010442", priority = 2 }, "python-client"))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            enqueued = await PipeQueueApi.Json(response);
        }

        Assert.Equal(queue, enqueued.GetProperty("queue_name").GetString());
        Assert.Equal("python-client", enqueued.GetProperty("sender").GetString());
        Assert.Equal("""{"frame":"sro-kb001ms-20220629-00010442","priority":2}""", enqueued.GetProperty("payload").GetRawText());
        Assert.InRange(enqueued.GetProperty("created_at").GetInt64(), DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeMilliseconds(), DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

        using (var peeked = await _pipe.PeekAsync(queue, "5"))
        {
            Assert.Equal(HttpStatusCode.OK, peeked.StatusCode);
            Assert.Equal(enqueued.GetRawText(), Assert.Single((await PipeQueueApi.Json(peeked)).EnumerateArray()).GetRawText());
        }

        using (var dequeued = await _pipe.DequeueAsync(queue))
        {
            Assert.Equal(HttpStatusCode.OK, dequeued.StatusCode);
            Assert.Equal(enqueued.GetRawText(), (await PipeQueueApi.Json(dequeued)).GetRawText());
        }

        using (var empty = await _pipe.DequeueAsync(queue))
        {
            Assert.Equal(HttpStatusCode.NotFound, empty.StatusCode);
            Assert.Equal($"Queue is empty: {queue}", await PipeQueueApi.ErrorAsync(empty));
        }

        using (var status = await _pipe.SetStatusAsync(new { pipe_id = "pipe-seed", status = "online", details = new { load = 0.5 } }))
        {
            Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        }

        using (var status = await _pipe.GetStatusAsync("pipe-seed"))
        {
            var body = await PipeQueueApi.Json(status);
            Assert.Equal("online", body.GetProperty("status").GetString());
            Assert.Equal("""{"load":0.5}""", body.GetProperty("details").GetRawText());
        }

        using (var statuses = await _pipe.ListStatusesAsync())
        {
            Assert.Contains((await PipeQueueApi.Json(statuses)).EnumerateArray(), s => s.GetProperty("pipe_id").GetString() == "pipe-seed");
        }

        using (var deleted = await _pipe.DeleteStatusAsync("pipe-seed"))
        {
            Assert.Equal("Status deleted for PIPE: pipe-seed", await PipeQueueApi.MessageAsync(deleted));
        }

        using (var deleted = await _pipe.DeleteQueueAsync(queue))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
            Assert.Equal($"Queue deleted: {queue}", await PipeQueueApi.MessageAsync(deleted));
        }

        using (var gone = await _pipe.PeekAsync(queue))
        {
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }

        Assert.DoesNotContain(queue, (await _pipe.ListQueuesAsync()).Keys);
    }

    [Fact]
    public async Task Creating_an_existing_queue_is_a_409()
    {
        (await _pipe.CreateQueueAsync("twice")).Dispose();

        using var again = await _pipe.CreateQueueAsync("twice");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("Queue already exists: twice", await PipeQueueApi.ErrorAsync(again));
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"queue_name": ""}""")]
    [InlineData("""{"queue_name": "   "}""")]
    [InlineData("""{"queue_name": null}""")]
    public async Task Create_without_a_queue_name_is_a_400(string body)
    {
        using var response = await _pipe.PostRawAsync("/pipe/queue", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Missing required field: queue_name", await PipeQueueApi.ErrorAsync(response));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("tab\there")]
    [InlineData("del\u007fhere")]
    [InlineData("c1\u0085here")]
    public async Task Names_that_cannot_be_table_keys_are_a_400_and_nothing_is_created(string name)
    {
        using var response = await _pipe.CreateQueueAsync(name);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("must not contain", await PipeQueueApi.ErrorAsync(response), StringComparison.Ordinal);
        Assert.DoesNotContain(name, (await _pipe.ListQueuesAsync()).Keys);
    }

    public static TheoryData<string, string, string> BadPathNames()
    {
        var data = new TheoryData<string, string, string>();
        var names = new[] { ("a%23b", "must not contain"), ("a%3Fb", "must not contain"), ("a%5Cb", "must not contain"), ("a%01b", "must not contain"), ("a%7Fb", "must not contain"), (new string('q', 201), "is longer than 200 characters.") };
        foreach (var (name, problem) in names)
        {
            data.Add("GET", $"/pipe/queue/{name}", "queue_name " + problem);
            data.Add("DELETE", $"/pipe/queue/{name}", "queue_name " + problem);
            data.Add("POST", $"/pipe/queue/{name}/dequeue", "queue_name " + problem);
            data.Add("POST", $"/pipe/queue/{name}/dequeue?lease_seconds=30", "queue_name " + problem);
            data.Add("POST", $"/pipe/queue/{name}/ack", "queue_name " + problem);
            data.Add("GET", $"/pipe/status/{name}", "pipe_id " + problem);
            data.Add("DELETE", $"/pipe/status/{name}", "pipe_id " + problem);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadPathNames))]
    public async Task Names_in_the_path_that_cannot_be_table_keys_are_a_400_and_nothing_changes(string method, string path, string error)
    {
        // Queue and machine "a" exist with an item, so a name cut short at the bad character would show as a change.
        (await _pipe.CreateQueueAsync("a")).Dispose();
        if ((await _pipe.ListQueuesAsync())["a"] == 0)
        {
            await _pipe.EnqueueIdAsync("a", new { keep = true });
        }

        (await _pipe.SetStatusAsync(new { pipe_id = "a", status = "online" })).Dispose();
        var queuesBefore = await _pipe.ListQueuesAsync();
        var statusesBefore = (await PipeQueueApi.Json(await _pipe.ListStatusesAsync())).GetRawText();

        // A relative string keeps its escapes, so the server receives %23, %3F, %5C, %01 and %7F as sent.
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (path.EndsWith("/ack", StringComparison.Ordinal))
        {
            request.Content = new StringContent("""{"id": "0639000000000000001_3f2a9c1d", "receipt": "r"}""", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await _api.Client.SendAsync(request);

        Assert.Contains(error, await response.AssertErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.Equal(queuesBefore, await _pipe.ListQueuesAsync());
        Assert.Equal(statusesBefore, (await PipeQueueApi.Json(await _pipe.ListStatusesAsync())).GetRawText());
    }

    [Theory]
    [InlineData("""{"queue_name": 42}""")]
    [InlineData("""{"queue_name": true}""")]
    [InlineData("""{"queue_name": {"name": "q"}}""")]
    public async Task Create_with_a_queue_name_that_is_not_a_string_is_a_400(string body)
    {
        var before = await _pipe.ListQueuesAsync();

        using var response = await _pipe.PostRawAsync("/pipe/queue", body);

        Assert.Equal("Field 'queue_name' must be a string.", await response.AssertErrorAsync(HttpStatusCode.BadRequest));
        Assert.Equal(before, await _pipe.ListQueuesAsync());
    }

    [Fact]
    public async Task A_name_longer_than_200_characters_is_a_400_and_200_is_fine()
    {
        using var tooLong = await _pipe.CreateQueueAsync(new string('q', 201));
        using var longest = await _pipe.CreateQueueAsync(new string('q', 200));

        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Equal(HttpStatusCode.OK, longest.StatusCode);
    }

    [Theory]
    [InlineData("""{"queue_name": 42}""", "Field 'queue_name' must be a string.")]
    [InlineData("""{"queue_name": ["q"]}""", "Field 'queue_name' must be a string.")]
    [InlineData("""{"queue_name": "wrong-types", "sender": 7}""", "Field 'sender' must be a string.")]
    [InlineData("""{"queue_name": "wrong-types", "payload": }""", null)]
    public async Task Enqueue_with_wrong_types_is_a_400_and_nothing_is_written(string body, string? error)
    {
        (await _pipe.CreateQueueAsync("wrong-types")).Dispose();

        using var response = await _pipe.PostRawAsync("/pipe/enqueue", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        if (error is not null)
        {
            Assert.Equal(error, await PipeQueueApi.ErrorAsync(response));
        }

        Assert.Equal(0, (await _pipe.ListQueuesAsync())["wrong-types"]);
    }

    [Fact]
    public async Task Enqueue_to_a_missing_queue_is_a_404_and_without_a_name_a_400()
    {
        using var missing = await _pipe.EnqueueAsync("no-such-queue", new { x = 1 });
        using var unnamed = await _pipe.PostRawAsync("/pipe/enqueue", """{"payload": {}}""");

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("Queue does not exist: no-such-queue", await PipeQueueApi.ErrorAsync(missing));
        Assert.Equal(HttpStatusCode.BadRequest, unnamed.StatusCode);
        Assert.Equal("Missing required field: queue_name", await PipeQueueApi.ErrorAsync(unnamed));
        Assert.DoesNotContain("no-such-queue", (await _pipe.ListQueuesAsync()).Keys);
    }

    [Fact]
    public async Task Enqueue_defaults_payload_to_an_empty_object_and_sender_to_unknown()
    {
        (await _pipe.CreateQueueAsync("defaults")).Dispose();

        using var response = await _pipe.EnqueueAsync("defaults");
        var item = await PipeQueueApi.Json(response);

        Assert.Equal("{}", item.GetProperty("payload").GetRawText());
        Assert.Equal("unknown", item.GetProperty("sender").GetString());
        Assert.Equal(
            new[] { "id", "queue_name", "payload", "created_at", "sender" },
            item.EnumerateObject().Select(p => p.Name));
    }

    [Theory]
    [InlineData("""{"nested":{"deep":[1,[2,[3,{"x":null}]]]},"flag":true,"none":null}""", """{"nested":{"deep":[1,[2,[3,{"x":null}]]]},"flag":true,"none":null}""")]
    [InlineData("""[1,2.5,-3e-7,12345678901234567890,0.1000000000000000055511151231257827]""", """[1,2.5,-3E-07,12345678901234567890,0.1]""")]
    [InlineData("""[1.0,1e3,2.50,-0.0,1.5E+2]""", """[1,1000,2.5,0,150]""")]
    [InlineData("\"ünïcödé & <tags> and \\\"quotes\\\"\"", "\"ünïcödé & <tags> and \\\"quotes\\\"\"")]
    [InlineData("3.14159265358979323846264338327950288", "3.141592653589793")]
    [InlineData("null", "null")]
    [InlineData("""{"b":2,"a":1,"a1":{"z":0,"y":[]}}""", """{"b":2,"a":1,"a1":{"z":0,"y":[]}}""")]
    public async Task Payloads_of_any_json_kind_round_trip_with_numbers_as_the_original_returned_them(string payloadJson, string expected)
    {
        (await _pipe.CreateQueueAsync("round-trip")).Dispose();

        using var enqueued = await _pipe.PostRawAsync("/pipe/enqueue", $$"""{"queue_name":"round-trip","payload":{{payloadJson}},"sender":"s"}""");
        using var dequeued = await _pipe.DequeueAsync("round-trip");

        Assert.Equal(HttpStatusCode.OK, enqueued.StatusCode);
        Assert.Equal(expected, (await PipeQueueApi.Json(enqueued)).GetProperty("payload").GetRawText());
        Assert.Equal(expected, (await PipeQueueApi.Json(dequeued)).GetProperty("payload").GetRawText());
    }

    [Fact]
    public async Task A_payload_at_the_size_limit_is_stored_and_one_byte_more_is_a_413_writing_nothing()
    {
        (await _pipe.CreateQueueAsync("big")).Dispose();
        var fits = new string('x', TableJsonProperty.MaxBytes - 2);
        var tooBig = new string('x', TableJsonProperty.MaxBytes - 1);

        using var stored = await _pipe.EnqueueAsync("big", fits);
        using var refused = await _pipe.EnqueueAsync("big", tooBig);
        using var peeked = await _pipe.PeekAsync("big");

        Assert.Equal(HttpStatusCode.OK, stored.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Contains($"at most {TableJsonProperty.MaxBytes} bytes", await PipeQueueApi.ErrorAsync(refused), StringComparison.Ordinal);
        var only = Assert.Single((await PipeQueueApi.Json(peeked)).EnumerateArray());
        Assert.Equal(fits, only.GetProperty("payload").GetString());
    }

    [Fact]
    public async Task Peek_returns_oldest_first_up_to_the_limit_without_removing()
    {
        (await _pipe.CreateQueueAsync("peek")).Dispose();
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(await _pipe.EnqueueIdAsync("peek", new { i }));
        }

        using var byDefault = await _pipe.PeekAsync("peek");
        using var three = await _pipe.PeekAsync("peek", "3");
        using var all = await _pipe.PeekAsync("peek", "1000");

        Assert.Equal(ids.Take(10), (await PipeQueueApi.Json(byDefault)).EnumerateArray().Select(item => item.GetProperty("id").GetString()));
        Assert.Equal(ids.Take(3), (await PipeQueueApi.Json(three)).EnumerateArray().Select(item => item.GetProperty("id").GetString()));
        Assert.Equal(ids, (await PipeQueueApi.Json(all)).EnumerateArray().Select(item => item.GetProperty("id").GetString()));
        Assert.Equal(12, (await _pipe.ListQueuesAsync())["peek"]);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1001")]
    [InlineData("ten")]
    [InlineData("2.5")]
    [InlineData("")]
    public async Task A_limit_that_is_not_a_whole_number_from_1_to_1000_is_a_400(string limit)
    {
        (await _pipe.CreateQueueAsync("limits")).Dispose();

        using var response = await _pipe.PeekAsync("limits", limit);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Parameter 'limit' must be a whole number from 1 to 1000.", await PipeQueueApi.ErrorAsync(response));
    }

    [Fact]
    public async Task Peek_dequeue_and_delete_of_a_missing_queue_are_404s()
    {
        using var peek = await _pipe.PeekAsync("absent");
        using var dequeue = await _pipe.DequeueAsync("absent");
        using var delete = await _pipe.DeleteQueueAsync("absent");

        foreach (var response in new[] { peek, dequeue, delete })
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("Queue does not exist: absent", await PipeQueueApi.ErrorAsync(response));
        }
    }

    [Fact]
    public async Task Queue_list_counts_items_truly_including_empty_queues_and_pages_past_1000_rows()
    {
        (await _pipe.CreateQueueAsync("count-empty")).Dispose();
        (await _pipe.CreateQueueAsync("count-three")).Dispose();
        (await _pipe.CreateQueueAsync("count-many")).Dispose();
        for (var i = 0; i < 3; i++)
        {
            await _pipe.EnqueueIdAsync("count-three", new { i });
        }

        await Parallel.ForEachAsync(Enumerable.Range(0, 1100), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            await _pipe.EnqueueIdAsync("count-many", new { i }));

        var counts = await _pipe.ListQueuesAsync();

        Assert.Equal(0, counts["count-empty"]);
        Assert.Equal(3, counts["count-three"]);
        Assert.Equal(1100, counts["count-many"]);
    }

    [Fact]
    public async Task Deleting_a_queue_with_thousands_of_items_removes_every_row()
    {
        (await _pipe.CreateQueueAsync("delete-many")).Dispose();
        await Parallel.ForEachAsync(Enumerable.Range(0, 2500), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            await _pipe.EnqueueIdAsync("delete-many", new { i }));

        using var deleted = await _pipe.DeleteQueueAsync("delete-many");

        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.Equal(0, await CountRowsAsync(PipeQueueKeys.QueuePartition("delete-many")));
        using var recreated = await _pipe.CreateQueueAsync("delete-many");
        Assert.Equal(HttpStatusCode.OK, recreated.StatusCode);
        Assert.Equal(0, (await _pipe.ListQueuesAsync())["delete-many"]);
    }

    private async Task<int> CountRowsAsync(string partitionKey)
    {
        var table = _api.Services.GetRequiredService<TableServiceClient>()
            .GetTableClient(_api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Tables.PipeQueue);
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}")))
        {
            count++;
        }

        return count;
    }
}
