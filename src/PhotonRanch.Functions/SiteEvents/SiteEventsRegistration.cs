using Microsoft.Extensions.DependencyInjection;

namespace PhotonRanch.Functions.SiteEvents;

/// <summary>Registers the site-events service.</summary>
internal static class SiteEventsRegistration
{
    /// <summary>Adds <see cref="SiteEventsService"/>.</summary>
    public static IServiceCollection AddSiteEvents(this IServiceCollection services)
    {
        services.AddSingleton<SiteEventsService>();
        return services;
    }
}
