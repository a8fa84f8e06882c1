using PhotonRanch.Functions.Storage;
namespace PhotonRanch.Functions.RecentUploads;

/// <summary>The files that recently arrived at a site, or at every site, newest first; expired entries are left out.</summary>
internal sealed class RecentUploadsService(RecentUploadsStore store, TimeProvider clock)
{
    /// <summary>The <c>site</c> value that asks for every site.</summary>
    public const string AllSites = "all";

    private readonly RecentUploadsStore _store = store;
    private readonly TimeProvider _clock = clock;

    /// <summary>The unexpired uploads of <paramref name="site"/> (or of every site for <c>all</c>), newest first.</summary>
    public async Task<Paged<IReadOnlyList<RecentUpload>>> ListAsync(string site, TableCursor? after, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        var page = await _store.ListAsync(site == AllSites ? null : site, now, after, cancellationToken);
        IReadOnlyList<RecentUpload> newestFirst =
        [
            .. page.Value
                .OrderByDescending(upload => upload.UploadTimestampS)
                .ThenBy(upload => upload.Site, StringComparer.Ordinal)
                .ThenBy(upload => upload.Filename, StringComparer.Ordinal),
        ];
        return page with { Value = newestFirst };
    }
}
