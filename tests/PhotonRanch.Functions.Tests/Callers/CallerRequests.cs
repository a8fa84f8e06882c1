using System.Net.Http.Headers;
using System.Text;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Callers;

/// <summary>
/// Requests exactly as a real client builds them: the path the client appends to its base URL (stray slashes kept,
/// as a string, so nothing normalises it), and only the headers that client sends.
/// </summary>
internal static class CallerRequests
{
    /// <summary>The web UI's origin: the browser sends it with every cross-origin call.</summary>
    public const string UiOrigin = "https://www.photonranch.org";

    /// <summary>
    /// The clients' base URL with only the host replaced (<c>https://api.photonranch.org/api</c> → <c>{host}/api</c>, the
    /// least a caller can change; docs/migration-from-aws.md) and the client's path appended as text, as
    /// <c>base + '/x'</c> does in the clients.
    /// </summary>
    public static Uri At(this ApiFixture api, string path) =>
        new(api.Client.BaseAddress!.GetLeftPart(UriPartial.Authority) + "/api" + path);

    /// <summary>An axios 0.21 call from the browser: its Accept header, the page's Origin, JSON bodies as axios sends them.</summary>
    public static async Task<HttpResponseMessage> AxiosAsync(this ApiFixture api, HttpMethod method, string path, string? json = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, api.At(path));
        request.Headers.Accept.ParseAdd("application/json, text/plain, */*");
        request.Headers.Add("Origin", UiOrigin);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json;charset=utf-8");
        }

        return await api.Client.SendAsync(request);
    }

    /// <summary>
    /// A Python <c>requests.post(url, data=body, timeout=20)</c>: a string body goes out with no Content-Type header,
    /// and no body at all is an empty one with Content-Length 0.
    /// </summary>
    public static async Task<HttpResponseMessage> PythonPostAsync(this ApiFixture api, string path, string? data = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, api.At(path));
        request.Headers.UserAgent.ParseAdd("python-requests/2.31.0");
        request.Headers.Accept.ParseAdd("*/*");
        request.Content = new ByteArrayContent(data is null ? [] : Encoding.UTF8.GetBytes(data));
        return await api.Client.SendAsync(request);
    }

    /// <summary>Python's <c>str(response)</c>, which PIPE machines search for "404".</summary>
    public static string PythonRepr(this HttpResponseMessage response) => $"<Response [{(int)response.StatusCode}]>";
}
