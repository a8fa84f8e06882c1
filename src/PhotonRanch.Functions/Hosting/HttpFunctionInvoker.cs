using System.Reflection;
using System.Runtime.ExceptionServices;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;

namespace PhotonRanch.Functions.Hosting;

/// <summary>
/// Calls one HTTP function the way the Functions worker does: a new instance of its class from the request's services,
/// the <see cref="HttpRequest"/> for the trigger parameter, route values for <see cref="string"/> parameters named like
/// them, and the request's <see cref="CancellationToken"/>. Anything else is refused when it is built, so a function
/// that cannot be called this way is found at start-up rather than on its first request.
/// </summary>
internal sealed partial class HttpFunctionInvoker(HttpFunction function)
{
    private readonly ObjectFactory? _createInstance =
        function.Method.IsStatic ? null : ActivatorUtilities.CreateFactory(function.DeclaringType, Type.EmptyTypes);

    private readonly MethodInvoker _invoke = MethodInvoker.Create(function.Method);
    private readonly Func<HttpContext, RouteValueDictionary, object?>[] _bindArguments = CreateBinders(function);

    public async Task<IActionResult?> InvokeAsync(HttpContext context, RouteValueDictionary routeValues)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(routeValues);
        var logger = context.RequestServices.GetRequiredService<ILogger<HttpFunctionInvoker>>();
        LogExecuting(logger, function.Name, context.Request.Method, context.Request.Path);

        var instance = _createInstance?.Invoke(context.RequestServices, null);
        var arguments = new object?[_bindArguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = _bindArguments[i](context, routeValues);
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

    private static Func<HttpContext, RouteValueDictionary, object?>[] CreateBinders(HttpFunction function)
    {
        var routePattern = RoutePatternFactory.Parse(function.Route);
        Func<HttpContext, RouteValueDictionary, object?>[] binders =
            [.. function.Method.GetParameters().Select(parameter => CreateBinder(function, parameter, routePattern))];
        return function.Method.ReturnType == typeof(IActionResult) || function.Method.ReturnType == typeof(Task<IActionResult>)
            ? binders
            : throw new NotSupportedException(
                $"Function {function.Name} returns {function.Method.ReturnType}; return IActionResult or Task<IActionResult>.");
    }

    private static Func<HttpContext, RouteValueDictionary, object?> CreateBinder(HttpFunction function, ParameterInfo parameter, RoutePattern route)
    {
        if (parameter.ParameterType == typeof(HttpRequest))
        {
            return static (context, _) => context.Request;
        }

        if (parameter.ParameterType == typeof(CancellationToken))
        {
            return static (context, _) => context.RequestAborted;
        }

        if (parameter.ParameterType == typeof(string) && route.Parameters.FirstOrDefault(p => string.Equals(p.Name, parameter.Name, StringComparison.OrdinalIgnoreCase)) is { } routeParameter)
        {
            var name = routeParameter.Name;
            return (_, values) => values.TryGetValue(name, out var value) ? value as string : null;
        }

        throw new NotSupportedException(
            $"Function {function.Name} parameter '{parameter.Name}' ({parameter.ParameterType.Name}) cannot be bound; " +
            "take HttpRequest, CancellationToken and route values as strings named like the route's parameters.");
    }

    [LoggerMessage(EventId = 1, EventName = "FunctionExecuting", Level = LogLevel.Information, Message = "Executing function {FunctionName} for {Method} {Path}")]
    private static partial void LogExecuting(ILogger logger, string functionName, string method, string path);
}
