using PhotonRanch.Functions.Storage;
namespace PhotonRanch.Functions.RecentUploads;

/// <summary>The files that recently arrived at a site, or at every site, newest first; expired entries are left out.</summary>
internal sealed class RecentUploadsService(RecentUploadsStore store, TimeProvider clock)
{
    private const string AllSites = "all";

    /// <summary>The unexpired uploads of <paramref name="site"/> (every site for <c>all</c>), newest first.</summary>
    public async Task<Paged<IReadOnlyList<RecentUpload>>> ListAsync(string site, TableCursor? after, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var page = await store.ListAsync(site == AllSites ? null : site, now, after, cancellationToken);
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
