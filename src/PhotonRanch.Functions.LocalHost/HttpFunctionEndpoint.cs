using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing.Patterns;
using PhotonRanch.Functions.Http;

namespace PhotonRanch.Functions.LocalHost;

/// <summary>
/// Calls one HTTP function the way the Functions worker does: a new instance of its class from DI per request, the
/// <see cref="HttpRequest"/> for the trigger parameter, route values for <see cref="string"/> parameters named like
/// them, and the request's <see cref="CancellationToken"/>. Anything else is refused when the host starts, so a
/// function the local host cannot serve is found at once rather than on its first request.
/// </summary>
public sealed partial class HttpFunctionEndpoint
{
    private readonly HttpFunction _function;
    private readonly ObjectFactory _createInstance;
    private readonly MethodInvoker _invoke;
    private readonly Func<HttpContext, object?>[] _bindArguments;

    /// <summary>Prepares the endpoint for <paramref name="function"/>.</summary>
    /// <exception cref="NotSupportedException">A parameter or return type the local host cannot serve.</exception>
    public HttpFunctionEndpoint(HttpFunction function)
    {
        ArgumentNullException.ThrowIfNull(function);
        _function = function;
        if (!function.Method.IsStatic)
        {
            _createInstance = ActivatorUtilities.CreateFactory(function.DeclaringType, Type.EmptyTypes);
        }
        else
        {
            _createInstance = static (_, _) => null!;
        }

        _invoke = MethodInvoker.Create(function.Method);
        var routePattern = RoutePatternFactory.Parse(function.Route);
        _bindArguments = function.Method.GetParameters().Select(parameter => CreateBinder(function, parameter, routePattern)).ToArray();
        if (!IsSupportedReturnType(function.Method.ReturnType))
        {
            throw new NotSupportedException(
                $"Function {function.Name} returns {function.Method.ReturnType}; return IActionResult or Task<IActionResult>.");
        }
    }

    /// <summary>Handles a request routed to this function.</summary>
    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var pipeline = context.RequestServices.GetRequiredService<HttpFunctionPipeline>();
        var logger = context.RequestServices.GetRequiredService<ILogger<HttpFunctionEndpoint>>();
        var result = await pipeline.RunAsync(context, () =>
        {
            LogExecuting(logger, _function.Name, context.Request.Method, context.Request.Path);
            return InvokeAsync(context);
        });
        await result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
    }

    private async Task<IActionResult?> InvokeAsync(HttpContext context)
    {
        var instance = _function.Method.IsStatic ? null : _createInstance(context.RequestServices, null);
        var arguments = new object?[_bindArguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = _bindArguments[i](context);
        }

        object? returned;
        try
        {
            returned = _invoke.Invoke(instance, arguments.AsSpan());
        }
        catch (TargetInvocationException wrapped) when (wrapped.InnerException is not null)
        {
            ExceptionDispatchInfo.Capture(wrapped.InnerException).Throw();
            throw;
        }

        return returned switch
        {
            Task<IActionResult> pending => await pending,
            IActionResult result => result,
            _ => null,
        };
    }

    private static Func<HttpContext, object?> CreateBinder(HttpFunction function, ParameterInfo parameter, RoutePattern route)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return static context => context.Request;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return static context => context.RequestAborted;
        }

        if (parameter.ParameterType == typeof(string) && route.Parameters.FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)) is { } routeParameter)
        {
            var name = routeParameter.Name;
            return context => context.GetRouteValue(name) as string;
        }

        throw new NotSupportedException(
            $"Function {function.Name} parameter '{parameter.Name}' ({parameter.ParameterType.Name}) cannot be bound by the local host; " +
            "take HttpRequest, CancellationToken and route values as strings named like the route's parameters.");
    }

    private static bool IsSupportedReturnType(Type type) =>
        type == typeof(IActionResult) || type == typeof(Task<IActionResult>);

    [LoggerMessage(EventId = 1, EventName = "FunctionExecuting", Level = LogLevel.Information, Message = "Executing function {FunctionName} for {Method} {Path}")]
    private static partial void LogExecuting(ILogger logger, string functionName, string method, string path);
}
