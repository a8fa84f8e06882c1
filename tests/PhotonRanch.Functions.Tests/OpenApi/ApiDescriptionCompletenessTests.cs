using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using PhotonRanch.Functions.Hosting;
using PhotonRanch.Functions.OpenApi;

namespace PhotonRanch.Functions.Tests.OpenApi;

/// <summary>
/// Every HTTP function of the app stays described in <c>GET /openapi.json</c> (the catch-alls and the document
/// itself aside): it declares a 2xx <see cref="ApiResponseAttribute"/>; a <c>POST</c> or <c>PUT</c> function declares
/// its body with <see cref="ApiRequestBodyAttribute"/> or that it reads none with
/// <see cref="ApiNoRequestBodyAttribute"/>; every example is valid JSON; and no status code is declared twice (the
/// second would silently replace the first). A new function fails here until its attributes say what it answers.
/// </summary>
public sealed class ApiDescriptionCompletenessTests
{
    [Fact]
    public void Every_http_function_of_the_app_declares_a_success_answer_its_body_and_valid_json_examples()
    {
        var functions = HttpFunctionCatalog.ForApp().Functions
            .Where(function => !OpenApiDocumentTests.Undescribed.Contains(function.Name))
            .ToList();

        Assert.NotEmpty(functions);
        Assert.Empty(functions.SelectMany(Problems));
    }

    [Fact]
    public void The_check_names_each_gap_of_an_incompletely_described_function()
    {
        var method = typeof(IncompletelyDescribed).GetMethod(nameof(IncompletelyDescribed.Write))!;
        var function = new HttpFunction("Incomplete", typeof(IncompletelyDescribed), method, "incomplete", ["POST"], method.GetParameters()[0]);

        Assert.Equal(
            [
                "Incomplete: no [ApiResponse] for a 2xx answer",
                "Incomplete: [ApiResponse] 400 is declared 2 times",
                "Incomplete: POST without [ApiRequestBody] or [ApiNoRequestBody]",
                "Incomplete: the example of [ApiResponse] 400 is not valid JSON",
            ],
            Problems(function).Select(problem => problem.Split(" (", 2)[0]));
    }

    private static IEnumerable<string> Problems(HttpFunction function)
    {
        var method = function.Method;
        var responses = method.GetCustomAttributes<ApiResponseAttribute>().ToList();
        var body = method.GetCustomAttribute<ApiRequestBodyAttribute>();
        var noBody = method.GetCustomAttribute<ApiNoRequestBodyAttribute>() is not null;

        if (!responses.Any(response => response.StatusCode is >= 200 and < 300))
        {
            yield return $"{function.Name}: no [ApiResponse] for a 2xx answer";
        }

        foreach (var duplicate in responses.GroupBy(response => response.StatusCode).Where(group => group.Count() > 1))
        {
            yield return $"{function.Name}: [ApiResponse] {duplicate.Key} is declared {duplicate.Count()} times";
        }

        // An empty method list means every method, POST and PUT included.
        var takesBody = function.HttpMethods.Count == 0 || function.HttpMethods.Any(httpMethod => httpMethod is "POST" or "PUT");
        if (takesBody && body is null && !noBody)
        {
            yield return $"{function.Name}: {string.Join('/', function.HttpMethods)} without [ApiRequestBody] or [ApiNoRequestBody]";
        }

        if (body is not null && noBody)
        {
            yield return $"{function.Name}: both [ApiRequestBody] and [ApiNoRequestBody]";
        }

        var examples = responses.Select(response => ($"[ApiResponse] {response.StatusCode}", response.Example))
            .Prepend(("[ApiRequestBody]", body?.Example));
        foreach (var (source, example) in examples)
        {
            if (example is not null && JsonProblem(example) is { } problem)
            {
                yield return $"{function.Name}: the example of {source} is not valid JSON ({problem})";
            }
        }
    }

    private static string? JsonProblem(string example)
    {
        try
        {
            JsonDocument.Parse(example).Dispose();
            return null;
        }
        catch (JsonException exception)
        {
            return exception.Message;
        }
    }

    /// <summary>A POST function with every gap the check must find; it has no <c>[Function]</c>, so no host maps it.</summary>
    private static class IncompletelyDescribed
    {
        /// <summary>Writes nothing.</summary>
        [ApiResponse(StatusCodes.Status400BadRequest, "Refused.", Example = "{'error': 'single quotes'}")]
        [ApiResponse(StatusCodes.Status400BadRequest, "Refused again.")]
        public static void Write(HttpRequest request)
        {
        }
    }
}
