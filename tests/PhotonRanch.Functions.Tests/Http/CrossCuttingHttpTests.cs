using System.Net;
using System.Text;
using System.Text.Json;
using PhotonRanch.Functions.Hosting;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Http;

/// <summary>Behaviour every endpoint shares, over real HTTP: CORS, preflight, JSON errors, the root and health.</summary>
public sealed class CrossCuttingHttpTests : IClassFixture<ApiFixture>
{
    private readonly ApiFixture _api;

    public CrossCuttingHttpTests(ApiFixture api)
    {
        _api = api;
    }

    [Fact]
    public async Task Root_answers_the_original_greeting_as_a_json_string_with_cors_headers()
    {
        using var response = await _api.Client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("\"New photon ranch API\"", await response.Content.ReadAsStringAsync());
        AssertCorsHeaders(response);
    }

    [Fact]
    public async Task Health_reports_blob_table_and_postgres_reachable()
    {
        using var response = await _api.Client.GetAsync("/health");
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", body.RootElement.GetProperty("status").GetString());
        var checks = body.RootElement.GetProperty("checks");
        foreach (var dependency in new[] { "blob", "table", "postgres" })
        {
            Assert.Equal("Healthy", checks.GetProperty(dependency).GetProperty("status").GetString());
        }
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/health")]
    [InlineData("/pipe/queue")]
    [InlineData("/saf/config")]
    [InlineData("/a/route/that/does/not/exist")]
    public async Task Options_preflight_answers_on_every_route(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", "https://www.photonranch.org");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type");

        using var response = await _api.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        AssertCorsHeaders(response);
        Assert.Equal(
            ["Content-Type", "X-Amz-Date", "Authorization", "X-Api-Key", "X-Amz-Security-Token", "x-correlation-id"],
            Single(response, "Access-Control-Allow-Headers").Split(','));
        Assert.Equal(CorsHeaders.AllowedMethods, Single(response, "Access-Control-Allow-Methods"));
    }

    [Fact]
    public async Task The_preflight_of_the_web_uis_authorized_json_request_allows_every_header_it_asks_for()
    {
        // What a browser sends before the UI's POST with 'Content-Type: application/json' and 'Authorization: Bearer'
        // (ptr_ui src/store/modules/user_data.js); it then checks each requested name against the allowed list,
        // case-insensitively, and never lets '*' stand for Authorization.
        using var request = new HttpRequestMessage(HttpMethod.Options, "/nightlog/saf");
        request.Headers.Add("Origin", "https://www.photonranch.org");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization,content-type,x-correlation-id");

        using var response = await _api.Client.SendAsync(request);

        var allowed = Single(response, "Access-Control-Allow-Headers").Split(',');
        Assert.DoesNotContain("*", allowed);
        Assert.All(new[] { "authorization", "content-type", "x-correlation-id" }, asked => Assert.Contains(asked, allowed, StringComparer.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("GET", "/no/such/route")]
    [InlineData("POST", "/no/such/route")]
    [InlineData("DELETE", "/definitely/not/here")]
    public async Task Unknown_route_is_a_json_404_with_cors_headers(string method, string path)
    {
        using var response = await _api.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertCorsHeaders(response);
        Assert.Contains(path, await ErrorMessage(response), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"queue_name\": }")]
    [InlineData("\u00ff\u00fe")]
    public async Task Undecodable_json_body_is_a_400_with_an_error_naming_the_problem(string body)
    {
        using var response = await _api.Client.PostAsync("/__probe/echo", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertCorsHeaders(response);
        Assert.StartsWith("Request body is not valid JSON", await ErrorMessage(response), StringComparison.Ordinal);
    }

    // Every endpoint the review found answering 500 for a lone surrogate, each with the field it reads.
    [Theory]
    [InlineData("POST", "/pipe/queue", "{\"queue_name\": \"q\\ud800\"}")]
    [InlineData("POST", "/pipe/enqueue", "{\"queue_name\": \"q\", \"payload\": {\"k\": \"\\udc00x\"}}")]
    [InlineData("POST", "/pipe/status", "{\"pipe_id\": \"p\", \"status\": \"\\ud800\"}")]
    [InlineData("POST", "/upload", "{\"object_name\": \"sro-\\ud800.fits\"}")]
    [InlineData("POST", "/download", "{\"object_name\": \"\\ud800\"}")]
    [InlineData("PUT", "/sro/config", "{\"\\ud800\": 1}")]
    public async Task A_string_with_an_unpaired_surrogate_escape_is_a_400_on_every_endpoint(string method, string path, string body)
    {
        // With a token, so that a write protected by one fails only for its body.
        using var response = await _api.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        }.WithBearer(TestTokens.Mint()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("unpaired surrogate", await ErrorMessage(response), StringComparison.Ordinal);
        Assert.Empty(await _api.RowsAsync(tables => tables.PipeQueue));
        Assert.Empty(await _api.RowsAsync(tables => tables.SiteConfigurations));
    }

    [Fact]
    public async Task Invalid_utf8_inside_a_string_is_a_400()
    {
        var body = new ByteArrayContent([.. "{\"queue_name\": \""u8, 0xC3, 0x28, .. "\"}"u8]);
        body.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        using var response = await _api.Client.PostAsync("/pipe/queue", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid Unicode", await ErrorMessage(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_number_of_megabytes_is_a_400_before_any_value_is_read()
    {
        var body = "{\"pipe_id\": \"p\", \"status\": \"s\", \"details\": {\"n\": " + new string('9', 4_000_000) + "}}";

        using var response = await _api.Client.PostAsync("/pipe/status", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($"Request body has a number longer than {JsonBody.MaxNumberLength} characters.", await ErrorMessage(response));
        Assert.Empty(await _api.RowsAsync(tables => tables.PipeQueue));
    }

    [Theory]
    [InlineData("[1, 2]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    public async Task Json_body_that_is_not_an_object_is_a_400(string body)
    {
        using var response = await _api.Client.PostAsync("/__probe/echo", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Request body must be a JSON object.", await ErrorMessage(response));
    }

    [Fact]
    public async Task Json_object_body_round_trips_and_an_empty_body_reads_as_an_empty_object()
    {
        const string body = """{"payload":{"nested":[1,2.5,"x",true,null]},"n":12345678901234}""";
        using var echoed = await _api.Client.PostAsync("/__probe/echo", new StringContent(body, Encoding.UTF8, "application/json"));
        using var empty = await _api.Client.PostAsync("/__probe/echo", new StringContent(string.Empty));

        Assert.Equal(HttpStatusCode.OK, echoed.StatusCode);
        Assert.Equal(body, await echoed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, empty.StatusCode);
        Assert.Equal("{}", await empty.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Body_over_the_limit_is_a_413()
    {
        var huge = "{\"x\":\"" + new string('a', JsonBody.MaxBytes) + "\"}";
        using var response = await _api.Client.PostAsync("/__probe/echo", new StringContent(huge, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than", await ErrorMessage(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unhandled_exception_is_a_500_without_internals_and_is_logged_with_the_correlation_id()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/__probe/throw");
        request.Headers.Add(CorrelationId.HeaderName, "probe-500-check");

        using var response = await _api.Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(text);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        AssertCorsHeaders(response);
        Assert.Equal("Internal server error.", body.RootElement.GetProperty("error").GetString());
        Assert.Equal("probe-500-check", body.RootElement.GetProperty("correlation_id").GetString());
        Assert.Equal("probe-500-check", Single(response, CorrelationId.HeaderName));
        Assert.DoesNotContain("hunter2", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PipelineProbeFunctions", text, StringComparison.Ordinal);
        Assert.Contains(
            _api.Logs.Entries,
            entry => entry.Level == Microsoft.Extensions.Logging.LogLevel.Error
                && entry.Exception?.Message == PipelineProbeFunctions.SecretInExceptionMessage
                && Equals(entry.Values.GetValueOrDefault("CorrelationId"), "probe-500-check"));
    }

    [Fact]
    public async Task Route_values_reach_string_parameters_by_name()
    {
        using var response = await _api.Client.GetAsync("/__probe/route/saf/2");

        Assert.Equal("""{"site":"saf","channel":"2"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_caller_correlation_id_that_is_not_a_plain_token_is_replaced()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.TryAddWithoutValidation(CorrelationId.HeaderName, "<script>alert(1)</script>");

        using var response = await _api.Client.SendAsync(request);

        var echoed = Single(response, CorrelationId.HeaderName);
        Assert.False(string.IsNullOrEmpty(echoed));
        Assert.DoesNotContain("<", echoed, StringComparison.Ordinal);
    }

    private static void AssertCorsHeaders(HttpResponseMessage response)
    {
        Assert.Equal("*", Single(response, "Access-Control-Allow-Origin"));
        Assert.Equal("true", Single(response, "Access-Control-Allow-Credentials"));
    }

    private static string Single(HttpResponseMessage response, string header) =>
        Assert.Single(response.Headers.TryGetValues(header, out var values) ? values : []);

    private static async Task<string?> ErrorMessage(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("error").GetString();
    }
}
