using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace PhotonRanch.Functions.Tests.PipeQueue;

/// <summary>A thin client of the /pipe endpoints for the tests, as a PIPE machine would call them.</summary>
internal sealed class PipeQueueApi(HttpClient http)
{
    public Task<HttpResponseMessage> CreateQueueAsync(string queueName) =>
        PostJsonAsync("/pipe/queue", new { queue_name = queueName });

    public Task<HttpResponseMessage> EnqueueAsync(string queueName, object? payload = null, string? sender = null) =>
        PostJsonAsync("/pipe/enqueue", payload is null && sender is null
            ? new Dictionary<string, object?> { ["queue_name"] = queueName }
            : new Dictionary<string, object?> { ["queue_name"] = queueName, ["payload"] = payload, ["sender"] = sender ?? "tests" });

    public Task<HttpResponseMessage> PeekAsync(string queueName, string? limit = null) =>
        http.GetAsync($"/pipe/queue/{Uri.EscapeDataString(queueName)}" + (limit is null ? string.Empty : $"?limit={limit}"));

    public Task<HttpResponseMessage> DequeueAsync(string queueName, string? leaseSeconds = null) =>
        http.PostAsync(
            $"/pipe/queue/{Uri.EscapeDataString(queueName)}/dequeue" + (leaseSeconds is null ? string.Empty : $"?lease_seconds={leaseSeconds}"),
            content: null);

    /// <summary>A dequeue with a raw query string such as <c>max=4&amp;wait_seconds=2</c>.</summary>
    public Task<HttpResponseMessage> DequeueWithAsync(string queueName, string query, CancellationToken cancellationToken = default) =>
        http.PostAsync($"/pipe/queue/{Uri.EscapeDataString(queueName)}/dequeue?{query}", content: null, cancellationToken);

    public Task<HttpResponseMessage> ExtendAsync(string queueName, object body) =>
        PostJsonAsync($"/pipe/queue/{Uri.EscapeDataString(queueName)}/extend", body);

    public Task<HttpResponseMessage> ReleaseAsync(string queueName, object body) =>
        PostJsonAsync($"/pipe/queue/{Uri.EscapeDataString(queueName)}/release", body);

    public Task<HttpResponseMessage> DeadAsync(string queueName) =>
        http.GetAsync($"/pipe/queue/{Uri.EscapeDataString(queueName)}/dead");

    public Task<HttpResponseMessage> RedriveAsync(string queueName, string body = "") =>
        PostRawAsync($"/pipe/queue/{Uri.EscapeDataString(queueName)}/redrive", body);

    public Task<HttpResponseMessage> AcknowledgeAsync(string queueName, object body) =>
        PostJsonAsync($"/pipe/queue/{Uri.EscapeDataString(queueName)}/ack", body);

    public Task<HttpResponseMessage> DeleteQueueAsync(string queueName) =>
        http.DeleteAsync($"/pipe/queue/{Uri.EscapeDataString(queueName)}");

    public async Task<Dictionary<string, long>> ListQueuesAsync()
    {
        using var response = await http.GetAsync("/pipe/queues");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<Dictionary<string, long>>())!;
    }

    public Task<HttpResponseMessage> SetStatusAsync(object body) => PostJsonAsync("/pipe/status", body);

    public Task<HttpResponseMessage> GetStatusAsync(string pipeId) => http.GetAsync($"/pipe/status/{Uri.EscapeDataString(pipeId)}");

    public Task<HttpResponseMessage> ListStatusesAsync() => http.GetAsync("/pipe/statuses");

    public Task<HttpResponseMessage> DeleteStatusAsync(string pipeId) => http.DeleteAsync($"/pipe/status/{Uri.EscapeDataString(pipeId)}");

    public Task<HttpResponseMessage> PostRawAsync(string path, string body) =>
        http.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    public Task<HttpResponseMessage> PostJsonAsync(string path, object body) =>
        PostRawAsync(path, JsonSerializer.Serialize(body));

    /// <summary>Enqueues and returns the item's id, asserting success.</summary>
    public async Task<string> EnqueueIdAsync(string queueName, object payload)
    {
        using var response = await EnqueueAsync(queueName, payload);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await Json(response)).GetProperty("id").GetString()!;
    }

    /// <summary>Dequeues until the queue is empty; the ids in the order received.</summary>
    public async Task<List<string>> DrainAsync(string queueName)
    {
        var ids = new List<string>();
        while (true)
        {
            using var response = await DequeueAsync(queueName);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                Assert.Equal($"Queue is empty: {queueName}", await ErrorAsync(response));
                return ids;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            ids.Add((await Json(response)).GetProperty("id").GetString()!);
        }
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    public static async Task<string?> ErrorAsync(HttpResponseMessage response) =>
        (await Json(response)).GetProperty("error").GetString();

    public static async Task<string?> MessageAsync(HttpResponseMessage response) =>
        (await Json(response)).GetProperty("message").GetString();
}
