using Microsoft.Extensions.DependencyInjection;

namespace PhotonRanch.Functions.Images;

/// <summary>Registers the image-metadata service.</summary>
internal static class ImagesRegistration
{
    /// <summary>Adds the image repository, the site-code reader and <see cref="ImagesService"/>.</summary>
    public static IServiceCollection AddImages(this IServiceCollection services)
    {
        services.AddSingleton<ImageRepository>();
        services.AddSingleton<ImagesService>();
        return services;
    }
}
