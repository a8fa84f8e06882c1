using System.Text.Json.Nodes;
using Azure.Data.Tables;
using PhotonRanch.Functions.LocalHost;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.Tests.Ingestion;

/// <summary>The local poller's bookkeeping of which blobs it has ingested.</summary>
public sealed class BlobWatermarkTests
{
    private static readonly DateTimeOffset T0 = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Everything_is_pending_at_the_start_oldest_first()
    {
        var listed = new[] { Blob("b", 2), Blob("a", 1), Blob("c", 1) };

        Assert.Equal(["a", "c", "b"], BlobWatermark.Start.Pending(listed).Select(blob => blob.Name));
    }

    [Fact]
    public void Blobs_done_are_not_pending_again_but_a_late_listed_blob_of_the_same_second_is()
    {
        var first = BlobWatermark.Start.Advance([Blob("a", 10), Blob("b", 10)], []);

        Assert.Empty(first.Pending([Blob("a", 10), Blob("b", 10)]));
        Assert.Equal(["late"], first.Pending([Blob("a", 10), Blob("b", 10), Blob("late", 10), Blob("older", 3)]).Select(blob => blob.Name));
        Assert.Equal(T0.AddSeconds(10), first.Watermark);
    }

    [Fact]
    public void A_rewritten_blob_is_pending_again()
    {
        var state = BlobWatermark.Start.Advance([Blob("a", 10)], []);

        Assert.Equal(["a"], state.Pending([Blob("a", 11)]).Select(blob => blob.Name));
    }

    [Fact]
    public void A_failed_blob_holds_the_watermark_and_is_retried_while_done_ones_are_not()
    {
        var state = BlobWatermark.Start.Advance([Blob("ok1", 1), Blob("ok2", 100)], [Blob("failed", 50)]);

        Assert.Equal(T0.AddSeconds(50), state.Watermark);
        Assert.Equal(["failed"], state.Pending([Blob("ok1", 1), Blob("failed", 50), Blob("ok2", 100)]).Select(blob => blob.Name));
    }

    [Fact]
    public void Done_keys_older_than_the_overlap_are_forgotten()
    {
        var state = BlobWatermark.Start.Advance([Blob("old", 0)], []).Advance([Blob("new", 60)], []);

        Assert.Equal([BlobWatermark.Key("new", T0.AddSeconds(60))], state.Done);
    }

    private static ListedBlob Blob(string name, int seconds) => new(name, T0.AddSeconds(seconds));

    [Fact]
    public void Long_names_make_keys_no_longer_and_a_burst_keeps_only_the_newest_keys_so_the_state_always_fits()
    {
        var burst = Enumerable.Range(0, BlobWatermark.MaxDone + 500)
            .Select(i => new ListedBlob("data/" + new string('x', 1_000) + i, T0.AddMilliseconds(i / 10)))
            .ToList();

        var state = BlobWatermark.Start.Advance(burst, []);

        Assert.Equal(BlobWatermark.MaxDone, state.Done.Count);
        Assert.All(state.Done, key => Assert.True(key.Length <= 90, key));
        Assert.Contains(BlobWatermark.Key(burst[^1].Name, burst[^1].LastModified), state.Done);
        Assert.DoesNotContain(BlobWatermark.Key(burst[0].Name, burst[0].LastModified), state.Done);

        // The poller stores the keys as one JSON array in its state row; Set throws when that would not fit.
        TableJsonProperty.Set(new TableEntity("state", "data"), "done", new JsonArray([.. state.Done.Select(key => (JsonNode?)key)]));
    }
}
