using System.ComponentModel.DataAnnotations;

namespace PhotonRanch.Functions.LocalHost;

/// <summary>
/// The local host's stand-ins for the Azure-only triggers of ingestion (Azurite has no Event Grid): how often it looks
/// for new blobs and how often it deletes expired rows. Bound from the <c>LocalIngestion</c> section; the Functions
/// app never reads it.
/// </summary>
internal sealed class LocalIngestionOptions
{
    public const string SectionName = "LocalIngestion";

    /// <summary>Run the poller and the clean-up at all (off: uploads are stored but not ingested).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long the poller waits between two listings of <c>data/</c> and <c>info-images/</c>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "LocalIngestion:PollInterval must be from 50 ms to 1 hour.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the clean-up waits between two runs (the Functions app's timer runs hourly).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "LocalIngestion:CleanupInterval must be from 1 second to 1 day.")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The table holding the poller's watermark (created when missing).</summary>
    [RegularExpression("^[A-Za-z][A-Za-z0-9]{2,62}$", ErrorMessage = "LocalIngestion:StateTable must be 3-63 letters and digits, starting with a letter.")]
    public string StateTable { get; set; } = "localingestionstate";
}
