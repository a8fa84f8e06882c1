using System.Net;
using System.Text.Json;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.PipeQueue;

/// <summary>The lease mode: a dequeued job survives the crash of the PIPE machine that took it.</summary>
public sealed class PipeQueueLeaseTests : IClassFixture<ApiFixture>
{
    private readonly PipeQueueApi _pipe;

    public PipeQueueLeaseTests(ApiFixture api)
    {
        _pipe = new PipeQueueApi(api.Client);
    }

    [Fact]
    public async Task An_unacknowledged_item_comes_back_after_its_lease_and_a_stale_receipt_is_a_409()
    {
        const string queue = "lease-expiry";
        (await _pipe.CreateQueueAsync(queue)).Dispose();
        var id = await _pipe.EnqueueIdAsync(queue, new { job = "reduce" });

        // Long enough that the next two calls happen inside the lease on a busy machine too.
        var first = await PipeQueueApi.Json(await _pipe.DequeueAsync(queue, leaseSeconds: "5"));
        using var hidden = await _pipe.DequeueAsync(queue);
        var stillQueued = await PipeQueueApi.Json(await _pipe.PeekAsync(queue));
        var second = await DequeueWhenVisibleAgainAsync(queue);
        using var staleAck = await _pipe.AcknowledgeAsync(queue, new { id, receipt = first.GetProperty("receipt").GetString() });
        using var ack = await _pipe.AcknowledgeAsync(queue, new { id, receipt = second.GetProperty("receipt").GetString() });
        using var afterAck = await _pipe.DequeueAsync(queue);

        Assert.Equal(id, first.GetProperty("id").GetString());
        Assert.Equal(1, first.GetProperty("delivery_count").GetInt32());
        Assert.Equal("""{"job":"reduce"}""", first.GetProperty("payload").GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, hidden.StatusCode);
        Assert.Equal(id, Assert.Single(stillQueued.EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(id, second.GetProperty("id").GetString());
        Assert.Equal(2, second.GetProperty("delivery_count").GetInt32());
        Assert.NotEqual(first.GetProperty("receipt").GetString(), second.GetProperty("receipt").GetString());
        Assert.Equal(HttpStatusCode.Conflict, staleAck.StatusCode);
        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal($"Item acknowledged: {id}", await PipeQueueApi.MessageAsync(ack));
        Assert.Equal(HttpStatusCode.NotFound, afterAck.StatusCode);
    }

    private async Task<JsonElement> DequeueWhenVisibleAgainAsync(string queue)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var response = await _pipe.DequeueAsync(queue, leaseSeconds: "60");
            if (response.StatusCode != HttpStatusCode.NotFound || DateTime.UtcNow > deadline)
            {
                return await PipeQueueApi.Json(response);
            }

            response.Dispose();
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
    }

    [Fact]
    public async Task An_acknowledged_item_never_comes_back()
    {
        const string queue = "lease-acked";
        (await _pipe.CreateQueueAsync(queue)).Dispose();
        var id = await _pipe.EnqueueIdAsync(queue, new { job = 1 });
        var leased = await PipeQueueApi.Json(await _pipe.DequeueAsync(queue, leaseSeconds: "1"));

        using var ack = await _pipe.AcknowledgeAsync(queue, new { id, receipt = leased.GetProperty("receipt").GetString() });
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        using var after = await _pipe.DequeueAsync(queue, leaseSeconds: "5");
        using var ackAgain = await _pipe.AcknowledgeAsync(queue, new { id, receipt = leased.GetProperty("receipt").GetString() });

        Assert.Equal(HttpStatusCode.OK, ack.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        Assert.Equal($"Queue is empty: {queue}", await PipeQueueApi.ErrorAsync(after));
        Assert.Equal(HttpStatusCode.NotFound, ackAgain.StatusCode);
        Assert.Equal(0, (await _pipe.ListQueuesAsync())[queue]);
    }

    [Fact]
    public async Task Leased_items_are_skipped_by_other_consumers_who_get_the_next_one()
    {
        const string queue = "lease-skip";
        (await _pipe.CreateQueueAsync(queue)).Dispose();
        var first = await _pipe.EnqueueIdAsync(queue, new { n = 1 });
        var second = await _pipe.EnqueueIdAsync(queue, new { n = 2 });

        var leased = await PipeQueueApi.Json(await _pipe.DequeueAsync(queue, leaseSeconds: "60"));
        var plain = await PipeQueueApi.Json(await _pipe.DequeueAsync(queue));

        Assert.Equal(first, leased.GetProperty("id").GetString());
        Assert.Equal(second, plain.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("43201")]
    [InlineData("soon")]
    public async Task A_lease_that_is_not_1_to_43200_seconds_is_a_400_and_takes_nothing(string leaseSeconds)
    {
        var queue = "lease-bad-" + leaseSeconds;
        (await _pipe.CreateQueueAsync(queue)).Dispose();
        await _pipe.EnqueueIdAsync(queue, new { n = 1 });

        using var response = await _pipe.DequeueAsync(queue, leaseSeconds);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("lease_seconds", await PipeQueueApi.ErrorAsync(response), StringComparison.Ordinal);
        Assert.Equal(1, (await _pipe.ListQueuesAsync())[queue]);
    }

    [Theory]
    [InlineData("""{"receipt": "r"}""", "Missing required field: id")]
    [InlineData("""{"id": "x"}""", "Missing required field: receipt")]
    [InlineData("""{"id": 5, "receipt": "r"}""", "Field 'id' must be a string.")]
    public async Task Acknowledge_without_id_or_receipt_is_a_400(string body, string error)
    {
        using var response = await _pipe.PostRawAsync("/pipe/queue/any/ack", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(error, await PipeQueueApi.ErrorAsync(response));
    }

    [Fact]
    public async Task Acknowledging_an_unknown_item_is_a_404()
    {
        (await _pipe.CreateQueueAsync("lease-unknown")).Dispose();

        using var response = await _pipe.AcknowledgeAsync("lease-unknown", new { id = "0000000000000000000_00000000", receipt = "r" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
