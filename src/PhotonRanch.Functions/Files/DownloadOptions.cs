using System.ComponentModel.DataAnnotations;

namespace PhotonRanch.Functions.Files;

/// <summary>
/// Bounds on what one <c>POST /downloadzip</c> or <c>POST /download</c> conversion may build, so that a small request
/// (or a small hostile upload) cannot cost hours of copying or gigabytes of memory. Bound from the <c>Downloads</c> section (<c>Downloads__MaxZipFiles</c> etc. as app settings).
/// </summary>
internal sealed class DownloadOptions
{
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

    /// <summary>
    /// The most pixels a FITS or TIFF conversion makes (the whole image for a FITS, the first plane for a TIFF):
    /// 268,435,456 = 16,384 × 16,384, over twice the largest observatory sensors in use (~100 megapixels).
    /// </summary>
    [Range(1L, long.MaxValue)]
    public long MaxImagePixels { get; set; } = 16384L * 16384;

    /// <summary>
    /// The most bytes of image data a conversion writes (1 GiB: a 16,384 × 16,384 image of 32-bit values; a 100-megapixel
    /// 32-bit frame is 400 MB).
    /// </summary>
    [Range(1L, long.MaxValue)]
    public long MaxOutputBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>
    /// The most a conversion may expand its stored file: the bytes it reads through or writes, divided by the stored
    /// file's size (1,000: fpack and bzip2 shrink real frames 2–10 times, an all-blank frame ~200 times with Rice).
    /// </summary>
    [Range(1, int.MaxValue)]
    public int MaxExpansionRatio { get; set; } = 1000;
}
