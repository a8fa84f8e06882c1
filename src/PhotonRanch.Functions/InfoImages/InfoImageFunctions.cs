using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.OpenApi;
using PhotonRanch.Functions.SiteConfigs;

namespace PhotonRanch.Functions.InfoImages;

/// <summary><c>GET /infoimage/{site}/{channel}</c>: the info image package shown beside a site's thumbnails.</summary>
internal sealed class InfoImageFunctions(InfoImageService infoImages)
{
    private const string PackageExample =
        """{"base_filename": "saf-inst-20211231-00000001", "data_type": "EX", "jpg_medium_exists": true, "jpg_10_file_path": "info-images/saf-inst-20211231-00000001-EX10.jpg", "pk": "saf#1", "site": "saf", "channel": "1", "jpg_small_exists": false, "fits_01_exists": false, "fits_10_exists": false, "s3_directory": "info-images", "jpg_url": "https://account.blob.core.windows.net/photonranch-001/info-images/saf-inst-20211231-00000001-EX10.jpg?sv=...&sig=..."}""";

    /// <summary>200 with the package; 204 when the channel holds no image; 400 for a channel other than 1, 2 or 3.</summary>
    /// <param name="request"></param>
    /// <param name="site">The site code, e.g. <c>saf</c>: 1-64 letters, digits, <c>.</c>, <c>_</c> or <c>-</c>.</param>
    /// <param name="channel">The channel: <c>1</c>, <c>2</c> or <c>3</c>.</param>
    /// <param name="cancellationToken"></param>
    [Function("GetInfoImage")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "Every stored attribute, then `pk` (`{site}#{channel}`), `site`, `channel` (the path's string), `base_filename` " +
        "(null when absent), the four flags `jpg_medium_exists`, `jpg_small_exists`, `fits_01_exists`, `fits_10_exists` " +
        "(false when absent), `s3_directory` and, for each true flag with a file path, a 7-day read URL: `jpg_url`, " +
        "`jpg_small_url`, `fits_01_url`, `fits_10_url`.",
        Example = PackageExample)]
    [ApiResponse(StatusCodes.Status204NoContent, "The channel holds no image. No body.")]
    [ApiResponse(StatusCodes.Status400BadRequest, ApiAnswerTexts.InvalidSite + " `" + InfoImageMessages.InvalidChannel + "`")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> GetInfoImage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "infoimage/{site}/{channel}")] HttpRequest request,
        string site,
        string channel,
        CancellationToken cancellationToken)
    {
        site = SiteCode.Validate(site);
        var number = channel switch
        {
            "1" => 1,
            "2" => 2,
            "3" => 3,
            _ => throw ApiException.BadRequest(InfoImageMessages.InvalidChannel),
        };
        var package = await infoImages.GetPackageAsync(site, number, cancellationToken);

        // The original answered 204 with a message, which HTTP does not deliver: a 204 has no body.
        return package is null ? new JsonResponse(StatusCodes.Status204NoContent, null) : ApiResults.Json(package);
    }
}
