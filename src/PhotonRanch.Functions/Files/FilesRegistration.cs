using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace PhotonRanch.Functions.Files;

/// <summary>Registers the files service.</summary>
internal static class FilesRegistration
{
    /// <summary>Adds uploads (signed forms and the receiver), downloads, conversions and zips.</summary>
    public static IServiceCollection AddFiles(this IServiceCollection services)
    {
        services.AddOptions<UploadOptions>().BindConfiguration(UploadOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<UploadOptions>, UploadOptionsValidator>();
        services.AddOptions<DownloadOptions>().BindConfiguration(DownloadOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<UploadPolicySigner>();
        services.AddSingleton<UploadedFileStore>();
        services.AddSingleton<ZipDownloadBuilder>();
        services.AddSingleton<FitsDownloadConverter>();
        services.AddSingleton<FilesService>();
        return services;
    }
}
