using System.Text;

namespace PhotonRanch.Functions.Tests.Infrastructure;

/// <summary>Requests with an optional bearer token and JSON body, as the protected endpoints' tests send them.</summary>
internal static class ApiRequests
{
    public static async Task<HttpResponseMessage> SendJsonAsync(this ApiFixture api, HttpMethod method, string path, string? token, string? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.WithBearer(token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await api.Client.SendAsync(request);
    }
}
