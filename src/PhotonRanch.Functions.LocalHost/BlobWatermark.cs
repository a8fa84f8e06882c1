using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace PhotonRanch.Functions.LocalHost;

/// <summary>
/// Which blobs the local poller has ingested, as a Last-Modified watermark plus the blobs already done near it. Blob
/// listings give Last-Modified to the second, and a blob committed in the same second as one already listed can show
/// up a moment later, so the poller looks back <see cref="Overlap"/> behind the watermark and skips what it has done
/// there by name and time (a rewritten blob has a new time and is ingested again). Pure; the poller stores it.
/// </summary>
/// <param name="Watermark">Blobs modified before <c>Watermark − Overlap</c> are done.</param>
/// <param name="Done">The blobs done at or after <c>Watermark − Overlap</c>, as <see cref="Key"/>s.</param>
internal sealed record BlobWatermark(DateTimeOffset Watermark, IReadOnlySet<string> Done)
{
    /// <summary>How far behind the watermark a late-listed blob is still picked up.</summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromSeconds(5);

    /// <summary>Nothing done yet: every blob is new.</summary>
    public static BlobWatermark Start { get; } = new(DateTimeOffset.MinValue + Overlap, new HashSet<string>(StringComparer.Ordinal));

    /// <summary>
    /// The most blobs <see cref="Done"/> keeps: what the poller's state row can hold. Past it the oldest are forgotten
    /// (and ingested again if still listed, which ingestion tolerates) rather than the state growing until it can no
    /// longer be saved, after which the watermark would never advance.
    /// </summary>
    public const int MaxDone = 10_000;

    /// <summary>
    /// A blob's identity for <see cref="Done"/>: its Last-Modified and a SHA-256 of its name, so every key has the same
    /// small size however long blob names are.
    /// </summary>
    public static string Key(string name, DateTimeOffset lastModified) =>
        $"{lastModified.UtcTicks}|{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(name)))}";

    /// <summary>The listed blobs still to ingest, oldest first.</summary>
    public IReadOnlyList<ListedBlob> Pending(IEnumerable<ListedBlob> listed) =>
        listed.Where(blob => blob.LastModified >= Watermark - Overlap && !Done.Contains(Key(blob.Name, blob.LastModified)))
            .OrderBy(blob => blob.LastModified)
            .ThenBy(blob => blob.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The watermark after a round that ingested <paramref name="succeeded"/> and failed on <paramref name="failed"/>:
    /// it moves up to the newest blob done, but never past a failed one, which is thus tried again next round.
    /// </summary>
    public BlobWatermark Advance(IReadOnlyCollection<ListedBlob> succeeded, IReadOnlyCollection<ListedBlob> failed)
    {
        ArgumentNullException.ThrowIfNull(succeeded);
        ArgumentNullException.ThrowIfNull(failed);
        var newest = succeeded.Count == 0 ? Watermark : Max(Watermark, succeeded.Max(blob => blob.LastModified));
        var watermark = failed.Count == 0 ? newest : Min(newest, failed.Min(blob => blob.LastModified));
        var done = Done.Concat(succeeded.Select(blob => Key(blob.Name, blob.LastModified)))
            .Select(key => (Key: key, Ticks: long.Parse(key[..key.IndexOf('|', StringComparison.Ordinal)], CultureInfo.InvariantCulture)))
            .Where(key => new DateTimeOffset(key.Ticks, TimeSpan.Zero) >= watermark - Overlap)
            .OrderByDescending(key => key.Ticks)
            .Take(MaxDone)
            .Select(key => key.Key)
            .ToHashSet(StringComparer.Ordinal);
        return new BlobWatermark(watermark, done);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;
}

/// <summary>A blob as a listing shows it.</summary>
/// <param name="Name">Its full name in the container.</param>
/// <param name="LastModified">Its Last-Modified time.</param>
internal sealed record ListedBlob(string Name, DateTimeOffset LastModified);
