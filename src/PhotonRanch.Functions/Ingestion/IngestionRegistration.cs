using Microsoft.Extensions.DependencyInjection;

namespace PhotonRanch.Functions.Ingestion;

/// <summary>Registers ingestion: the service both hosts call and the expired-row clean-up.</summary>
internal static class IngestionRegistration
{
    /// <summary>Adds the ingestion service, its writers and the clean-up. The hosts add what triggers them.</summary>
    public static IServiceCollection AddIngestion(this IServiceCollection services)
    {
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ImageRowWriter>();
        services.AddSingleton<ThumbnailGenerator>();
        services.AddSingleton<IngestionService>();
        services.AddSingleton<ExpiredRowsCleaner>();
        return services;
    }
}
