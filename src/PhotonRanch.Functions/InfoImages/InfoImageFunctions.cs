using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Functions.Http;

namespace PhotonRanch.Functions.InfoImages;

/// <summary><c>GET /infoimage/{site}/{channel}</c>: the info image package shown beside a site's thumbnails.</summary>
public sealed class InfoImageFunctions
{
    private readonly InfoImageService _infoImages;

    /// <summary>Creates the function class.</summary>
    public InfoImageFunctions(InfoImageService infoImages)
    {
        _infoImages = infoImages;
    }

    /// <summary>200 with the package; 204 when the channel holds no image; 400 for a channel other than 1, 2 or 3.</summary>
    [Function("GetInfoImage")]
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
            _ => throw ApiException.BadRequest("'channel' must be 1, 2 or 3."),
        };
        var package = await _infoImages.GetPackageAsync(site, number, cancellationToken);

        // The original answered 204 with a message, which HTTP does not deliver: a 204 has no body.
        return package is null ? new JsonResponse(StatusCodes.Status204NoContent, null) : ApiResults.Json(package);
    }
}
