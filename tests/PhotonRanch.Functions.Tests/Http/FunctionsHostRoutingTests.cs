using System.Text.Json;
using PhotonRanch.Functions.Hosting;
using PhotonRanch.Functions.Root;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Http;

/// <summary>
/// The real Azure Functions host routes by the SDK-generated <c>functions.metadata</c>, with ASP.NET Core's
/// <c>Route</c> classes, in order of function name, first match wins. These tests build that table from the metadata
/// the build wrote — not from the attributes the local host reads — and prove every contract request, in every
/// stray-slash form callers send, reaches the function meant for it on the real host.
/// </summary>
public sealed class FunctionsHostRoutingTests
{
    private static readonly Lazy<JsonElement[]> Metadata = new(() =>
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "functions.metadata")));
        return [.. document.RootElement.EnumerateArray().Select(function => function.Clone())];
    });

    private static readonly Lazy<FunctionRouteTable> HostTable = new(() => FunctionRouteTable.Build(
        HttpTriggers().Select(trigger => (trigger.Name, (string?)trigger.Binding.GetProperty("route").GetString(),
            (IReadOnlyList<string>)[.. trigger.Binding.GetProperty("methods").EnumerateArray().Select(method => method.GetString()!)]))));

    public static TheoryData<string, string, string> Requests() => ContractRequests.All();

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task On_the_real_host_every_contract_request_reaches_its_function(string method, string path, string function)
    {
        Assert.Equal(function, await FunctionTheHostRunsAsync(method, path));
    }

    [Fact]
    public void The_fallback_is_the_last_route_the_host_tries()
    {
        Assert.Equal(ApiRootFunctions.FallbackName, HostTable.Value.Routes[^1].FunctionName);
        Assert.Equal(ApiRootFunctions.FallbackRoute, HostTable.Value.Routes[^1].Template);
    }

    [Fact]
    public void Every_function_the_contract_names_is_an_http_function_of_the_build()
    {
        var built = HttpTriggers().Select(trigger => trigger.Name).ToHashSet(StringComparer.Ordinal);

        Assert.Subset(built, ContractRequests.Canonical.Select(request => request.Function).ToHashSet(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("GET", "/no/such/route")]
    [InlineData("POST", "/api/no/such/route")]
    [InlineData("GET", "/administrator")]
    [InlineData("DELETE", "/upload")]
    public async Task Requests_for_no_route_reach_the_fallback_and_find_nothing_there(string method, string path)
    {
        var match = await HostTable.Value.MatchAsync(method, path);

        Assert.Equal(ApiRootFunctions.FallbackName, match?.FunctionName);
        Assert.Null(await HttpFunctionRouter.ResolveFallbackAsync(HostTable.Value, method, path));
    }

    [Theory]
    [InlineData("GET", "/admin/host/status")]
    [InlineData("POST", "/runtime/webhooks/blobs")]
    [InlineData("GET", "/admin/warmup")]
    public async Task The_hosts_reserved_paths_reach_no_function(string method, string path)
    {
        Assert.Null(await HostTable.Value.MatchAsync(method, path));
    }

    // The host's router matches no template, not even a catch-all, when the first segment is empty: a path that
    // starts with "//" cannot reach any function. Callers that glue "/upload/" onto their base URL keep the original's
    // "/api" stage in it, and "/api//upload/" does reach Upload (docs/decisions.md).
    [Theory]
    [InlineData("POST", "//upload/")]
    [InlineData("GET", "//sro/config")]
    [InlineData("OPTIONS", "//upload/")]
    public async Task A_path_with_an_empty_first_segment_reaches_no_function_on_the_real_host(string method, string path)
    {
        Assert.Null(await HostTable.Value.MatchAsync(method, path));
    }

    [Fact]
    public async Task The_root_route_matches_only_the_root()
    {
        Assert.Equal("Root", (await HostTable.Value.MatchAsync("GET", "/"))?.FunctionName);
        Assert.Equal(ApiRootFunctions.FallbackName, (await HostTable.Value.MatchAsync("GET", "/Root"))?.FunctionName);
        Assert.Equal(ApiRootFunctions.FallbackName, (await HostTable.Value.MatchAsync("GET", "/x"))?.FunctionName);
    }

    [Fact]
    public async Task An_empty_route_is_the_function_name_and_shadows_by_name_order()
    {
        var table = FunctionRouteTable.Build(
        [
            ("Upload", "upload", ["post"]),
            ("Home", "", ["get"]),
            ("CatchAll", "{*path}", ["get", "post"]),
        ]);

        Assert.Equal(["CatchAll", "Home", "Upload"], table.Routes.Select(route => route.FunctionName));
        Assert.Equal("Home", table.Routes[1].Template);
        Assert.Equal("CatchAll", (await table.MatchAsync("GET", "/"))?.FunctionName);
        Assert.Equal("CatchAll", (await table.MatchAsync("GET", "/Home"))?.FunctionName);
        Assert.Null(await FunctionRouteTable.Build([("Home", "", ["get"])]).MatchAsync("GET", "/"));
        Assert.Equal("CatchAll", (await table.MatchAsync("POST", "/upload"))?.FunctionName);
    }

    [Theory]
    [InlineData("admin/jobs")]
    [InlineData("/runtime/x")]
    [InlineData("Administration")]
    public void A_route_in_the_hosts_reserved_space_is_refused(string route)
    {
        Assert.Throws<InvalidOperationException>(() => FunctionRouteTable.Build([("Reserved", route, ["get"])]));
    }

    // The .http files beside the functions are examples for people; these two keep them true to the real host.
    [Fact]
    public async Task Every_request_of_the_example_http_files_reaches_a_function_on_the_real_host()
    {
        var files = ExampleHttpFiles.All();
        var problems = new List<string>();
        foreach (var file in files)
        {
            var (requests, unreadable) = ExampleHttpFiles.Read(file);
            problems.AddRange(unreadable);
            foreach (var request in requests)
            {
                // No function is the fallback's JSON 404: it found no function for the request, even in canonical form.
                if (await FunctionTheHostRunsAsync(request.Method, request.Path) is null)
                {
                    problems.Add($"{request.Where}: {request.Method} {request.Path} reaches no function.");
                }
            }
        }

        Assert.NotEmpty(files);
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task Every_feature_folder_with_http_functions_has_an_example_http_file_that_calls_each_of_them()
    {
        var problems = new List<string>();
        foreach (var folder in HttpTriggers().GroupBy(trigger => FeatureFolder(trigger.Name), trigger => trigger.Name))
        {
            var file = Path.Combine(ExampleHttpFiles.FunctionsFolder, folder.Key, Path.GetFileName(folder.Key) + ".http");
            var name = Path.GetRelativePath(RepositoryFiles.Root, file);
            if (!File.Exists(file))
            {
                problems.Add($"{name} is missing; it would show {string.Join(", ", folder)}.");
                continue;
            }

            // A request the fallback passes on to its function (an /api stage, stray slashes) calls both.
            var called = new HashSet<string?>(StringComparer.Ordinal);
            foreach (var request in ExampleHttpFiles.Read(file).Requests)
            {
                called.Add((await HostTable.Value.MatchAsync(request.Method, request.Path))?.FunctionName);
                called.Add(await FunctionTheHostRunsAsync(request.Method, request.Path));
            }

            problems.AddRange(folder.Where(function => !called.Contains(function)).Select(function => $"{name}: no request reaches {function}."));
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_ingestion_blob_trigger_reads_settings_that_local_runs_and_azure_both_provide()
    {
        var binding = Binding("IngestBlob", "blobTrigger");

        Assert.Equal("EventGrid", binding.GetProperty("source").GetString());
        Assert.Equal("%Storage:ContainerName%/{name}", binding.GetProperty("path").GetString());
        Assert.Equal("IngestionStorage", binding.GetProperty("connection").GetString());
        var example = File.ReadAllText(RepositoryFiles.PathOf("local.settings.example.json"));
        var infra = File.ReadAllText(RepositoryFiles.PathOf("infra", "main.bicep"));
        Assert.Contains("\"Storage__ContainerName\"", example, StringComparison.Ordinal);
        Assert.Contains("\"IngestionStorage\"", example, StringComparison.Ordinal);
        Assert.Contains("Storage__ContainerName:", infra, StringComparison.Ordinal);
        Assert.Contains("IngestionStorage__blobServiceUri:", infra, StringComparison.Ordinal);
        Assert.Contains("IngestionStorage__queueServiceUri:", infra, StringComparison.Ordinal);
    }

    [Fact]
    public void The_clean_up_timer_has_a_six_field_schedule_the_host_accepts()
    {
        var schedule = Binding("CleanUpExpiredRows", "timerTrigger").GetProperty("schedule").GetString()!;

        // NCRONTAB with seconds, as the host's timer trigger reads it: second minute hour day month day-of-week.
        var fields = schedule.Split(' ');
        Assert.Equal(6, fields.Length);
        Assert.All(fields, field => Assert.Matches(@"^(\*|\d+)(/\d+)?$", field));
    }

    private static async Task<string?> FunctionTheHostRunsAsync(string method, string path)
    {
        var match = await HostTable.Value.MatchAsync(method, path);
        if (match?.FunctionName != ApiRootFunctions.FallbackName)
        {
            return match?.FunctionName;
        }

        return (await HttpFunctionRouter.ResolveFallbackAsync(HostTable.Value, method, path))?.Match.FunctionName;
    }

    private static IEnumerable<(string Name, JsonElement Binding)> HttpTriggers() =>
        Metadata.Value.SelectMany(function => function.GetProperty("bindings").EnumerateArray()
            .Where(binding => binding.GetProperty("type").GetString() == "httpTrigger")
            .Select(binding => (function.GetProperty("name").GetString()!, binding)));

    // The folder of a function's class below src/PhotonRanch.Functions, from its namespace (entry point
    // PhotonRanch.Functions.PipeQueue.PipeQueueFunctions.Enqueue: PipeQueue).
    private static string FeatureFolder(string functionName)
    {
        var entryPoint = Metadata.Value.Single(function => function.GetProperty("name").GetString() == functionName)
            .GetProperty("entryPoint").GetString()!;
        var namespaceParts = entryPoint.Split('.')[..^2];
        Assert.Equal(["PhotonRanch", "Functions"], namespaceParts[..2]);
        return Path.Combine(namespaceParts[2..]);
    }

    private static JsonElement Binding(string functionName, string type) =>
        Metadata.Value.Single(function => function.GetProperty("name").GetString() == functionName)
            .GetProperty("bindings").EnumerateArray().Single(binding => binding.GetProperty("type").GetString() == type);
}
