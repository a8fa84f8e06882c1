using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Ingestion;

namespace PhotonRanch.Functions.LocalHost;

/// <summary>
/// The local host's stand-in for the Functions app's clean-up timer: runs the same <see cref="ExpiredRowsCleaner"/>
/// at start and then every <see cref="LocalIngestionOptions.CleanupInterval"/>.
/// </summary>
internal sealed partial class LocalExpiryCleanupRunner(ExpiredRowsCleaner cleaner, IOptions<LocalIngestionOptions> options, ILogger<LocalExpiryCleanupRunner> logger) : BackgroundService
{

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CleanupInterval);
        do
        {
            try
            {
                await cleaner.CleanUpAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogCleanupFailed(exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Deleting expired rows failed; trying again next round")]
    private partial void LogCleanupFailed(Exception exception);
}
