using System.Net;
using System.Text.Json;

namespace PhotonRanch.Functions.Tests.Infrastructure;

/// <summary>Reading the API's answers the way every test needs them.</summary>
internal static class HttpResponseAssertions
{
    /// <summary>Asserts <paramref name="status"/>, a JSON content type and CORS headers, and returns the <c>error</c> message.</summary>
    public static async Task<string> AssertErrorAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        AssertCors(response);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("error").GetString()!;
    }

    /// <summary>Asserts <paramref name="status"/> (200 by default) and returns the JSON body.</summary>
    public static async Task<JsonElement> AssertJsonAsync(this HttpResponseMessage response, HttpStatusCode status = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        AssertCors(response);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    public static void AssertCors(HttpResponseMessage response)
    {
        Assert.Equal(["*"], response.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.Equal(["true"], response.Headers.GetValues("Access-Control-Allow-Credentials"));
    }
}
