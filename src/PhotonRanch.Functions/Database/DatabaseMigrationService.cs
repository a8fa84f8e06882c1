using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace PhotonRanch.Functions.Database;

/// <summary>
/// Applies migrations when the app starts (<see cref="PostgresOptions.MigrateOnStartup"/>). If the database is not
/// reachable yet, the app still starts — /health reports it and image endpoints answer 503 — and the migration is
/// retried in the background until it succeeds.
/// </summary>
internal sealed partial class DatabaseMigrationService(PostgresMigrator migrator, IOptions<PostgresOptions> options, ILogger<DatabaseMigrationService> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _stopping = new();
    private Task? _retryLoop;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateOnStartup || await TryMigrateAsync(cancellationToken))
        {
            return;
        }

        _retryLoop = RetryUntilMigratedAsync(_stopping.Token);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        if (_retryLoop is not null)
        {
            await _retryLoop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public void Dispose() => _stopping.Dispose();

    private async Task RetryUntilMigratedAsync(CancellationToken stoppingToken)
    {
        try
        {
            do
            {
                await Task.Delay(RetryInterval, stoppingToken);
            }
            while (!await TryMigrateAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping.
        }
    }

    private async Task<bool> TryMigrateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await migrator.MigrateAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogMigrationFailed(exception, RetryInterval.TotalSeconds);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Database migration failed; retrying in {Seconds} s")]
    private partial void LogMigrationFailed(Exception exception, double seconds);
}
