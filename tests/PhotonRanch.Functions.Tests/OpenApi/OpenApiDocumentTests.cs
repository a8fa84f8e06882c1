using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using PhotonRanch.Functions.Hosting;
using PhotonRanch.Functions.OpenApi;
using PhotonRanch.Functions.Root;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.OpenApi;

/// <summary>
/// <c>GET /openapi.json</c> is a valid OpenAPI 3 document generated from the functions: every HTTP function of the
/// app is in it with its path, methods and path parameters (new functions appear without a change here), except
/// the CORS preflight, the JSON 404, the document itself and its reference page.
/// </summary>
public sealed partial class OpenApiDocumentTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    /// <summary>The functions the document leaves out: the CORS preflight, the JSON 404 and the document itself.</summary>
    internal static readonly string[] Undescribed = ["Preflight", ApiRootFunctions.FallbackName, "OpenApiDocument", "ApiReferencePage", "ApiReferenceScript"];

    [Fact]
    public async Task Openapi_json_is_a_valid_openapi_3_0_document_served_as_json_with_cors_headers()
    {
        using var response = await api.Client.GetAsync("/openapi.json");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var (document, diagnostic) = OpenApiDocument.Parse(text, OpenApiConstants.Json);
        Assert.NotNull(diagnostic);
        Assert.Empty(diagnostic.Errors);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_0, diagnostic.SpecificationVersion);
        Assert.Equal(ApiDescriptionFactory.Title, document!.Info.Title);
    }

    [Fact]
    public async Task Every_http_function_of_the_app_is_an_operation_with_its_path_methods_and_path_parameters()
    {
        var document = await FetchDocumentAsync();
        var functions = HttpFunctionCatalog.ForApp().Functions.Where(function => !Undescribed.Contains(function.Name)).ToList();

        Assert.NotEmpty(functions);
        Assert.All(functions, function =>
        {
            // The root's route is a template that matches only "/".
            var route = function.Route == ApiRootFunctions.RootRoute ? string.Empty : function.Route;
            var path = "/" + RouteParameter().Replace(route, match => "{" + match.Groups["name"].Value + "}");
            Assert.True(document.Paths.TryGetValue(path, out var pathItem), $"{function.Name}: {path} is not in the document");
            Assert.All(function.HttpMethods, method =>
            {
                var operation = pathItem!.Operations![new HttpMethod(method)];
                Assert.Equal(function.Name, operation.OperationId);
                Assert.False(string.IsNullOrWhiteSpace(operation.Summary), $"{function.Name} has no summary (its XML doc comment)");
                Assert.Equal(
                    RouteParameter().Matches(route).Select(match => match.Groups["name"].Value).Order(StringComparer.Ordinal),
                    (operation.Parameters ?? []).Where(p => p.In == ParameterLocation.Path).Select(p => p.Name!).Order(StringComparer.Ordinal));
            });
        });
    }

    [Fact]
    public async Task The_catch_all_functions_and_the_document_itself_are_left_out()
    {
        var document = await FetchDocumentAsync();
        var operationIds = document.Paths.Values.SelectMany(path => path.Operations!.Values).Select(operation => operation.OperationId).ToList();

        Assert.All(Undescribed, name => Assert.DoesNotContain(name, operationIds));
        Assert.DoesNotContain("/{path}", document.Paths.Keys);
        Assert.DoesNotContain("/openapi.json", document.Paths.Keys);
    }

    [Fact]
    public async Task Operations_carry_their_xml_doc_summaries_and_declared_answers()
    {
        var document = await FetchDocumentAsync();
        var root = document.Paths["/"].Operations![HttpMethod.Get];
        var health = document.Paths["/health"].Operations![HttpMethod.Get];

        Assert.Contains("New photon ranch API", root.Summary, StringComparison.Ordinal);
        Assert.Equal(JsonSchemaType.String, root.Responses!["200"].Content!["application/json"].Schema!.Type);
        Assert.Equal(["200", "503", "default"], health.Responses!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(JsonSchemaType.Object, health.Responses["503"].Content!["application/json"].Schema!.Type);
        Assert.Equal("Health", Assert.Single(health.Tags!).Name);
    }

    [Fact]
    public async Task Query_parameters_bodies_answers_and_path_parameter_texts_come_from_the_attributes_and_xml_docs()
    {
        var document = await FetchDocumentAsync();
        var path = document.Paths["/__probe/described/{site}"];
        var read = path.Operations![HttpMethod.Get];
        var write = path.Operations[HttpMethod.Put];

        var site = Assert.Single(read.Parameters!, p => p.In == ParameterLocation.Path);
        Assert.Equal("The site code, e.g. `sro`.", site.Description);
        Assert.Equal(
            [("limit", false), ("userid", true)],
            read.Parameters!.Where(p => p.In == ParameterLocation.Query).Select(p => (p.Name!, p.Required)).OrderBy(p => p.Item1, StringComparer.Ordinal));
        Assert.Equal(JsonSchemaType.Array, read.Responses!["200"].Content!["application/json"].Schema!.Type);
        Assert.Equal(JsonSchemaType.String, read.Responses["403"].Content!["application/json"].Schema!.Type);
        Assert.Equal(ApiDescriptionFactory.ErrorSchemaName, Assert.IsType<OpenApiSchemaReference>(read.Responses["404"].Content!["application/json"].Schema).Reference.Id);
        Assert.Null(read.RequestBody);

        Assert.True(write.RequestBody!.Required);
        Assert.Equal(JsonSchemaType.Object, write.RequestBody.Content!["application/json"].Schema!.Type);
        Assert.Null(write.Responses!["204"].Content);
        Assert.Equal("DescribedProbe", Assert.Single(write.Tags!).Name);
    }

    [Fact]
    public async Task The_services_query_parameters_bodies_and_answers_are_described()
    {
        var document = await FetchDocumentAsync();
        var dequeue = document.Paths["/pipe/queue/{queue_name}/dequeue"].Operations![HttpMethod.Post];
        var enqueue = document.Paths["/pipe/enqueue"].Operations![HttpMethod.Post];
        var filtered = document.Paths["/filtered_images"].Operations![HttpMethod.Get];
        var moon = document.Paths["/events/moon/rise-set-illum"].Operations![HttpMethod.Get];

        Assert.Equal(["lease_seconds", "max", "wait_seconds"], dequeue.Parameters!.Where(p => p.In == ParameterLocation.Query).Select(p => p.Name));
        Assert.Null(dequeue.RequestBody);
        Assert.Equal(["200", "400", "404", "503", "default"], dequeue.Responses!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["200", "400", "404", "413", "503", "default"], enqueue.Responses!.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(JsonSchemaType.Object, enqueue.RequestBody!.Content!["application/json"].Schema!.Type);
        Assert.StartsWith("`POST /pipe/enqueue` `{queue_name", enqueue.Summary, StringComparison.Ordinal);
        Assert.Equal(
            ["end_date", "exposure_time_max", "exposure_time_min", "filename", "filter", "limit", "site", "start_date", "user_id", "username"],
            filtered.Parameters!.Where(p => p.In == ParameterLocation.Query).Select(p => p.Name!).Order(StringComparer.Ordinal));
        Assert.All(moon.Parameters!, parameter => Assert.Equal(parameter.Name != "format", parameter.Required));
        Assert.Equal(JsonSchemaType.String, document.Paths["/image/{base_filename}"].Operations![HttpMethod.Get].Responses!["404"].Content!["application/json"].Schema!.Type);
    }

    [Fact]
    public async Task Protected_operations_require_the_bearer_scheme_and_list_the_401()
    {
        var document = await FetchDocumentAsync();
        var scheme = document.Components!.SecuritySchemes![ApiDescriptionFactory.BearerSchemeName];
        var operations = document.Paths.Values.SelectMany(path => path.Operations!.Values).ToList();
        var protectedIds = operations.Where(operation => operation.Security is { Count: > 0 }).Select(operation => operation.OperationId!);

        Assert.Equal(SecuritySchemeType.Http, scheme.Type);
        Assert.Equal("bearer", scheme.Scheme);
        Assert.Equal(
            ["CreateNightLogNote", "DeleteNightLogNote", "DummyRequiresAuth"],
            protectedIds.Order(StringComparer.Ordinal));
        Assert.All(operations.Where(operation => operation.Security is { Count: > 0 }), operation =>
        {
            Assert.Equal(ApiDescriptionFactory.BearerSchemeName, Assert.Single(Assert.Single(operation.Security!).Keys).Reference.Id);
            Assert.Contains("401", operation.Responses!.Keys);
        });
    }

    /// <summary>
    /// docs/openapi.json is the served document, committed: every API change shows in a review as its diff. After a
    /// deliberate change, <c>PHOTONRANCH_ACCEPT_OPENAPI=1 scripts/test.sh --filter OpenApiDocumentTests</c> rewrites it.
    /// </summary>
    [Fact]
    public async Task The_committed_docs_openapi_json_is_the_document_the_api_serves()
    {
        var served = JsonNode.Parse(await api.Client.GetStringAsync("/openapi.json"))!;
        var path = RepositoryFiles.PathOf("docs/openapi.json");
        if (Environment.GetEnvironmentVariable("PHOTONRANCH_ACCEPT_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
        }

        var committed = JsonNode.Parse(await File.ReadAllTextAsync(path));
        Assert.True(
            JsonNode.DeepEquals(committed, served),
            "docs/openapi.json is not what /openapi.json serves. If the API change is meant, accept it with PHOTONRANCH_ACCEPT_OPENAPI=1 scripts/test.sh --filter OpenApiDocumentTests and commit the diff.");
    }

    private async Task<OpenApiDocument> FetchDocumentAsync()
    {
        var text = await api.Client.GetStringAsync("/openapi.json");
        return OpenApiDocument.Parse(text, OpenApiConstants.Json).Document!;
    }

    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z_][A-Za-z0-9_]*)[^}]*\}")]
    private static partial Regex RouteParameter();
}
