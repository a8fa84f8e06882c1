using System.ComponentModel.DataAnnotations;

namespace PhotonRanch.Functions.Files;

/// <summary>
/// Bounds on what one <c>POST /downloadzip</c> may build, so that a small request cannot cost hours of copying.
/// Bound from the <c>Downloads</c> section (<c>Downloads__MaxZipFiles</c> etc. as app settings).
/// </summary>
public sealed class DownloadOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Downloads";

    /// <summary>The most files one zip holds (1,000: a busy site's night of large FITS).</summary>
    [Range(1, 100_000)]
    public int MaxZipFiles { get; set; } = 1000;

    /// <summary>
    /// The most bytes the files of one zip add up to (10 GiB: about what the app copies within the platform's 230 s
    /// answer limit).
    /// </summary>
    [Range(1L, long.MaxValue)]
    public long MaxZipBytes { get; set; } = 10L * 1024 * 1024 * 1024;
}
