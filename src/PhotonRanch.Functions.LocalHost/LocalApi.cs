using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;

namespace PhotonRanch.Functions.LocalHost;

/// <summary>
/// The API on plain ASP.NET Core (Kestrel): the same function classes and services as the Azure Functions app,
/// routed from the functions' own attributes by the Functions host's rules (<see cref="FunctionsHostRouting"/>). For
/// laptops, CI and machines without Azure Functions Core Tools.
/// </summary>
internal static class LocalApi
{
    /// <summary>Builds the app. <paramref name="configure"/> may change settings or services before it is built.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddPhotonRanch(builder.Configuration);
        builder.Services.AddSingleton<FunctionsHostRouting>();
        configure?.Invoke(builder);

        // After configure, so settings a caller adds (tests) decide whether the poller runs.
        builder.Services.AddLocalIngestion(builder.Configuration);

        var app = builder.Build();
        app.Run(app.Services.GetRequiredService<FunctionsHostRouting>().HandleAsync);
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
}
