using System.Collections.Concurrent;
using System.Net;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.PipeQueue;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Images;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.PipeQueue;

/// <summary>
/// The original's defects that must not come back: two consumers getting the same item, and items enqueued close
/// together leaving out of order. Parallel producers and consumers over real HTTP against Azurite.
/// </summary>
public sealed class PipeQueueConcurrencyTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _api;
    private readonly PipeQueueApi _pipe;

    public PipeQueueConcurrencyTests(ApiFixture api)
    {
        _api = api;
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

    [Fact]
    public async Task Enqueues_racing_a_delete_of_their_queue_leave_no_item_behind()
    {
        // Each round, 16 producers keep enqueuing until they see the queue gone, while it is deleted: every enqueue
        // either lands before the delete (and is swept away with the queue) or is told the queue does not exist.
        for (var round = 0; round < 3; round++)
        {
            var queue = $"delete-race-{round}";
            (await _pipe.CreateQueueAsync(queue)).Dispose();
            var accepted = 0;
            var enoughAccepted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var producers = Enumerable.Range(0, 16).Select(_ => Task.Run(async () =>
            {
                while (true)
                {
                    using var response = await _pipe.EnqueueAsync(queue, new { round });
                    if (response.StatusCode == HttpStatusCode.NotFound)
                    {
                        Assert.Equal($"Queue does not exist: {queue}", await PipeQueueApi.ErrorAsync(response));
                        return;
                    }

                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                    if (Interlocked.Increment(ref accepted) == 8)
                    {
                        enoughAccepted.SetResult();
                    }
                }
            })).ToList();

            // A producer that fails before enough items are in ends the wait too; its failure surfaces below.
            await Task.WhenAny(enoughAccepted.Task, Task.WhenAll(producers));
            using (var deleted = await _pipe.DeleteQueueAsync(queue))
            {
                Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
            }

            await Task.WhenAll(producers);

            Assert.DoesNotContain(await _api.RowsAsync(tables => tables.PipeQueue), row => row.PartitionKey == PipeQueueKeys.QueuePartition(queue));
            Assert.DoesNotContain(queue, (await _pipe.ListQueuesAsync()).Keys);
        }
    }

    [Fact]
    public async Task An_enqueue_whose_write_reaches_storage_after_the_queue_was_deleted_is_a_404_and_leaves_nothing()
    {
        const string queue = "delete-while-writing";
        var tableName = _api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Tables.PipeQueue;
        var held = new HeldTableWrites(tableName);
        await using var slowWriter = await AlternateApiHost.StartAsync(
            _api,
            new Dictionary<string, string?> { ["LocalIngestion:Enabled"] = "false" },
            services =>
            {
                var options = new TableClientOptions();
                options.AddPolicy(held, HttpPipelinePosition.PerCall);
                services.AddSingleton(new TableServiceClient(TestEnvironment.StorageConnectionString, options));
            });
        (await _pipe.CreateQueueAsync(queue)).Dispose();

        var enqueue = new PipeQueueApi(slowWriter.Client).EnqueueAsync(queue, new { late = true });
        await Task.WhenAny(held.Arrived.Task, enqueue);
        Assert.True(held.Arrived.Task.IsCompleted, "the enqueue should have reached its write to storage");
        using (var deleted = await _pipe.DeleteQueueAsync(queue))
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        held.Released.SetResult();
        using var late = await enqueue;

        Assert.Equal($"Queue does not exist: {queue}", await late.AssertErrorAsync(HttpStatusCode.NotFound));
        Assert.DoesNotContain(await _api.RowsAsync(tables => tables.PipeQueue), row => row.PartitionKey == PipeQueueKeys.QueuePartition(queue));
        Assert.DoesNotContain(queue, (await _pipe.ListQueuesAsync()).Keys);
    }

    [Fact]
    public async Task A_queue_created_again_while_its_delete_sweeps_keeps_what_was_enqueued_to_it()
    {
        const string queue = "recreated-during-delete";
        var tableName = _api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Tables.PipeQueue;
        var held = new HeldTableWrites(tableName);
        await using var slowSweeper = await AlternateApiHost.StartAsync(
            _api,
            new Dictionary<string, string?> { ["LocalIngestion:Enabled"] = "false" },
            services =>
            {
                var options = new TableClientOptions();
                options.AddPolicy(held, HttpPipelinePosition.PerCall);
                services.AddSingleton(new TableServiceClient(TestEnvironment.StorageConnectionString, options));
            });
        (await _pipe.CreateQueueAsync(queue)).Dispose();
        var oldIds = new List<string>();
        for (var i = 0; i < 150; i++)
        {
            oldIds.Add(await _pipe.EnqueueIdAsync(queue, new { old = i }));
        }

        // The delete removes the metadata, then its sweep's first transaction is held: the queue is gone, its items not.
        var delete = new PipeQueueApi(slowSweeper.Client).DeleteQueueAsync(queue);
        await Task.WhenAny(held.Arrived.Task, delete);
        Assert.True(held.Arrived.Task.IsCompleted, "the delete should have reached its sweep");
        using (var created = await _pipe.CreateQueueAsync(queue))
        {
            Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        }

        var acknowledged = await _pipe.EnqueueIdAsync(queue, new { fresh = true });
        held.Released.SetResult();
        using (var deleted = await delete)
        {
            Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        }

        Assert.Equal(1, (await _pipe.ListQueuesAsync())[queue]);
        Assert.Equal([acknowledged], await _pipe.DrainAsync(queue));
        Assert.DoesNotContain(await _api.RowsAsync(tables => tables.PipeQueue), row => oldIds.Any(id => row.RowKey.EndsWith(id, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Enqueuing_leaves_the_queue_metadata_as_it_was_created()
    {
        (await _pipe.CreateQueueAsync("metadata-kept")).Dispose();
        var before = Assert.Single(await _api.RowsAsync(tables => tables.PipeQueue), row => row.PartitionKey == PipeQueueKeys.QueuePartition("metadata-kept"));

        await Parallel.ForEachAsync(Enumerable.Range(0, 20), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
            await _pipe.EnqueueIdAsync("metadata-kept", new { i }));

        var after = Assert.Single(
            await _api.RowsAsync(tables => tables.PipeQueue),
            row => row.PartitionKey == PipeQueueKeys.QueuePartition("metadata-kept") && row.RowKey == PipeQueueKeys.MetadataRowKey);
        Assert.Equal(
            before.Where(p => p.Key is not ("odata.etag" or "Timestamp")).OrderBy(p => p.Key, StringComparer.Ordinal),
            after.Where(p => p.Key is not ("odata.etag" or "Timestamp")).OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(20, (await _pipe.ListQueuesAsync())["metadata-kept"]);
    }

    /// <summary>Holds every write (POST) to one table, and every transaction, until released.</summary>
    private sealed class HeldTableWrites(string table) : HttpPipelinePolicy
    {
        public TaskCompletionSource Arrived { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Released { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (IsHeld(message.Request))
            {
                Arrived.TrySetResult();
                await Released.Task;
            }

            await ProcessNextAsync(message, pipeline);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            throw new NotSupportedException("The API calls Table Storage asynchronously only.");

        private bool IsHeld(Request request) =>
            request.Method == RequestMethod.Post &&
            (request.Uri.Path.EndsWith("/" + table, StringComparison.Ordinal) || request.Uri.Path.EndsWith("/$batch", StringComparison.Ordinal));
    }
}
