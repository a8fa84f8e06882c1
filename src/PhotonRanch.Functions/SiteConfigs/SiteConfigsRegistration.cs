using Microsoft.Extensions.DependencyInjection;

namespace PhotonRanch.Functions.SiteConfigs;

/// <summary>Registers the site configurations service.</summary>
internal static class SiteConfigsRegistration
{
    /// <summary>Adds <see cref="SiteConfigStore"/> and <see cref="SiteConfigService"/>.</summary>
    public static IServiceCollection AddSiteConfigs(this IServiceCollection services)
    {
        services.AddSingleton<SiteConfigStore>();
        services.AddSingleton<SiteConfigService>();
        return services;
    }
}
