using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.PipeQueue;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Infrastructure;
using PhotonRanch.Functions.Tests.PipeQueue;

namespace PhotonRanch.Functions.Tests.Storage;

/// <summary>
/// Listings are bounded: a page holds at most <see cref="TablePage.MaxRows"/> rows or <see cref="TablePage.MaxBytes"/>
/// stored bytes, keeps the shape old callers read, and hands out a cursor (<c>X-Next-Cursor</c>, <c>Link</c>) that
/// reaches the rest, every row exactly once.
/// </summary>
public sealed class BoundedListingTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _api;

    public BoundedListingTests(ApiFixture api)
    {
        _api = api;
    }

    [Fact]
    public async Task Pages_of_a_table_listing_resume_after_their_cursor_and_read_every_row_once()
    {
        var table = new TableServiceClient(TestEnvironment.StorageConnectionString).GetTableClient("pages" + Guid.NewGuid().ToString("N")[..12]);
        await table.CreateAsync();
        try
        {
            var keys = new List<string>();
            foreach (var partition in new[] { "a", "b", "c" })
            {
                for (var row = 0; row < 7; row++)
                {
                    await table.AddEntityAsync(new TableEntity(partition, $"r{row:D2}") { ["size"] = new string('x', 10) });
                    keys.Add($"{partition}/r{row:D2}");
                }
            }

            var read = new List<string>();
            TableCursor? cursor = null;
            var pages = 0;
            do
            {
                var page = await TablePage.ReadAsync(table, filter: null, cursor, maxRows: 5, maxBytes: long.MaxValue, TablePage.StoredSize, CancellationToken.None);
                Assert.InRange(page.Rows.Count, 1, 5);
                read.AddRange(page.Rows.Select(row => $"{row.PartitionKey}/{row.RowKey}"));
                Assert.True(page.Next is null || TableCursor.TryParse(page.Next.ToString(), out _));
                cursor = page.Next is null ? null : TableCursor.TryParse(page.Next.ToString(), out var parsed) ? parsed : null;
                pages++;
            }
            while (cursor is not null);

            Assert.Equal(keys, read);
            Assert.Equal(5, pages);
        }
        finally
        {
            await table.DeleteAsync();
        }
    }

    [Fact]
    public async Task Statuses_over_the_byte_bound_come_in_pages_linked_by_their_cursor()
    {
        var pipe = new PipeQueueApi(_api.Client);
        var details = new { log = new string('d', 700_000) };
        var ids = Enumerable.Range(0, 8).Select(i => $"big-{i}").ToList();
        foreach (var id in ids)
        {
            using var set = await pipe.SetStatusAsync(new { pipe_id = id, status = "busy", details });
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        var seen = new List<string>();
        var next = "/pipe/statuses";
        var pages = 0;
        while (next is not null)
        {
            using var response = await _api.Client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal(JsonValueKind.Array, body.RootElement.ValueKind);
            Assert.InRange(body.RootElement.GetArrayLength() * 700_000L, 700_000, TablePage.MaxBytes);
            seen.AddRange(body.RootElement.EnumerateArray().Select(status => status.GetProperty("pipe_id").GetString()!));
            next = null;
            if (response.Headers.TryGetValues(ApiResults.NextCursorHeader, out var cursor))
            {
                var link = response.Headers.GetValues("Link").Single();
                Assert.Equal($"</pipe/statuses?cursor={Uri.EscapeDataString(cursor.Single())}>; rel=\"next\"", link);
                next = link[1..link.IndexOf('>', StringComparison.Ordinal)];
            }

            pages++;
        }

        Assert.Equal(ids, seen);
        Assert.True(pages >= 2, $"8 statuses of 700 KB should need more than one page of {TablePage.MaxBytes} bytes");
    }

    [Fact]
    public async Task Queue_counts_stop_at_their_cap_and_a_page_ends_once_it_has_counted_enough_keys()
    {
        var pipe = new PipeQueueApi(_api.Client);
        var sizes = new Dictionary<string, int> { ["cap-a"] = PipeQueueTable.MaxCountedItemsPerQueue + 1, ["cap-b"] = PipeQueueTable.MaxCountedItemsPerQueue, ["cap-c"] = 1 };
        var table = _api.Services.GetRequiredService<TableServiceClient>()
            .GetTableClient(_api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Tables.PipeQueue);
        foreach (var (queue, items) in sizes)
        {
            (await pipe.CreateQueueAsync(queue)).Dispose();
            foreach (var chunk in Enumerable.Range(0, items).Chunk(100))
            {
                await table.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(
                    TableTransactionActionType.Add, new TableEntity(PipeQueueKeys.QueuePartition(queue), PipeQueueKeys.ItemRowKey($"{i:D6}")))));
            }
        }

        var pages = new List<Dictionary<string, long>>();
        var next = "/pipe/queues";
        while (next is not null)
        {
            using var response = await _api.Client.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            pages.Add((await response.Content.ReadFromJsonAsync<Dictionary<string, long>>())!);
            next = response.Headers.TryGetValues(ApiResults.NextCursorHeader, out var cursor) ? $"/pipe/queues?cursor={Uri.EscapeDataString(cursor.Single())}" : null;
        }

        var counts = pages.SelectMany(page => page).ToDictionary();
        Assert.Equal(PipeQueueTable.MaxCountedItemsPerQueue, counts["cap-a"]);
        Assert.Equal(PipeQueueTable.MaxCountedItemsPerQueue, counts["cap-b"]);
        Assert.Equal(1, counts["cap-c"]);
        Assert.Equal(2, pages.Count);
        Assert.Equal(["cap-a", "cap-b"], pages[0].Keys.Order());
    }

    [Theory]
    [InlineData("/pipe/statuses?cursor=not-a-cursor!")]
    [InlineData("/pipe/queues?cursor=%25")]
    [InlineData("/all/config?cursor=YQ")]
    [InlineData("/recentuploads?site=all&cursor=~")]
    public async Task A_cursor_this_api_did_not_hand_out_is_a_400(string path)
    {
        using var response = await _api.Client.GetAsync(path);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("cursor", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ordinary_listings_answer_as_before_without_a_cursor()
    {
        using (var put = await _api.Client.PutAsync("/saf/config", new StringContent("""{"latitude": 1}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        using var response = await _api.Client.GetAsync("/all/config");

        Assert.Equal("""{"saf":{"latitude":1}}""", await response.Content.ReadAsStringAsync());
        Assert.False(response.Headers.Contains(ApiResults.NextCursorHeader));
    }
}
