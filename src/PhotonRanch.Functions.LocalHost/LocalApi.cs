using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using PhotonRanch.Functions.Http;

namespace PhotonRanch.Functions.LocalHost;

/// <summary>
/// The API on plain ASP.NET Core (Kestrel): the same function classes and services as the Azure Functions app,
/// routed from the functions' own attributes. For laptops, CI and machines without Azure Functions Core Tools.
/// </summary>
public static class LocalApi
{
    /// <summary>Builds the app. <paramref name="configure"/> may change settings or services before it is built.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddPhotonRanch(builder.Configuration);
        builder.Services.AddSingleton(HttpFunctionCatalog.ForApp());
        configure?.Invoke(builder);

        // After configure, so settings a caller adds (tests) decide whether the poller runs.
        builder.Services.AddLocalIngestion(builder.Configuration);

        var app = builder.Build();
        app.MapHttpFunctions(app.Services.GetRequiredService<HttpFunctionCatalog>());
        return app;
    }

    /// <summary>
    /// Builds and starts the app on a free port of 127.0.0.1, so that tests and benchmarks can run instances in their
    /// own process beside each other and beside a running local API; returns it with the address it listens on.
    /// </summary>
    public static async Task<(WebApplication App, Uri Address)> StartOnFreeLoopbackPortAsync(Action<WebApplicationBuilder> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var app = Build([], builder =>
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            configure(builder);
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return (app, new Uri(address));
    }

    /// <summary>Maps every function of <paramref name="catalog"/> to its route and methods.</summary>
    public static IEndpointRouteBuilder MapHttpFunctions(this IEndpointRouteBuilder endpoints, HttpFunctionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(catalog);
        foreach (var function in catalog.Functions)
        {
            var endpoint = new HttpFunctionEndpoint(function);
            var builder = function.HttpMethods.Count == 0
                ? endpoints.Map(function.Route, endpoint.HandleAsync)
                : endpoints.MapMethods(function.Route, function.HttpMethods, endpoint.HandleAsync);
            builder.WithDisplayName(function.Name);
        }

        return endpoints;
    }
}
