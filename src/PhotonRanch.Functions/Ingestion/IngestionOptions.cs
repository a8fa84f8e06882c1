using System.ComponentModel.DataAnnotations;

namespace PhotonRanch.Functions.Ingestion;

/// <summary>Bounds on what ingesting one blob reads. Bound from the <c>Ingestion</c> section (<c>Ingestion__MaxTextHeaderBytes</c>).</summary>
internal sealed class IngestionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ingestion";

    /// <summary>
    /// The largest <c>.txt</c> header read (1 MiB: a real header is a few hundred 80-character cards, under 100 KB); a
    /// larger one is logged as invalid and not read.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxTextHeaderBytes { get; set; } = 1024 * 1024;
}
