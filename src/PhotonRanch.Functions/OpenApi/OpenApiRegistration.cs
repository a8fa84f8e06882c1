using Microsoft.Extensions.DependencyInjection;
using PhotonRanch.Functions.Http;

namespace PhotonRanch.Functions.OpenApi;

/// <summary>Registers what <c>GET /openapi.json</c> needs.</summary>
internal static class OpenApiRegistration
{
    /// <summary>
    /// Adds <see cref="ApiDescription"/> over the registered <see cref="HttpFunctionCatalog"/> (a host that registers
    /// its own catalog, such as the test host with extra functions, has that one described).
    /// </summary>
    public static IServiceCollection AddOpenApiDocument(this IServiceCollection services)
    {
        services.AddSingleton<ApiDescription>();
        return services;
    }
}
