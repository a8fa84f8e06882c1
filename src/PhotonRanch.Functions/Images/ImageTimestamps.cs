namespace PhotonRanch.Functions.Images;

/// <summary>
/// The image table's timestamps are UTC wall-clock times without a zone. They are turned into Unix milliseconds by
/// arithmetic on the clock value alone, never through the process's or the database session's time zone, so the
/// answer is the same on a server in any zone.
/// </summary>
internal static class ImageTimestamps
{
    /// <summary>
    /// Read as UTC whatever its <see cref="DateTime.Kind"/>; sub-millisecond parts are truncated toward zero, as the
    /// original's <c>int(1000 * timestamp())</c> did.
    /// </summary>
    public static long ToUnixMilliseconds(DateTime utcWallClock) =>
        (utcWallClock.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
}
