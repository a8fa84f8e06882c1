using Microsoft.Extensions.DependencyInjection;

namespace PhotonRanch.Functions.Files;

/// <summary>Registers the files service.</summary>
public static class FilesRegistration
{
    /// <summary>Adds uploads, downloads, conversions and zips.</summary>
    public static IServiceCollection AddFiles(this IServiceCollection services)
    {
        services.AddSingleton<ZipDownloadBuilder>();
        services.AddSingleton<FitsDownloadConverter>();
        services.AddSingleton<FilesService>();
        return services;
    }
}
