using System.Net.Sockets;
using Azure;
using Npgsql;
using PhotonRanch.Functions.Hosting;

namespace PhotonRanch.Functions.Health;

/// <summary>
/// Tells a dependency that cannot be reached (PostgreSQL, Blob or Table Storage) from every other fault, by the
/// exception it raised. The API answers an outage with a 503; the local ingestion poller retries a blob that failed
/// only because of one without counting it as the blob's fault.
/// </summary>
internal static class DependencyOutage
{
    /// <summary>
    /// <c>image database</c> or <c>storage service</c> when <paramref name="exception"/> (or one it wraps) says that
    /// dependency is unreachable or failing on its side; null for any other fault.
    /// </summary>
    public static string? Of(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (ExceptionChain.Find<NpgsqlException>(exception) is { } database && IsConnectionFailure(database))
        {
            return "image database";
        }

        // Azure SDK faults: status 0 is a transport failure (connection refused, DNS, timeout), 5xx the service's own.
        if (ExceptionChain.Find<RequestFailedException>(exception) is { } failed && (failed.Status == 0 || failed.Status >= 500))
        {
            return "storage service";
        }

        return ExceptionChain.Find<SocketException>(exception) is not null || ExceptionChain.Find<HttpRequestException>(exception) is not null
            ? "storage service"
            : null;
    }

    // Npgsql's own exceptions are transport faults (refused, timed out, pool exhausted); a PostgresException is the
    // server's answer, and only the connection-class ones (08…, shutting down or starting up, too many connections)
    // mean the database is unavailable. Any other server error (bad SQL, a constraint) is our fault.
    private static bool IsConnectionFailure(NpgsqlException exception) => exception switch
    {
        PostgresException server => server.SqlState.StartsWith("08", StringComparison.Ordinal)
            || server.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
                or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        _ => true,
    };
}
