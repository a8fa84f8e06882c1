using System.Collections.Concurrent;
using System.Net;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.PipeQueue;

/// <summary>
/// The original's defects that must not come back: two consumers getting the same item, and items enqueued close
/// together leaving out of order. Parallel producers and consumers over real HTTP against Azurite.
/// </summary>
public sealed class PipeQueueConcurrencyTests : IClassFixture<ApiFixture>
{
    private readonly PipeQueueApi _pipe;

    public PipeQueueConcurrencyTests(ApiFixture api)
    {
        _pipe = new PipeQueueApi(api.Client);
    }

    [Fact]
    public async Task Sixteen_parallel_consumers_receive_every_item_exactly_once_each_in_fifo_order()
    {
        const string queue = "drain-16";
        const int items = 2000;
        (await _pipe.CreateQueueAsync(queue)).Dispose();
        var enqueued = new ConcurrentBag<string>();
        await Parallel.ForEachAsync(Enumerable.Range(0, items), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) =>
            enqueued.Add(await _pipe.EnqueueIdAsync(queue, new { i })));

        var received = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => _pipe.DrainAsync(queue))));

        var all = received.SelectMany(ids => ids).ToList();
        Assert.Equal(items, all.Count);
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(enqueued.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        Assert.All(received, ids => Assert.Equal(ids.Order(StringComparer.Ordinal), ids));
        Assert.True(received.Count(ids => ids.Count > 0) > 1, "the drain should actually have been shared between consumers");
    }

    [Fact]
    public async Task Items_from_parallel_producers_dequeue_in_id_order_which_is_each_producers_acceptance_order()
    {
        const string queue = "fifo";
        const int producers = 10;
        const int perProducer = 110;
        (await _pipe.CreateQueueAsync(queue)).Dispose();

        var accepted = await Task.WhenAll(Enumerable.Range(0, producers).Select(producer => Task.Run(async () =>
        {
            var ids = new List<string>();
            for (var n = 0; n < perProducer; n++)
            {
                ids.Add(await _pipe.EnqueueIdAsync(queue, new { producer, n }));
            }

            return ids;
        })));

        var dequeued = await _pipe.DrainAsync(queue);

        Assert.Equal(producers * perProducer, dequeued.Count);
        Assert.Equal(dequeued.Order(StringComparer.Ordinal), dequeued);
        Assert.All(accepted, ids => Assert.Equal(ids.Order(StringComparer.Ordinal), ids));
        var position = dequeued.Select((id, index) => (id, index)).ToDictionary(p => p.id, p => p.index);
        Assert.All(accepted, ids => Assert.Equal(ids, ids.OrderBy(id => position[id])));
    }

    [Fact]
    public async Task Items_enqueued_within_the_same_millisecond_still_get_distinct_ordered_ids()
    {
        const string queue = "same-ms";
        (await _pipe.CreateQueueAsync(queue)).Dispose();
        var created = new ConcurrentBag<(string Id, long CreatedAt)>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 300), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (i, _) =>
        {
            using var response = await _pipe.EnqueueAsync(queue, new { i });
            var item = await PipeQueueApi.Json(response);
            created.Add((item.GetProperty("id").GetString()!, item.GetProperty("created_at").GetInt64()));
        });

        Assert.Equal(300, created.Select(c => c.Id).Distinct().Count());
        Assert.Contains(created.GroupBy(c => c.CreatedAt), sameMillisecond => sameMillisecond.Count() > 1);
        var peeked = await PipeQueueApi.Json(await _pipe.PeekAsync(queue, "1000"));
        var order = peeked.EnumerateArray().Select(item => item.GetProperty("id").GetString()).ToList();
        Assert.Equal(created.Select(c => c.Id).Order(StringComparer.Ordinal), order);
    }

    [Fact]
    public async Task Concurrent_creates_of_one_queue_succeed_exactly_once()
    {
        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => _pipe.CreateQueueAsync("raced")));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        Assert.Equal(7, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
    }
}
