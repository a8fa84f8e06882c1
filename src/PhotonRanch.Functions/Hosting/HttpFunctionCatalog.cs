using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace PhotonRanch.Functions.Hosting;

/// <summary>
/// The HTTP-triggered functions of one or more assemblies, read from their <see cref="FunctionAttribute"/> and
/// <see cref="HttpTriggerAttribute"/>, as the Functions SDK writes them into <c>functions.metadata</c>. It is the single
/// source of truth for routes: the local Kestrel host routes by exactly these, by the Functions host's rules
/// (<see cref="Hosting.FunctionRouteTable"/>).
/// </summary>
internal sealed class HttpFunctionCatalog(IReadOnlyList<HttpFunction> functions)
{
    /// <summary>The functions, in the order the Functions host maps them: by name, case-insensitively.</summary>
    public IReadOnlyList<HttpFunction> Functions { get; } = functions;

    public static HttpFunctionCatalog ForApp() => FromAssemblies(typeof(HttpFunctionCatalog).Assembly);

    public static HttpFunctionCatalog FromAssemblies(params Assembly[] assemblies)
    {
        ArgumentNullException.ThrowIfNull(assemblies);
        var functions = new List<HttpFunction>();
        foreach (var type in assemblies.Distinct().SelectMany(assembly => assembly.GetTypes()))
        {
            foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
            {
                var function = method.GetCustomAttribute<FunctionAttribute>();
                var trigger = method.GetParameters()
                    .Select(parameter => (Parameter: parameter, Trigger: parameter.GetCustomAttribute<HttpTriggerAttribute>()))
                    .FirstOrDefault(candidate => candidate.Trigger is not null);
                if (function is null || trigger.Trigger is null)
                {
                    continue;
                }

                var methods = (trigger.Trigger.Methods ?? [])
                    .Select(httpMethod => httpMethod.ToUpperInvariant())
                    .ToArray();
                functions.Add(new HttpFunction(
                    function.Name,
                    type,
                    method,
                    trigger.Trigger.Route ?? string.Empty,
                    methods,
                    trigger.Parameter));
            }
        }

        var duplicate = functions.GroupBy(f => f.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(group => group.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Two functions are named '{duplicate.Key}'; function names must be unique.");
        }

        return new HttpFunctionCatalog(functions.OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).ToList());
    }
}

/// <summary>One HTTP-triggered function.</summary>
/// <param name="DeclaringType">Constructed per invocation from DI.</param>
/// <param name="Route">
/// The route template as declared, without a prefix (host.json sets <c>routePrefix</c> to empty); empty where none
/// was declared, which the Functions host replaces with the function's name.
/// </param>
/// <param name="HttpMethods">The HTTP methods, upper case; empty means every method.</param>
internal sealed record HttpFunction(
    string Name,
    Type DeclaringType,
    MethodInfo Method,
    string Route,
    IReadOnlyList<string> HttpMethods,
    ParameterInfo TriggerParameter);
