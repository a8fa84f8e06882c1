using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Files;

/// <summary>The files endpoints as an observatory or the web UI calls them, and the SAS URLs as a plain client uses them.</summary>
internal sealed class FilesApi(ApiFixture api)
{
    public static readonly HttpClient Outside = new();

    public Task<HttpResponseMessage> PostAsync(string path, object body) => api.Client.PostAsJsonAsync(path, body);

    public Task<HttpResponseMessage> PostRawAsync(string path, string body) =>
        api.Client.PostAsync(path, new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>Asks for an upload and PUTs <paramref name="content"/> through its direct SAS URL, as the answer's <c>put</c> says.</summary>
    public async Task UploadAsync(string objectName, byte[] content, string directory = "data")
    {
        using var response = await PostAsync("/upload", new { object_name = objectName, s3_directory = directory });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ticket = (await Json(response)).GetProperty("put");
        using var put = new HttpRequestMessage(new HttpMethod(ticket.GetProperty("method").GetString()!), ticket.GetProperty("url").GetString());
        put.Content = new ByteArrayContent(content);
        foreach (var header in ticket.GetProperty("headers").EnumerateObject())
        {
            put.Headers.Add(header.Name, header.Value.GetString());
        }

        using var uploaded = await Outside.SendAsync(put);
        Assert.Equal(HttpStatusCode.Created, uploaded.StatusCode);
    }

    /// <summary>Asks for a download URL and fetches it.</summary>
    public async Task<(Uri Url, byte[] Content, HttpResponseMessage Response)> DownloadAsync(object body)
    {
        using var response = await PostAsync("/download", body);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"/download answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var url = new Uri((await Json(response)).GetString()!);
        var fetched = await Outside.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        return (url, await fetched.Content.ReadAsByteArrayAsync(), fetched);
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
