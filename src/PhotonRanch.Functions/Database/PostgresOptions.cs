using System.ComponentModel.DataAnnotations;

namespace PhotonRanch.Functions.Database;

/// <summary>The image-metadata database (the original's RDS Postgres). Bound from the <c>Postgres</c> section.</summary>
internal sealed class PostgresOptions
{
    public const string SectionName = "Postgres";

    /// <summary>An Npgsql connection string, e.g. <c>Host=127.0.0.1;Port=5432;Username=postgres;Database=photonranch</c>.</summary>
    [Required]
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>The schema that holds the app's tables (tests give each test class its own).</summary>
    [Required]
    [RegularExpression("^[a-z_][a-z0-9_]{0,62}$", ErrorMessage = "Postgres:Schema must be a lowercase SQL identifier.")]
    public string Schema { get; set; } = "public";

    public bool MigrateOnStartup { get; set; } = true;
}
