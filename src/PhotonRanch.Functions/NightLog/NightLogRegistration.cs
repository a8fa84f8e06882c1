using Microsoft.Extensions.DependencyInjection;

namespace PhotonRanch.Functions.NightLog;

/// <summary>Registers the night log service.</summary>
internal static class NightLogRegistration
{
    /// <summary>Adds <see cref="NightLogStore"/> and <see cref="NightLogService"/>.</summary>
    public static IServiceCollection AddNightLog(this IServiceCollection services)
    {
        services.AddSingleton<NightLogStore>();
        services.AddSingleton<NightLogService>();
        return services;
    }
}
