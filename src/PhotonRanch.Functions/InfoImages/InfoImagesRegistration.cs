using Microsoft.Extensions.DependencyInjection;

namespace PhotonRanch.Functions.InfoImages;

/// <summary>Registers the info images service.</summary>
internal static class InfoImagesRegistration
{
    /// <summary>Adds <see cref="InfoImageStore"/> and <see cref="InfoImageService"/>.</summary>
    public static IServiceCollection AddInfoImages(this IServiceCollection services)
    {
        services.AddSingleton<InfoImageStore>();
        services.AddSingleton<InfoImageService>();
        return services;
    }
}
