using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Constraints;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PhotonRanch.Functions.Hosting;

/// <summary>
/// The HTTP route table of the Azure Functions host (v4), built by its rules and with the ASP.NET Core router classes
/// it uses itself (azure-functions-host <c>WebScriptHostHttpRoutesManager</c>, azure-webjobs-sdk-extensions
/// <c>WebJobsRouteBuilder</c>): one <see cref="Route"/> per function, in order of function name compared
/// case-insensitively, tried in that order, the first whose template and method match wins; an empty route is the
/// function's name; a route in the host's own <c>admin</c>/<c>runtime</c> space is refused at start-up. Built from the
/// app's attributes it routes the local host; built from the SDK-generated <c>functions.metadata</c> it is the test
/// model of the real host.
/// </summary>
internal sealed class FunctionRouteTable(IReadOnlyList<FunctionRoute> routes)
{
    // The data token the host puts on each function route (HttpExtensionConstants.FunctionNameRouteTokenKey).
    private const string FunctionNameToken = "MS_FunctionName";

    private static readonly RequestDelegate NoHandler = static _ => Task.CompletedTask;
    private static readonly IServiceProvider RouterServices = new ServiceCollection().AddLogging().BuildServiceProvider();

    private readonly RouteCollection _router = Router(routes);

    /// <summary>The routes in the order the host tries them.</summary>
    public IReadOnlyList<FunctionRoute> Routes { get; } = routes;

    private static RouteCollection Router(IReadOnlyList<FunctionRoute> routes)
    {
        var router = new RouteCollection();
        // The host's routing registers the regex constraint (AddRouting); a bare RouteOptions has only a stub.
        var routeOptions = new RouteOptions();
        routeOptions.SetParameterPolicy<RegexInlineRouteConstraint>("regex");
        var constraintResolver = new DefaultInlineConstraintResolver(Options.Create(routeOptions), RouterServices);
        foreach (var route in routes)
        {
            var constraints = new Dictionary<string, object>();
            if (route.Methods.Count > 0)
            {
                constraints.Add("httpMethod", new HttpMethodRouteConstraint([.. route.Methods]));
            }

            router.Add(new Route(
                new RouteHandler(NoHandler),
                route.FunctionName,
                route.Template,
                defaults: null,
                constraints,
                new RouteValueDictionary { [FunctionNameToken] = route.FunctionName },
                constraintResolver));
        }

        return router;
    }

    /// <summary>The table of each HTTP function's name, route template as declared, and methods.</summary>
    /// <exception cref="InvalidOperationException">A route the host would refuse: a duplicate name or a reserved route.</exception>
    public static FunctionRouteTable Build(IEnumerable<(string FunctionName, string? Route, IReadOnlyList<string> Methods)> functions)
    {
        ArgumentNullException.ThrowIfNull(functions);
        var routes = new List<FunctionRoute>();
        foreach (var (name, declaredRoute, methods) in functions)
        {
            var template = string.IsNullOrWhiteSpace(declaredRoute) ? name : declaredRoute;
            var space = template.Trim('/').ToLowerInvariant();
            if (space.StartsWith("admin", StringComparison.Ordinal) || space.StartsWith("runtime", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"Function {name}: the route '{template}' is in the Functions host's reserved admin/runtime space.");
            }

            routes.Add(new FunctionRoute(name, template, [.. methods.Select(method => method.ToUpperInvariant())]));
        }

        var duplicate = routes.GroupBy(route => route.FunctionName, StringComparer.OrdinalIgnoreCase).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two functions are named '{duplicate.Key}'; function names must be unique.");
        }

        return new FunctionRouteTable([.. routes.OrderBy(route => route.FunctionName, StringComparer.OrdinalIgnoreCase)]);
    }

    /// <summary>The function the host would run for <paramref name="method"/> <paramref name="path"/>, with its route values; null when none.</summary>
    public async Task<FunctionRouteMatch?> MatchAsync(string method, PathString path)
    {
        var context = new DefaultHttpContext { RequestServices = RouterServices };
        context.Request.Method = method;
        context.Request.Path = path;
        var routeContext = new RouteContext(context);
        await _router.RouteAsync(routeContext);
        return routeContext.Handler is null
            ? null
            : new FunctionRouteMatch((string)routeContext.RouteData.DataTokens[FunctionNameToken]!, routeContext.RouteData.Values);
    }
}

/// <summary>One function's route as the host maps it.</summary>
/// <param name="Template">The route template (the function's name where none was declared).</param>
/// <param name="Methods">The HTTP methods, upper case; empty means every method.</param>
internal sealed record FunctionRoute(string FunctionName, string Template, IReadOnlyList<string> Methods);

/// <summary>The function a request is routed to, and the values its route template captured.</summary>
/// <param name="Values">The route values, such as <c>site</c> in <c>{site}/config</c>.</param>
internal sealed record FunctionRouteMatch(string FunctionName, RouteValueDictionary Values);
