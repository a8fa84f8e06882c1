using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.OpenApi;
using PhotonRanch.Functions.SiteConfigs;

namespace PhotonRanch.Functions.RecentUploads;

/// <summary><c>GET /recentuploads?site=X|all</c>: the web UI's dev-tools list of files that recently arrived.</summary>
internal sealed class RecentUploadsFunctions(RecentUploadsService uploads)
{
    /// <summary>200 with <c>[{site, upload_timestamp_s, expire_timestamp_s, filename, size_bytes}, ...]</c> newest first; 404 without a site.</summary>
    [Function("GetRecentUploads")]
    [ApiQueryParameter(QueryParameters.CursorName, ApiAnswerTexts.Cursor)]
    [ApiQueryParameter("site", "A site code, or `all` for every site. Without it (or empty) the answer is 404.", Required = true)]
    [ApiResponse(
        StatusCodes.Status200OK,
        "The unexpired uploads, newest first (ties by site, then filename); timestamps in Unix seconds.",
        Example = """[{"site": "saf", "upload_timestamp_s": 1764403200, "expire_timestamp_s": 1764489600, "filename": "saf-kb001ms-20251129-00000042-EX10.jpg", "size_bytes": 183021}]""")]
    [ApiResponse(StatusCodes.Status400BadRequest, ApiAnswerTexts.InvalidSite)]
    [ApiResponse(StatusCodes.Status404NotFound, "No `site` (a JSON string, as the original).", Example = "\"" + RecentUploadsMessages.MissingSite + "\"")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> GetRecentUploads(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "recentuploads")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var site = request.Query["site"].ToString();
        if (site.Length == 0)
        {
            return ApiResults.Message(RecentUploadsMessages.MissingSite, StatusCodes.Status404NotFound);
        }

        return ApiResults.Page(request, await uploads.ListAsync(SiteCode.Validate(site), QueryParameters.Cursor(request), cancellationToken));
    }
}
