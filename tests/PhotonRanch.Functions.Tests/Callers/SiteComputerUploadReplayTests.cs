using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Images;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Callers;

/// <summary>
/// The site computers' uploads (LCOGT/ptr-observatory), replayed as they make them: <c>authenticated_request("POST",
/// "/upload/", {...})</c> sends <c>json.dumps(payload)</c> with no Content-Type to <c>{base}//upload/</c> and reads
/// <c>resp["url"]</c> and <c>resp["fields"]</c>; then <c>requests.post(resp["url"], data=resp["fields"],
/// files={"file": (filepath, fileobj)})</c> sends a multipart/form-data POST (fields, then the file part with the
/// local path as its filename and no Content-Type), and only the status, 204, is read.
/// </summary>
public sealed class SiteComputerUploadReplayTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task The_nightly_token_upload_answers_204_and_stores_the_token()
    {
        // ptr-observatory obs.py:2646 — {"object_name": filename}; success is "204" in str(response).
        var token = "sro-20240501.token"u8.ToArray();

        var (url, fields) = await AskAsync(api.Client.BaseAddress!, """{"object_name": "sro-20240501.token"}""");
        using var posted = await PostFormAsync(url, fields, @"C:\ptr\tokens\sro-20240501.token", token);

        Assert.Equal(HttpStatusCode.NoContent, posted.StatusCode);
        Assert.Empty(await posted.Content.ReadAsByteArrayAsync());
        Assert.Equal("*", posted.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("data/sro-20240501.token", fields["key"]);
        Assert.Equal(token, await BlobContentAsync("data/sro-20240501.token"));
    }

    [Fact]
    public async Task A_large_image_upload_is_stored_whole_and_ingested()
    {
        // ptr-observatory obs.py:4229, obs.py:4312 and support_info/jpegflinger.py:237 — {"object_name": filename},
        // then the form POST; the answer is not read (a timeout re-queues the file).
        var file = Pattern(9 * 1024 * 1024 + 17);

        var (url, fields) = await AskAsync(api.Client.BaseAddress!, """{"object_name": "rpl-kb001ms-20240501-00000007-EX01.fits.fz"}""");
        using var posted = await PostFormAsync(url, fields, "/home/ptr/archive/rpl-kb001ms-20240501-00000007-EX01.fits.fz", file);

        Assert.Equal(HttpStatusCode.NoContent, posted.StatusCode);
        Assert.Equal(file, await BlobContentAsync("data/rpl-kb001ms-20240501-00000007-EX01.fits.fz"));
        Assert.Equal("rpl-kb001ms-20240501-00000007-EX01.fits.fz", await EventuallyAsync(async () =>
            (await api.RowsAsync(t => t.RecentUploadsLog)).Select(row => row.GetString("filename"))
                .FirstOrDefault(name => name == "data/rpl-kb001ms-20240501-00000007-EX01.fits.fz")?[5..]));
    }

    [Theory]
    [InlineData("""{"object_name": "rpl-kb001ms-20240501-00000008-EX10.jpg", "s3_directory": "data"}""", "data/rpl-kb001ms-20240501-00000008-EX10.jpg")]
    [InlineData("""{"object_name": "rpl-kb001ms-20240501-00000008-EX10.jpg", "s3_directory": "info-images", "info_channel": 2}""", "info-images/rpl-kb001ms-20240501-00000008-EX10.jpg")]
    public async Task An_image_or_info_image_upload_replaces_what_was_stored_at_its_key(string body, string key)
    {
        // ptr-observatory obs.py:4152 — {"object_name", "s3_directory": "data"}, or "info-images" with "info_channel".
        await Container().GetBlobClient(key).UploadAsync(new BinaryData("old"u8.ToArray()), overwrite: true);
        var file = Pattern(300_000);

        var (url, fields) = await AskAsync(api.Client.BaseAddress!, body);
        using var posted = await PostFormAsync(url, fields, @"D:\ptr\smalljpgs\rpl-kb001ms-20240501-00000008-EX10.jpg", file);

        Assert.Equal(HttpStatusCode.NoContent, posted.StatusCode);
        Assert.Equal(key, fields["key"]);
        Assert.Equal(file, await BlobContentAsync(key));
    }

    [Theory]
    [InlineData("key", "data/someone-elses-file.fits.fz")]
    [InlineData("signature", "0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("policy", "eyJleHBpcmF0aW9uIjoiMjA5OS0wMS0wMVQwMDowMDowMC4wMDBaIiwiY29uZGl0aW9ucyI6W3sia2V5IjoiZGF0YS9hbnkifV19")]
    public async Task A_changed_field_is_refused_with_403_and_nothing_is_stored(string field, string value)
    {
        // ptr-observatory obs.py:4152 — the same two calls, with one field of resp["fields"] changed on the way.
        var (url, fields) = await AskAsync(api.Client.BaseAddress!, """{"object_name": "rpl-kb001ms-20240501-00000009-EX10.jpg"}""");
        fields[field] = value;

        using var posted = await PostFormAsync(url, fields, "rpl-kb001ms-20240501-00000009-EX10.jpg", Pattern(1000));

        Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        Assert.False(string.IsNullOrEmpty((await FilesJson(posted)).GetProperty("error").GetString()));
        Assert.False(await Container().GetBlobClient("data/rpl-kb001ms-20240501-00000009-EX10.jpg").ExistsAsync());
        Assert.False(await Container().GetBlobClient("data/someone-elses-file.fits.fz").ExistsAsync());
    }

    [Fact]
    public async Task A_policy_used_after_its_300_seconds_is_refused_with_403_and_nothing_is_stored()
    {
        // ptr-observatory obs.py:4229 — the form POST of a file queued for longer than the policy lives.
        var clock = new SettableClock(DateTimeOffset.UtcNow);
        await using var host = await AlternateApiHost.StartAsync(api, new Dictionary<string, string?>(), services => services.AddSingleton<TimeProvider>(clock));
        var (late, lateFields) = await AskAsync(host.Client.BaseAddress!, """{"object_name": "rpl-kb001ms-20240501-00000010-EX10.jpg"}""");
        var (timely, timelyFields) = await AskAsync(host.Client.BaseAddress!, """{"object_name": "rpl-kb001ms-20240501-00000011-EX10.jpg"}""");

        clock.Advance(TimeSpan.FromSeconds(299));
        using var inTime = await PostFormAsync(timely, timelyFields, "rpl-kb001ms-20240501-00000011-EX10.jpg", Pattern(1000));
        clock.Advance(TimeSpan.FromSeconds(2));
        using var expired = await PostFormAsync(late, lateFields, "rpl-kb001ms-20240501-00000010-EX10.jpg", Pattern(1000));

        Assert.Equal(HttpStatusCode.NoContent, inTime.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, expired.StatusCode);
        Assert.Contains("expired", (await FilesJson(expired)).GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.False(await Container().GetBlobClient("data/rpl-kb001ms-20240501-00000010-EX10.jpg").ExistsAsync());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_file_larger_than_the_policy_allows_is_refused_with_413_and_nothing_is_stored(bool withContentLength)
    {
        // ptr-observatory obs.py:4229 — the form POST, of a file over the limit; requests sends a Content-Length, a
        // streaming client may not.
        await using var host = await AlternateApiHost.StartAsync(api, new Dictionary<string, string?> { ["Uploads:MaxFileBytes"] = "1048576" });
        var name = $"rpl-kb001ms-20240501-0000001{(withContentLength ? 2 : 3)}-EX01.fits.fz";
        var (url, fields) = await AskAsync(host.Client.BaseAddress!, $$"""{"object_name": "{{name}}"}""");

        using var posted = await PostFormAsync(url, fields, name, Pattern(2 * 1024 * 1024), withContentLength);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, posted.StatusCode);
        Assert.Equal(1048576, PolicyJson(fields).GetProperty("conditions")[1][2].GetInt64());
        Assert.False(await Container().GetBlobClient($"data/{name}").ExistsAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_connection_dropped_mid_upload_leaves_no_blob_and_an_existing_one_unchanged(bool existing)
    {
        // ptr-observatory obs.py:4229 — the form POST of a 12 MiB file, cut off after 6 MiB ("RemoteDisconnected").
        var key = $"data/rpl-kb001ms-20240501-0000002{(existing ? 1 : 0)}-EX01.fits.fz";
        if (existing)
        {
            await Container().GetBlobClient(key).UploadAsync(new BinaryData("old"u8.ToArray()), overwrite: true);
        }

        var (url, fields) = await AskAsync(api.Client.BaseAddress!, $$"""{"object_name": "{{key[5..]}}"}""");
        var file = Pattern(12 * 1024 * 1024);
        var (head, tail) = RequestsMultipart(fields, key[5..]);
        using (var socket = new TcpClient())
        {
            await socket.ConnectAsync(url.Host, url.Port);
            var stream = socket.GetStream();
            var request = $"POST {url.PathAndQuery} HTTP/1.1\r\nHost: {url.Authority}\r\nContent-Type: multipart/form-data; boundary={Boundary}\r\n" +
                $"Content-Length: {head.Length + file.Length + tail.Length}\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
            await stream.WriteAsync(head);
            await stream.WriteAsync(file.AsMemory(0, 6 * 1024 * 1024));
            await stream.FlushAsync();

            // Until the receiver has staged a block of this upload, so the drop happens mid-store.
            await EventuallyAsync(async () => await StagedBlocksAsync(key) > 0 ? "staged" : null);
            socket.Client.LingerState = new LingerOption(true, 0);
        }

        var stopped = await EventuallyAsync(() => Task.FromResult(api.Logs.Entries.FirstOrDefault(e =>
            e.EventId.Name == "UploadNotStored" && Equals(e.Values.GetValueOrDefault("BlobName"), key))));
        Assert.True((long)stopped.Values["Bytes"]! > 0);
        if (existing)
        {
            Assert.Equal("old"u8.ToArray(), await BlobContentAsync(key));
        }
        else
        {
            Assert.False(await Container().GetBlobClient(key).ExistsAsync());
        }
    }

    private const string Boundary = "8d5f0c2b9e3a4f61a7b0c3d2e1f09a8b";

    private static readonly HttpClient Outside = new() { Timeout = TimeSpan.FromMinutes(2) };

    // authenticated_request: requests.request(method, f"{base_url}/{uri}", data=json.dumps(payload)) with base_url
    // "https://api.photonranch.org/api" — only its host changes — so the uri "/upload/" after the base's own slash
    // makes "/api//upload/"; a str body carries no Content-Type.
    private static async Task<(Uri Url, Dictionary<string, string> Fields)> AskAsync(Uri address, string json)
    {
        const string uri = "/upload/";
        var baseUrl = $"{address.Scheme}://{address.Authority}/api";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"{baseUrl}/{uri}")) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)) };
        using var response = await Outside.SendAsync(request);
        Assert.Null(request.Content.Headers.ContentType);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await FilesJson(response);
        var fields = answer.GetProperty("fields").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!);
        return (new Uri(answer.GetProperty("url").GetString()!), fields);
    }

    // requests.post(url, data=fields, files={"file": (path, f)}): urllib3's encode_multipart_formdata — each field a
    // form-data part without a Content-Type, then the file part named "file" with the path as filename and none either.
    private static async Task<HttpResponseMessage> PostFormAsync(Uri url, Dictionary<string, string> fields, string path, byte[] file, bool withContentLength = true)
    {
        var (head, tail) = RequestsMultipart(fields, path);
        var body = new MemoryStream([.. head, .. file, .. tail]);
        HttpContent content = withContentLength ? new StreamContent(body) : new StreamContent(new UnseekableStream(body));
        content.Headers.TryAddWithoutValidation("Content-Type", $"multipart/form-data; boundary={Boundary}");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        return await Outside.SendAsync(request);
    }

    private static (byte[] Head, byte[] Tail) RequestsMultipart(Dictionary<string, string> fields, string path)
    {
        var head = new StringBuilder();
        foreach (var (name, value) in fields)
        {
            head.Append($"--{Boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n");
        }

        head.Append($"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{path.Replace("\\", "\\\\", StringComparison.Ordinal)}\"\r\n\r\n");
        return (Encoding.UTF8.GetBytes(head.ToString()), Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n"));
    }

    private async Task<int> StagedBlocksAsync(string key)
    {
        try
        {
            return (await Container().GetBlockBlobClient(key).GetBlockListAsync(BlockListTypes.Uncommitted)).Value.UncommittedBlocks.Count();
        }
        catch (Azure.RequestFailedException missing) when (missing.Status == 404)
        {
            return 0;
        }
    }

    private static JsonElement PolicyJson(Dictionary<string, string> fields)
    {
        using var document = JsonDocument.Parse(Convert.FromBase64String(fields["policy"]));
        return document.RootElement.Clone();
    }

    private static async Task<JsonElement> FilesJson(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private static byte[] Pattern(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 31 % 251)).ToArray();

    private BlobContainerClient Container() =>
        api.Services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(api.Services.GetRequiredService<IOptions<StorageOptions>>().Value.ContainerName);

    private async Task<byte[]> BlobContentAsync(string key) => (await Container().GetBlobClient(key).DownloadContentAsync()).Value.Content.ToArray();

    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe)
        where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            Assert.True(DateTime.UtcNow < deadline, "The expected state was not reached in time.");
            await Task.Delay(100);
        }
    }

    private sealed class SettableClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public void Advance(TimeSpan by) => _now += by;

        public override DateTimeOffset GetUtcNow() => _now;
    }

    // Hides the length, so HttpClient sends the body chunked, as a streaming client would.
    private sealed class UnseekableStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override void Flush() => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
