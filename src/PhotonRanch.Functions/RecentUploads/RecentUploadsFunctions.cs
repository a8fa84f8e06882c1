using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Functions.Http;

namespace PhotonRanch.Functions.RecentUploads;

/// <summary><c>GET /recentuploads?site=X|all</c>: the web UI's dev-tools list of files that recently arrived.</summary>
public sealed class RecentUploadsFunctions
{
    /// <summary>The original's answer when the query has no site.</summary>
    public const string MissingSiteMessage = "Please be sure to include the sitecode query parameter.";

    private readonly RecentUploadsService _uploads;

    /// <summary>Creates the function class.</summary>
    public RecentUploadsFunctions(RecentUploadsService uploads)
    {
        _uploads = uploads;
    }

    /// <summary>200 with <c>[{site, upload_timestamp_s, expire_timestamp_s, filename, size_bytes}, ...]</c> newest first; 404 without a site.</summary>
    [Function("GetRecentUploads")]
    public async Task<IActionResult> GetRecentUploads(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "recentuploads")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var site = request.Query["site"].ToString();
        if (site.Length == 0)
        {
            return ApiResults.Message(MissingSiteMessage, StatusCodes.Status404NotFound);
        }

        return ApiResults.Json(await _uploads.ListAsync(SiteCode.Validate(site), cancellationToken));
    }
}
