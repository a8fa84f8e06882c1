using System.Text.RegularExpressions;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Http;

/// <summary>
/// The example requests of the <c>.http</c> files beside the functions (the format Visual Studio, VS Code's REST Client
/// and Rider read): <c>@name = value</c> variables, requests separated by <c>###</c>, each starting with
/// <c>METHOD {{baseUrl}}/path?query HTTP/1.1</c> after its comment lines.
/// </summary>
internal static partial class ExampleHttpFiles
{
    /// <summary>The address <c>scripts/run.sh</c> serves the API at, which every file's <c>baseUrl</c> names.</summary>
    public const string BaseUrl = "http://localhost:7071";

    /// <summary>The folder of the function app's features.</summary>
    public static string FunctionsFolder { get; } = RepositoryFiles.PathOf("src", "PhotonRanch.Functions");

    /// <summary>Every <c>.http</c> file under the function app's folder, build output left out.</summary>
    public static IReadOnlyList<string> All() =>
        [.. Directory.EnumerateFiles(FunctionsFolder, "*.http", SearchOption.AllDirectories)
            .Where(path => !Path.GetRelativePath(FunctionsFolder, path).Split(Path.DirectorySeparatorChar).Any(part => part is "bin" or "obj"))
            .Order(StringComparer.Ordinal)];

    /// <summary>
    /// The file's requests to the API, and what in it cannot be read as such: an unknown variable, a line that is not a
    /// request line, a base URL other than <see cref="BaseUrl"/>. Requests to a URL taken from an earlier answer
    /// (<c>{{upload.response.body.$.put.url}}</c>, a storage SAS URL) are not the API's and are left out.
    /// </summary>
    public static (IReadOnlyList<ExampleRequest> Requests, IReadOnlyList<string> Problems) Read(string path)
    {
        var lines = File.ReadAllLines(path);
        var name = Path.GetRelativePath(RepositoryFiles.Root, path);
        var problems = new List<string>();
        var variables = lines.Select(line => VariableLine().Match(line)).Where(match => match.Success)
            .ToDictionary(match => match.Groups["name"].Value, match => match.Groups["value"].Value.Trim(), StringComparer.Ordinal);
        if (variables.GetValueOrDefault("baseUrl") != BaseUrl)
        {
            problems.Add($"{name}: `@baseUrl = {BaseUrl}` is missing (found '{variables.GetValueOrDefault("baseUrl")}').");
        }

        var requests = new List<ExampleRequest>();
        var awaitingRequestLine = true;
        for (var index = 0; index < lines.Length; index++)
        {
            var line = lines[index].Trim();
            if (line.StartsWith("###", StringComparison.Ordinal))
            {
                awaitingRequestLine = true;
                continue;
            }

            // Only the first line of a block that is not blank, a comment or a variable is its request line; headers
            // and the body follow it.
            if (!awaitingRequestLine || line.Length == 0 || line.StartsWith('#') || line.StartsWith("//", StringComparison.Ordinal) || line.StartsWith('@'))
            {
                continue;
            }

            awaitingRequestLine = false;
            var where = $"{name}:{index + 1}";
            if (RequestLine().Match(line) is not { Success: true } request)
            {
                problems.Add($"{where}: '{line}' is not a request line `METHOD URL HTTP/1.1`.");
                continue;
            }

            var url = request.Groups["url"].Value;
            if (ResponseReference().IsMatch(url))
            {
                continue;
            }

            url = Substitute(url, variables, where, problems);
            if (!url.StartsWith(BaseUrl + "/", StringComparison.Ordinal))
            {
                problems.Add($"{where}: '{url}' does not start with {{{{baseUrl}}}}/.");
                continue;
            }

            requests.Add(new ExampleRequest(where, request.Groups["method"].Value, url[BaseUrl.Length..].Split('?')[0]));
        }

        if (requests.Count == 0)
        {
            problems.Add($"{name}: no request to {{{{baseUrl}}}}.");
        }

        return (requests, problems);
    }

    // Variables may name other variables (`@queue = {{site}}-reduction`); a reference left over names none of the file's.
    private static string Substitute(string text, IReadOnlyDictionary<string, string> variables, string where, List<string> problems)
    {
        for (var round = 0; round < 10 && Reference().IsMatch(text); round++)
        {
            text = Reference().Replace(text, match => variables.GetValueOrDefault(match.Groups["name"].Value, match.Value));
        }

        foreach (Match unknown in Reference().Matches(text))
        {
            problems.Add($"{where}: {unknown.Value} is not a variable of the file.");
        }

        return text;
    }

    [GeneratedRegex(@"^@(?<name>[A-Za-z_][A-Za-z0-9_]*)\s*=(?<value>.*)$")]
    private static partial Regex VariableLine();

    [GeneratedRegex(@"^(?<method>GET|POST|PUT|DELETE|PATCH|OPTIONS|HEAD)\s+(?<url>\S+)(\s+HTTP/\d(\.\d)?)?$")]
    private static partial Regex RequestLine();

    [GeneratedRegex(@"^\{\{[A-Za-z_][A-Za-z0-9_]*\.response\.")]
    private static partial Regex ResponseReference();

    [GeneratedRegex(@"\{\{(?<name>[^{}]+)\}\}")]
    private static partial Regex Reference();
}

/// <summary>One example request: where it is written, its method and its path (without the query).</summary>
/// <param name="Where">The file, relative to the repository, and the line of the request.</param>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path after the base URL, e.g. <c>/pipe/queue/lcs1</c>.</param>
internal sealed record ExampleRequest(string Where, string Method, string Path);
