namespace PhotonRanch.Functions.LocalHost;

/// <summary>Registers the local host's ingestion triggers; the Functions app uses its blob and timer triggers instead.</summary>
internal static class LocalIngestionRegistration
{
    /// <summary>Adds the poller and the clean-up runner (when <see cref="LocalIngestionOptions.Enabled"/>) and their validated settings.</summary>
    public static IServiceCollection AddLocalIngestion(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LocalIngestionOptions>()
            .Bind(configuration.GetSection(LocalIngestionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        if (configuration.GetSection(LocalIngestionOptions.SectionName).GetValue(nameof(LocalIngestionOptions.Enabled), defaultValue: true))
        {
            services.AddHostedService<LocalIngestionPoller>();
            services.AddHostedService<LocalExpiryCleanupRunner>();
        }

        return services;
    }
}
