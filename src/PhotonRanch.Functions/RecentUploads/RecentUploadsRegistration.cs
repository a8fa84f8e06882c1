using Microsoft.Extensions.DependencyInjection;

namespace PhotonRanch.Functions.RecentUploads;

/// <summary>Registers the recent uploads service.</summary>
internal static class RecentUploadsRegistration
{
    /// <summary>Adds <see cref="RecentUploadsStore"/> and <see cref="RecentUploadsService"/>.</summary>
    public static IServiceCollection AddRecentUploads(this IServiceCollection services)
    {
        services.AddSingleton<RecentUploadsStore>();
        services.AddSingleton<RecentUploadsService>();
        return services;
    }
}
