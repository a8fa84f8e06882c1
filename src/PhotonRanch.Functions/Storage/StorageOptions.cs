namespace PhotonRanch.Functions.Storage;

/// <summary>
/// Where the app keeps files (one Blob container holding the original S3 bucket's prefixes) and its Table Storage
/// tables. Bound from the <c>Storage</c> section (<c>Storage__ConnectionString</c> etc. as app settings).
/// </summary>
internal sealed class StorageOptions
{
    public const string SectionName = "Storage";

    /// <summary>
    /// A storage connection string (Azurite, or an account key). When empty, <see cref="BlobServiceUri"/> and
    /// <see cref="TableServiceUri"/> are used with the managed identity (DefaultAzureCredential).
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The Blob endpoint, e.g. <c>https://account.blob.core.windows.net</c>, for managed identity.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>The Table endpoint, e.g. <c>https://account.table.core.windows.net</c>, for managed identity.</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>The container that replaces the original S3 bucket <c>photonranch-001</c>.</summary>
    public string ContainerName { get; set; } = "photonranch-001";

    public StorageTableNames Tables { get; set; } = new();

    /// <summary>Create the container and tables at start-up when they are missing (local runs and tests).</summary>
    public bool CreateIfMissing { get; set; } = true;

    /// <summary>Otherwise the app authenticates with a managed identity.</summary>
    public bool UsesConnectionString => !string.IsNullOrWhiteSpace(ConnectionString);
}

/// <summary>
/// The original's DynamoDB table names mapped to valid Azure table names (letters and digits only, 3–63 characters,
/// starting with a letter): the dashes and underscores are dropped.
/// </summary>
internal sealed class StorageTableNames
{
    /// <summary>Original <c>site_configurations</c>.</summary>
    public string SiteConfigurations { get; set; } = "siteconfigurations";

    /// <summary>Original <c>recent-uploads-log</c>.</summary>
    public string RecentUploadsLog { get; set; } = "recentuploadslog";

    /// <summary>Original <c>info-images</c>.</summary>
    public string InfoImages { get; set; } = "infoimages";

    /// <summary>Original <c>night-log</c>.</summary>
    public string NightLog { get; set; } = "nightlog";

    /// <summary>Original <c>pipe-queue-table</c>.</summary>
    public string PipeQueue { get; set; } = "pipequeuetable";

    /// <summary>By setting name.</summary>
    public IReadOnlyDictionary<string, string> All => new Dictionary<string, string>
    {
        [nameof(SiteConfigurations)] = SiteConfigurations,
        [nameof(RecentUploadsLog)] = RecentUploadsLog,
        [nameof(InfoImages)] = InfoImages,
        [nameof(NightLog)] = NightLog,
        [nameof(PipeQueue)] = PipeQueue,
    };
}
