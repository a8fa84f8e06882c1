using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using PhotonRanch.Functions.Tests.Images;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.PipeQueue;

/// <summary>
/// What a PIPE worker builds on beyond the original's queue (issue 20): leases it extends and releases, long polling,
/// batches, dead letters, idempotent enqueue; over real HTTP against Azurite.
/// </summary>
public sealed class PipeQueueWorkerTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _api;
    private readonly PipeQueueApi _pipe;

    public PipeQueueWorkerTests(ApiFixture api)
    {
        _api = api;
        _pipe = new PipeQueueApi(api.Client);
    }

    [Fact]
    public async Task Extend_keeps_the_receipt_and_moves_the_expiry_and_release_makes_the_item_visible_at_once()
    {
        const string queue = "worker-extend-release";
        (await _pipe.CreateQueueAsync(queue)).Dispose();
        var id = await _pipe.EnqueueIdAsync(queue, new { job = 1 });
        var leased = await PipeQueueApi.Json(await _pipe.DequeueAsync(queue, leaseSeconds: "2"));
        var receipt = leased.GetProperty("receipt").GetString();

        using var extend = await _pipe.ExtendAsync(queue, new { id, receipt, lease_seconds = 600 });
        var extended = await PipeQueueApi.Json(extend);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        using var stillHidden = await _pipe.DequeueAsync(queue);
        using var release = await _pipe.ReleaseAsync(queue, new { id, receipt });
        var again = await PipeQueueApi.Json(await _pipe.DequeueAsync(queue, leaseSeconds: "60"));
        using var staleRelease = await _pipe.ReleaseAsync(queue, new { id, receipt });
        using var staleExtend = await _pipe.ExtendAsync(queue, new { id, receipt, lease_seconds = 60 });
        using var unknown = await _pipe.ExtendAsync(queue, new { id = "0000000000000000000_00000000", receipt, lease_seconds = 60 });

        Assert.Equal(HttpStatusCode.OK, extend.StatusCode);
        Assert.Equal(receipt, extended.GetProperty("receipt").GetString());
        Assert.Equal(1, extended.GetProperty("delivery_count").GetInt32());
        Assert.InRange(
            extended.GetProperty("lease_expires_at").GetInt64(),
            leased.GetProperty("lease_expires_at").GetInt64() + 590_000,
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() + 600_000);
        Assert.Equal(HttpStatusCode.NotFound, stillHidden.StatusCode);
        Assert.Equal(HttpStatusCode.OK, release.StatusCode);
        Assert.Equal($"Item released: {id}", await PipeQueueApi.MessageAsync(release));
        Assert.Equal(id, again.GetProperty("id").GetString());
        Assert.Equal(2, again.GetProperty("delivery_count").GetInt32());
        Assert.Equal(HttpStatusCode.Conflict, staleRelease.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, staleExtend.StatusCode);
        Assert.Equal($"Receipt does not match the current lease of item {id}.", await PipeQueueApi.ErrorAsync(staleExtend));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_released_receipt_cannot_acknowledge()
    {
        const string queue = "worker-release-ack";
        (await _pipe.CreateQueueAsync(queue)).Dispose();
        var id = await _pipe.EnqueueIdAsync(queue, new { job = 1 });
        var receipt = (await PipeQueueApi.Json(await _pipe.DequeueAsync(queue, leaseSeconds: "60"))).GetProperty("receipt").GetString();

        (await _pipe.ReleaseAsync(queue, new { id, receipt })).Dispose();
        using var ack = await _pipe.AcknowledgeAsync(queue, new { id, receipt });

        Assert.Equal(HttpStatusCode.Conflict, ack.StatusCode);
        Assert.Equal(1, (await _pipe.ListQueuesAsync())[queue]);
    }

    [Theory]
    [InlineData("extend", """{"id": "x", "receipt": "r"}""", "Missing required field: lease_seconds")]
    [InlineData("extend", """{"id": "x", "receipt": "r", "lease_seconds": 0}""", "Field 'lease_seconds' must be a whole number from 1 to 43200.")]
    [InlineData("extend", """{"id": "x", "receipt": "r", "lease_seconds": 43201}""", "Field 'lease_seconds' must be a whole number from 1 to 43200.")]
    [InlineData("extend", """{"id": "x", "receipt": "r", "lease_seconds": 1.5}""", "Field 'lease_seconds' must be a whole number from 1 to 43200.")]
    [InlineData("extend", """{"id": "x", "receipt": "r", "lease_seconds": "60"}""", "Field 'lease_seconds' must be a number.")]
    [InlineData("extend", """{"receipt": "r", "lease_seconds": 60}""", "Missing required field: id")]
    [InlineData("release", """{"id": "x"}""", "Missing required field: receipt")]
    [InlineData("release", """{"receipt": "r"}""", "Missing required field: id")]
    [InlineData("redrive", """{"ids": [1]}""", "Field 'ids' must be an array of item ids (strings).")]
    [InlineData("redrive", """{"ids": "x"}""", "Field 'ids' must be an array of item ids (strings).")]
    public async Task Bad_lease_and_redrive_bodies_are_400s(string action, string body, string error)
    {
        using var response = await _pipe.PostRawAsync($"/pipe/queue/any/{action}", body);

        Assert.Equal(error, await response.AssertErrorAsync(HttpStatusCode.BadRequest));
    }

    [Theory]
    [InlineData("max=0", "Parameter 'max' must be a whole number from 1 to 32.")]
    [InlineData("max=33", "Parameter 'max' must be a whole number from 1 to 32.")]
    [InlineData("max=two", "Parameter 'max' must be a whole number from 1 to 32.")]
    [InlineData("wait_seconds=21", "Parameter 'wait_seconds' must be a whole number from 0 to 20.")]
    [InlineData("wait_seconds=-1", "Parameter 'wait_seconds' must be a whole number from 0 to 20.")]
    [InlineData("wait_seconds=1.5", "Parameter 'wait_seconds' must be a whole number from 0 to 20.")]
    public async Task A_bad_max_or_wait_is_a_400_and_takes_nothing(string query, string error)
    {
        var queue = "worker-bad-" + query.Replace('=', '-').Replace('.', '-');
        (await _pipe.CreateQueueAsync(queue)).Dispose();
        await _pipe.EnqueueIdAsync(queue, new { n = 1 });

        using var response = await _pipe.DequeueWithAsync(queue, query);

        Assert.Equal(error, await response.AssertErrorAsync(HttpStatusCode.BadRequest));
        Assert.Equal(1, (await _pipe.ListQueuesAsync())[queue]);
    }

    [Fact]
    public async Task Max_answers_an_array_oldest_first_and_an_empty_queue_is_still_a_404()
    {
        const string queue = "worker-max";
        (await _pipe.CreateQueueAsync(queue)).Dispose();
        var ids = new List<string>();
        for (var n = 0; n < 5; n++)
        {
            ids.Add(await _pipe.EnqueueIdAsync(queue, new { n }));
        }

        var three = await PipeQueueApi.Json(await _pipe.DequeueWithAsync(queue, "max=3"));
        var rest = await PipeQueueApi.Json(await _pipe.DequeueWithAsync(queue, "max=32&lease_seconds=60"));
        using var empty = await _pipe.DequeueWithAsync(queue, "max=4");
        using var single = await _pipe.DequeueWithAsync(queue, "max=1&wait_seconds=0");

        Assert.Equal(ids[..3], three.EnumerateArray().Select(item => item.GetProperty("id").GetString()));
        Assert.Equal(ids[3..], rest.EnumerateArray().Select(item => item.GetProperty("id").GetString()));
        Assert.All(rest.EnumerateArray(), item => Assert.Equal(1, item.GetProperty("delivery_count").GetInt32()));
        Assert.Equal($"Queue is empty: {queue}", await empty.AssertErrorAsync(HttpStatusCode.NotFound));
        Assert.Equal(HttpStatusCode.NotFound, single.StatusCode);
    }

    [Fact]
    public async Task A_waiting_dequeue_answers_soon_after_an_enqueue_and_404s_when_its_wait_ends()
    {
        const string queue = "worker-wait";
        (await _pipe.CreateQueueAsync(queue)).Dispose();

        var clock = Stopwatch.StartNew();
        using var timedOut = await _pipe.DequeueWithAsync(queue, "wait_seconds=1");
        var timedOutAfter = clock.Elapsed;

        var waiting = _pipe.DequeueWithAsync(queue, "wait_seconds=20&lease_seconds=60");
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.False(waiting.IsCompleted);
        var id = await _pipe.EnqueueIdAsync(queue, new { late = true });
        var enqueuedAt = clock.Elapsed;
        using var answered = await waiting;
        var answeredAfter = clock.Elapsed - enqueuedAt;

        Assert.Equal($"Queue is empty: {queue}", await timedOut.AssertErrorAsync(HttpStatusCode.NotFound));
        Assert.InRange(timedOutAfter, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(id, (await PipeQueueApi.Json(answered)).GetProperty("id").GetString());
        Assert.InRange(answeredAfter, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_waiting_dequeue_sees_an_enqueue_made_through_another_instance_within_a_second()
    {
        const string queue = "worker-wait-other";
        await using var second = await AlternateApiHost.StartAsync(_api, new Dictionary<string, string?> { ["LocalIngestion:Enabled"] = "false" });
        (await _pipe.CreateQueueAsync(queue)).Dispose();

        var waiting = _pipe.DequeueWithAsync(queue, "wait_seconds=20");
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        var id = await new PipeQueueApi(second.Client).EnqueueIdAsync(queue, new { from = "other" });
        var enqueuedAt = Stopwatch.StartNew();
        using var answered = await waiting;

        Assert.Equal(id, (await PipeQueueApi.Json(answered)).GetProperty("id").GetString());
        Assert.InRange(enqueuedAt.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_cancelled_wait_takes_nothing()
    {
        const string queue = "worker-wait-cancel";
        (await _pipe.CreateQueueAsync(queue)).Dispose();
        using (var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1)))
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _pipe.DequeueWithAsync(queue, "wait_seconds=20", cancel.Token));
        }

        await Task.Delay(TimeSpan.FromMilliseconds(300));
        var id = await _pipe.EnqueueIdAsync(queue, new { n = 1 });
        var item = await PipeQueueApi.Json(await _pipe.DequeueAsync(queue));

        Assert.Equal(id, item.GetProperty("id").GetString());
    }

    [Fact]
    public async Task An_item_leased_max_deliveries_times_goes_to_the_dead_letters_and_redrive_puts_it_back()
    {
        const string queue = "worker-dead";
        (await _pipe.PostJsonAsync("/pipe/queue", new { queue_name = queue, max_deliveries = 2 })).Dispose();
        var doomed = await _pipe.EnqueueIdAsync(queue, new { job = "crashes" });
        var healthy = await _pipe.EnqueueIdAsync(queue, new { job = "fine" });

        for (var delivery = 1; delivery <= 2; delivery++)
        {
            var leased = await PipeQueueApi.Json(await _pipe.DequeueAsync(queue, leaseSeconds: "60"));
            Assert.Equal(doomed, leased.GetProperty("id").GetString());
            Assert.Equal(delivery, leased.GetProperty("delivery_count").GetInt32());
            (await _pipe.ReleaseAsync(queue, new { id = doomed, receipt = leased.GetProperty("receipt").GetString() })).Dispose();
        }

        var next = await PipeQueueApi.Json(await _pipe.DequeueAsync(queue, leaseSeconds: "60"));
        var dead = await PipeQueueApi.Json(await _pipe.DeadAsync(queue));
        using var redrive = await _pipe.RedriveAsync(queue);
        var redriven = await PipeQueueApi.Json(await _pipe.DequeueAsync(queue, leaseSeconds: "60"));
        var deadAfter = await PipeQueueApi.Json(await _pipe.DeadAsync(queue));

        Assert.Equal(healthy, next.GetProperty("id").GetString());
        var deadItem = Assert.Single(dead.EnumerateArray());
        Assert.Equal(doomed, deadItem.GetProperty("id").GetString());
        Assert.Equal(2, deadItem.GetProperty("delivery_count").GetInt32());
        Assert.Equal("""{"job":"crashes"}""", deadItem.GetProperty("payload").GetRawText());
        Assert.Equal(HttpStatusCode.OK, redrive.StatusCode);
        Assert.Equal(1, (await PipeQueueApi.Json(redrive)).GetProperty("redriven").GetInt32());
        Assert.Equal(doomed, redriven.GetProperty("id").GetString());
        Assert.Equal(1, redriven.GetProperty("delivery_count").GetInt32());
        Assert.Empty(deadAfter.EnumerateArray());
    }

    [Fact]
    public async Task Redrive_with_ids_puts_back_only_those()
    {
        const string queue = "worker-redrive-some";
        (await _pipe.PostJsonAsync("/pipe/queue", new { queue_name = queue, max_deliveries = 1 })).Dispose();
        var ids = new[] { await _pipe.EnqueueIdAsync(queue, new { n = 1 }), await _pipe.EnqueueIdAsync(queue, new { n = 2 }) };
        foreach (var id in ids)
        {
            var leased = await PipeQueueApi.Json(await _pipe.DequeueAsync(queue, leaseSeconds: "60"));
            (await _pipe.ReleaseAsync(queue, new { id, receipt = leased.GetProperty("receipt").GetString() })).Dispose();
        }

        using var emptied = await _pipe.DequeueAsync(queue);
        using var redrive = await _pipe.RedriveAsync(queue, JsonSerializer.Serialize(new { ids = new[] { ids[1], "unknown" } }));
        var dead = await PipeQueueApi.Json(await _pipe.DeadAsync(queue));
        var back = await _pipe.DrainAsync(queue);

        Assert.Equal(HttpStatusCode.NotFound, emptied.StatusCode);
        Assert.Equal(1, (await PipeQueueApi.Json(redrive)).GetProperty("redriven").GetInt32());
        Assert.Equal(ids[0], Assert.Single(dead.EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal([ids[1]], back);
    }

    [Theory]
    [InlineData("""{"queue_name": "md-zero", "max_deliveries": 0}""")]
    [InlineData("""{"queue_name": "md-big", "max_deliveries": 1001}""")]
    [InlineData("""{"queue_name": "md-text", "max_deliveries": "5"}""")]
    public async Task A_bad_max_deliveries_is_a_400_and_creates_nothing(string body)
    {
        using var response = await _pipe.PostRawAsync("/pipe/queue", body);

        Assert.Contains("max_deliveries", await response.AssertErrorAsync(HttpStatusCode.BadRequest), StringComparison.Ordinal);
        Assert.DoesNotContain(JsonDocument.Parse(body).RootElement.GetProperty("queue_name").GetString(), (await _pipe.ListQueuesAsync()).Keys);
    }

    [Fact]
    public async Task Dead_and_redrive_of_a_missing_queue_are_404s()
    {
        using var dead = await _pipe.DeadAsync("worker-nowhere");
        using var redrive = await _pipe.RedriveAsync("worker-nowhere");

        Assert.Equal("Queue does not exist: worker-nowhere", await dead.AssertErrorAsync(HttpStatusCode.NotFound));
        Assert.Equal("Queue does not exist: worker-nowhere", await redrive.AssertErrorAsync(HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Concurrent_enqueues_with_one_dedupe_key_add_one_item_and_all_answer_it()
    {
        const string queue = "worker-dedupe";
        (await _pipe.CreateQueueAsync(queue)).Dispose();

        var answers = await Task.WhenAll(Enumerable.Range(0, 12).Select(n => Task.Run(async () =>
        {
            using var response = await _pipe.PostJsonAsync("/pipe/enqueue", new { queue_name = queue, payload = new { n }, dedupe_key = "frame-42" });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return (await PipeQueueApi.Json(response)).GetProperty("id").GetString();
        })));
        using var other = await _pipe.PostJsonAsync("/pipe/enqueue", new { queue_name = queue, payload = new { }, dedupe_key = "frame-43" });

        Assert.Single(answers.Distinct());
        Assert.Equal(2, (await _pipe.ListQueuesAsync())[queue]);
        Assert.NotEqual(answers[0], (await PipeQueueApi.Json(other)).GetProperty("id").GetString());
    }

    [Fact]
    public async Task A_repeated_dedupe_key_answers_the_first_item_even_after_it_was_dequeued()
    {
        const string queue = "worker-dedupe-later";
        (await _pipe.CreateQueueAsync(queue)).Dispose();
        using var first = await _pipe.PostJsonAsync("/pipe/enqueue", new { queue_name = queue, payload = new { n = 1 }, dedupe_key = "k" });
        var firstItem = await PipeQueueApi.Json(first);
        (await _pipe.DequeueAsync(queue)).Dispose();

        using var again = await _pipe.PostJsonAsync("/pipe/enqueue", new { queue_name = queue, payload = new { n = 1 }, dedupe_key = "k" });
        var againItem = await PipeQueueApi.Json(again);

        Assert.Equal(firstItem.GetProperty("id").GetString(), againItem.GetProperty("id").GetString());
        Assert.Equal(firstItem.GetProperty("created_at").GetInt64(), againItem.GetProperty("created_at").GetInt64());
        Assert.Equal(0, (await _pipe.ListQueuesAsync())[queue]);
    }

    [Theory]
    [InlineData("""{"queue_name": "worker-dedupe-bad", "dedupe_key": "a/b"}""", "dedupe_key must not contain '/', '\\', '#', '?' or control characters.")]
    [InlineData("""{"queue_name": "worker-dedupe-bad", "dedupe_key": 5}""", "Field 'dedupe_key' must be a string.")]
    public async Task A_bad_dedupe_key_is_a_400_and_adds_nothing(string body, string error)
    {
        (await _pipe.CreateQueueAsync("worker-dedupe-bad")).Dispose();

        using var response = await _pipe.PostRawAsync("/pipe/enqueue", body);

        Assert.Equal(error, await response.AssertErrorAsync(HttpStatusCode.BadRequest));
        Assert.Equal(0, (await _pipe.ListQueuesAsync())["worker-dedupe-bad"]);
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("lease_seconds=60")]
    [InlineData("max=5")]
    [InlineData("max=3&lease_seconds=60")]
    [InlineData("wait_seconds=1")]
    public async Task Sixteen_concurrent_consumers_get_every_item_exactly_once(string query)
    {
        var queue = "worker-16-" + query.Replace('=', '-').Replace('&', '-');
        const int items = 300;
        (await _pipe.CreateQueueAsync(queue)).Dispose();
        var enqueued = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, items), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            enqueued.Add(await _pipe.EnqueueIdAsync(queue, new { i })));

        var received = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
        {
            var ids = new List<string>();
            while (true)
            {
                using var response = query == "plain" ? await _pipe.DequeueAsync(queue) : await _pipe.DequeueWithAsync(queue, query);
                if (response.StatusCode == HttpStatusCode.NotFound)
                {
                    return ids;
                }

                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var body = await PipeQueueApi.Json(response);
                var batch = body.ValueKind == JsonValueKind.Array ? [.. body.EnumerateArray()] : new[] { body };
                Assert.Equal(batch.Select(item => item.GetProperty("id").GetString()).Order(StringComparer.Ordinal), batch.Select(item => item.GetProperty("id").GetString()));
                ids.AddRange(batch.Select(item => item.GetProperty("id").GetString()!));
            }
        })));

        var all = received.SelectMany(ids => ids).ToList();
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(enqueued.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        Assert.True(received.Count(ids => ids.Count > 0) > 1, "the drain should actually have been shared between consumers");
    }
}
