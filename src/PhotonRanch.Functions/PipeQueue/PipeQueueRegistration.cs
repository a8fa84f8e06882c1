using Microsoft.Extensions.DependencyInjection;

namespace PhotonRanch.Functions.PipeQueue;

/// <summary>Registers the PIPE queue service.</summary>
internal static class PipeQueueRegistration
{
    /// <summary>Adds the PIPE queue table, id generator and service.</summary>
    public static IServiceCollection AddPipeQueue(this IServiceCollection services)
    {
        services.AddSingleton<PipeQueueTable>();
        services.AddSingleton<QueueItemIdGenerator>();
        services.AddSingleton<PipeQueueService>();
        return services;
    }
}
