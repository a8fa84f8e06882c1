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
