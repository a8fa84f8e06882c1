using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using PhotonRanch.Functions.Hosting;

namespace PhotonRanch.Functions.LocalHost;

/// <summary>
/// What the Azure Functions host does with a request before and after a function, reproduced so that the local host
/// answers as a deployment would (azure-functions-host <c>WebJobsApplicationBuilderExtension</c>): paths under
/// <c>admin/</c> and <c>runtime/</c> belong to the host; every other request is routed by
/// <see cref="FunctionRouteTable"/>; a request no route matches gets an empty 404, except <c>/</c>, which gets the
/// host's HTML homepage unless <c>AzureWebJobsDisableHomepage</c> is <c>true</c> (then an empty 204).
/// </summary>
internal sealed class FunctionsHostRouting(HttpFunctionRouter router, HttpFunctionPipeline pipeline, IConfiguration configuration)
{
    public const string DisableHomepageSetting = "AzureWebJobsDisableHomepage";

    public const string HomepageText = "Your Azure Function App is up and running.";

    private static readonly PathString[] ReservedRoots = [new("/admin"), new("/runtime")];

    private readonly bool _homepageDisabled = string.Equals(configuration[DisableHomepageSetting], bool.TrueString, StringComparison.OrdinalIgnoreCase);

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = context.Request;
        var match = ReservedRoots.Any(root => request.Path.StartsWithSegments(root, StringComparison.OrdinalIgnoreCase))
            ? null
            : await router.Table.MatchAsync(request.Method, request.Path);
        if (match is null)
        {
            await AnswerUnroutedAsync(context);
            return;
        }

        var result = await pipeline.RunAsync(context, () => router.Invoker(match.FunctionName).InvokeAsync(context, match.Values));
        await result.ExecuteResultAsync(new ActionContext(context, new Microsoft.AspNetCore.Routing.RouteData(match.Values), new ActionDescriptor()));
    }

    private async Task AnswerUnroutedAsync(HttpContext context)
    {
        if (context.Request.Path.Value != "/")
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        if (_homepageDisabled)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        context.Response.ContentType = "text/html";
        await context.Response.WriteAsync($"<!DOCTYPE html><html><head><title>Azure Functions</title></head><body><h1>{HomepageText}</h1></body></html>", context.RequestAborted);
    }
}
