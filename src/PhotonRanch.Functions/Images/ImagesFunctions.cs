using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Functions.Http;

namespace PhotonRanch.Functions.Images;

/// <summary>The image-metadata endpoints (the original's <c>db</c> service).</summary>
public sealed class ImagesFunctions
{
    private readonly ImagesService _images;

    /// <summary>Creates the function class.</summary>
    public ImagesFunctions(ImagesService images)
    {
        _images = images;
    }

    /// <summary>
    /// <c>GET /{site}/latest_images/{number_of_images}?userid=U</c>: 200 with the newest packages of the site;
    /// 400 when <c>number_of_images</c> is not a whole number from 1 to 1000.
    /// </summary>
    [Function("GetLatestImages")]
    public async Task<IActionResult> GetLatestImages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{site}/latest_images/{number_of_images}")] HttpRequest request,
        string site,
        string number_of_images,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!LatestImagesQuery.TryParse(site, number_of_images, QueryValues(request).GetValueOrDefault("userid"), out var query, out var error))
        {
            throw ApiException.BadRequest(error);
        }

        return ApiResults.Json(await _images.LatestImagesAsync(query, cancellationToken));
    }

    /// <summary>
    /// <c>GET /latest_image_all_sites/</c> (with or without the trailing slash — both hosts' routers ignore it):
    /// 200 <c>{site: jpg_url}</c> for every configured site that has an image.
    /// </summary>
    [Function("GetLatestImageAllSites")]
    public async Task<IActionResult> GetLatestImageAllSites(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "latest_image_all_sites")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResults.Json(await _images.LatestImageAllSitesAsync(cancellationToken));

    /// <summary>
    /// <c>GET /image/{base_filename}</c>: 200 with the image's package; 404 <c>"No results found for X"</c> or
    /// <c>"Multiple images found for X"</c>.
    /// </summary>
    [Function("GetImage")]
    public async Task<IActionResult> GetImage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "image/{base_filename}")] HttpRequest request,
        string base_filename,
        CancellationToken cancellationToken)
    {
        var lookup = await _images.ImageAsync(base_filename, cancellationToken);
        return lookup.Outcome switch
        {
            LookupOutcome.Found => ApiResults.Json(lookup.Package),
            LookupOutcome.Several => ApiResults.Message($"Multiple images found for {base_filename}", StatusCodes.Status404NotFound),
            _ => ApiResults.Message($"No results found for {base_filename}", StatusCodes.Status404NotFound),
        };
    }

    /// <summary>
    /// <c>GET /fitsheader/{base_filename}</c>: 200 with the header object (<c>{}</c> when the row has none); 404
    /// <c>"No fits header found in the db for X"</c>, or <c>"Multiple images found for X"</c> when several rows share it.
    /// </summary>
    [Function("GetFitsHeader")]
    public async Task<IActionResult> GetFitsHeader(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "fitsheader/{base_filename}")] HttpRequest request,
        string base_filename,
        CancellationToken cancellationToken)
    {
        var lookup = await _images.FitsHeaderAsync(base_filename, cancellationToken);
        return lookup.Outcome switch
        {
            LookupOutcome.Found => ApiResults.Json(lookup.Header),
            LookupOutcome.Several => ApiResults.Message($"Multiple images found for {base_filename}", StatusCodes.Status404NotFound),
            _ => ApiResults.Message($"No fits header found in the db for {base_filename}", StatusCodes.Status404NotFound),
        };
    }

    /// <summary>
    /// <c>GET /filtered_images?username=&amp;user_id=&amp;site=&amp;filter=&amp;exposure_time_min=&amp;exposure_time_max=&amp;start_date=&amp;end_date=&amp;filename=&amp;limit=</c>:
    /// 200 with the matching packages, newest first, without intermediate smart stacks; 400 naming every unusable value.
    /// </summary>
    [Function("GetFilteredImages")]
    public async Task<IActionResult> GetFilteredImages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "filtered_images")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ImageFilter.TryParse(QueryValues(request), out var filter, out var errors))
        {
            throw ApiException.BadRequest("Invalid query filter. " + string.Join(" ", errors));
        }

        return ApiResults.Json(await _images.FilteredImagesAsync(filter, cancellationToken));
    }

    // The query string as API Gateway handed it to the original: keys case-sensitive (HttpRequest.Query folds case),
    // one value per key, the last one when a key is repeated.
    private static Dictionary<string, string> QueryValues(HttpRequest request)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in new QueryStringEnumerable(request.QueryString.Value))
        {
            values[pair.DecodeName().ToString()] = pair.DecodeValue().ToString();
        }

        return values;
    }
}
