using System.Reflection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace PhotonRanch.Functions.Database;

/// <summary>
/// Applies the versioned SQL files embedded under <c>Database/Migrations</c> (named <c>NNNN_description.sql</c>)
/// in order, each once, each in its own transaction, recording them in <c>schema_migrations</c>. A session-level
/// advisory lock serialises concurrent instances, so scaling out cannot apply a file twice.
/// </summary>
internal sealed partial class PostgresMigrator(NpgsqlDataSource dataSource, IOptions<PostgresOptions> options, ILogger<PostgresMigrator> logger)
{
    private const string ResourceMarker = ".Database.Migrations.";


    /// <summary>The migrations shipped with the app, in the order they apply.</summary>
    public static IReadOnlyList<Migration> Embedded { get; } = LoadEmbedded();

    /// <summary>Applies every migration not yet recorded; returns the versions it applied.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var schema = new NpgsqlCommandBuilder().QuoteIdentifier(options.Value.Schema);

        await ExecuteAsync(connection, $"CREATE SCHEMA IF NOT EXISTS {schema}", cancellationToken);
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_lock(hashtext($1))", connection))
        {
            lockCommand.Parameters.AddWithValue("photonranch-migrations:" + options.Value.Schema);
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        try
        {
            await ExecuteAsync(
                connection,
                $"CREATE TABLE IF NOT EXISTS {schema}.schema_migrations (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())",
                cancellationToken);
            var applied = await AppliedVersionsAsync(connection, schema, cancellationToken);
            var newlyApplied = new List<string>();
            foreach (var migration in Embedded.Where(m => !applied.Contains(m.Version)))
            {
                await ApplyAsync(connection, schema, migration, cancellationToken);
                newlyApplied.Add(migration.Version);
            }

            return newlyApplied;
        }
        finally
        {
            await ExecuteAsync(connection, "SELECT pg_advisory_unlock_all()", CancellationToken.None);
        }
    }

    private async Task ApplyAsync(NpgsqlConnection connection, string schema, Migration migration, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, $"SET LOCAL search_path TO {schema}", cancellationToken);
        await ExecuteAsync(connection, migration.Sql, cancellationToken);
        await using (var record = new NpgsqlCommand($"INSERT INTO {schema}.schema_migrations (version) VALUES ($1)", connection))
        {
            record.Parameters.AddWithValue(migration.Version);
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        LogApplied(migration.Version, options.Value.Schema);
    }

    private static async Task<HashSet<string>> AppliedVersionsAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        var versions = new HashSet<string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand($"SELECT version FROM {schema}.schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            versions.Add(reader.GetString(0));
        }

        return versions;
    }

    // The SQL here is either a constant, a quoted identifier, or a migration file shipped inside the assembly.
    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static List<Migration> LoadEmbedded()
    {
        var assembly = typeof(PostgresMigrator).Assembly;
        return assembly.GetManifestResourceNames()
            .Where(name => name.Contains(ResourceMarker, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Select(name => new Migration(VersionOf(name), Read(assembly, name)))
            .OrderBy(migration => migration.Version, StringComparer.Ordinal)
            .ToList();
    }

    private static string VersionOf(string resourceName)
    {
        var fileName = resourceName[(resourceName.IndexOf(ResourceMarker, StringComparison.Ordinal) + ResourceMarker.Length)..];
        return fileName[..^".sql".Length];
    }

    private static string Read(Assembly assembly, string resourceName)
    {
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Embedded migration {resourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Applied migration {Version} to schema {Schema}")]
    private partial void LogApplied(string version, string schema);

    /// <summary>One versioned SQL file.</summary>
    /// <param name="Version">The file name without <c>.sql</c>, e.g. <c>0001_create_images</c>.</param>
    public sealed record Migration(string Version, string Sql);
}
