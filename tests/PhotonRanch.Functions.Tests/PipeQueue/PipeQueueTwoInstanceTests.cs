using System.Collections.Concurrent;
using PhotonRanch.Functions.Tests.Images;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.PipeQueue;

/// <summary>
/// Two app instances on one table, as when the Functions app scales out: exactly-once delivery must hold between
/// consumers that share no memory, only the table.
/// </summary>
public sealed class PipeQueueTwoInstanceTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _api;

    public PipeQueueTwoInstanceTests(ApiFixture api)
    {
        _api = api;
    }

    [Fact]
    public async Task Consumers_on_two_instances_receive_every_item_exactly_once_each_in_fifo_order()
    {
        const string queue = "two-instances";
        const int producersPerHost = 4;
        const int itemsPerProducer = 130;
        const int consumersPerHost = 8;
        await using var second = await AlternateApiHost.StartAsync(_api, new Dictionary<string, string?> { ["LocalIngestion:Enabled"] = "false" });
        PipeQueueApi[] hosts = [new(_api.Client), new(second.Client)];
        (await hosts[0].CreateQueueAsync(queue)).Dispose();

        var enqueued = new ConcurrentBag<string>();
        await Task.WhenAll(hosts.SelectMany(host => Enumerable.Range(0, producersPerHost).Select(producer => Task.Run(async () =>
        {
            for (var n = 0; n < itemsPerProducer; n++)
            {
                enqueued.Add(await host.EnqueueIdAsync(queue, new { producer, n }));
            }
        }))));

        var received = await Task.WhenAll(hosts.SelectMany(host => Enumerable.Range(0, consumersPerHost).Select(_ => Task.Run(() => host.DrainAsync(queue)))));

        var all = received.SelectMany(ids => ids).ToList();
        Assert.Equal(2 * producersPerHost * itemsPerProducer, enqueued.Count);
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(enqueued.Order(StringComparer.Ordinal), all.Order(StringComparer.Ordinal));
        Assert.All(received, ids => Assert.Equal(ids.Order(StringComparer.Ordinal), ids));
        Assert.Contains(received.Take(consumersPerHost), ids => ids.Count > 0);
        Assert.Contains(received.Skip(consumersPerHost), ids => ids.Count > 0);
        Assert.Equal(0, (await hosts[1].ListQueuesAsync())[queue]);
    }
}
