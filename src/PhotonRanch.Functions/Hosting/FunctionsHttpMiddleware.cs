using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;

namespace PhotonRanch.Functions.Hosting;

/// <summary>
/// Functions-host adapter of <see cref="HttpFunctionPipeline"/>. It runs inside the ASP.NET Core integration's
/// proxying middleware, which executes whatever <see cref="IActionResult"/> is left as the invocation result.
/// </summary>
internal sealed class FunctionsHttpMiddleware(HttpFunctionPipeline pipeline) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);

        var httpContext = context.GetHttpContext();
        if (httpContext is null)
        {
            await next(context);
            return;
        }

        var result = await pipeline.RunAsync(httpContext, async () =>
        {
            await next(context);
            return context.GetInvocationResult().Value as IActionResult;
        });
        context.GetInvocationResult().Value = result;
    }
}
