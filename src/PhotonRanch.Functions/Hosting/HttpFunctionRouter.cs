using PhotonRanch.Functions.Root;

namespace PhotonRanch.Functions.Hosting;

/// <summary>
/// The app's HTTP functions in the Functions host's route table, with an invoker for each. The local host routes every
/// request through it; on both hosts the catch-all <see cref="ApiRootFunctions.Fallback"/> uses it for its second pass.
/// </summary>
internal sealed class HttpFunctionRouter(HttpFunctionCatalog catalog)
{
    // The original's API Gateway stages (prod, dev, test): callers' base URLs end in one of them.
    private static readonly PathString[] StagePrefixes = [new("/api"), new("/dev"), new("/test")];

    public FunctionRouteTable Table { get; } =
        FunctionRouteTable.Build(catalog.Functions.Select(function => (function.Name, (string?)function.Route, function.HttpMethods)));

    private readonly Dictionary<string, HttpFunctionInvoker> _invokers =
        catalog.Functions.ToDictionary(function => function.Name, function => new HttpFunctionInvoker(function), StringComparer.OrdinalIgnoreCase);

    public HttpFunctionInvoker Invoker(string functionName) => _invokers[functionName];

    /// <summary>
    /// Where a request the host handed to the fallback belongs: its path in canonical form (see
    /// <see cref="CanonicalPath"/>) routed again, or null when no function but the fallback matches that either.
    /// </summary>
    public static async Task<(FunctionRouteMatch Match, PathString Path)?> ResolveFallbackAsync(FunctionRouteTable table, string method, PathString path)
    {
        ArgumentNullException.ThrowIfNull(table);
        var canonical = CanonicalPath(path);
        var match = await table.MatchAsync(method, canonical);
        return match is null || string.Equals(match.FunctionName, ApiRootFunctions.FallbackName, StringComparison.OrdinalIgnoreCase)
            ? null
            : (match, canonical);
    }

    /// <summary>
    /// The path with runs of slashes collapsed (the host's router matches no template across an empty segment, and
    /// callers send <c>/api//upload/</c> and <c>/image/x//</c>) and without the original's stage prefix, which every
    /// caller's base URL ends with (<c>https://api.photonranch.org/api</c>; <c>/dev</c> and <c>/test</c> for the other
    /// stages).
    /// </summary>
    public static PathString CanonicalPath(PathString path)
    {
        var segments = (path.Value ?? string.Empty).Split('/', StringSplitOptions.RemoveEmptyEntries);
        var canonical = new PathString("/" + string.Join('/', segments));
        foreach (var stage in StagePrefixes)
        {
            if (canonical.StartsWithSegments(stage, StringComparison.Ordinal, out var rest))
            {
                return rest.HasValue ? rest : new PathString("/");
            }
        }

        return canonical;
    }
}
