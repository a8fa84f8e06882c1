using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.OpenApi;

namespace PhotonRanch.Functions.Images;

/// <summary>The image-metadata endpoints (the original's <c>db</c> service).</summary>
internal sealed class ImagesFunctions
{
    private const string PackageExample =
        """{"image_id": 42, "base_filename": "sro-kb001ms-20220629-00010442", "data_type": "EX", "site": "sro", "exposure_time": 30.0, "filter_used": "Lum", "right_ascension": 12.5, "declination": -20.25, "azimuth": 180.0, "altitude": 45.0, "airmass": 1.41, "fits_01_exists": true, "fits_10_exists": true, "jpg_medium_exists": true, "jpg_small_exists": true, "s3_directory": "data", "username": "Wayne", "user_id": "google-oauth2|100000000000000000000", "fits_filename": "sro-kb001ms-20220629-00010442-EX00.fits", "fits_path": "sro/kb001ms/20220629/raw", "SMARTSTK": "no", "SSTKNUM": "", "capture_date": 1656554400000, "sort_date": 1656554400000, "jpg_url": "https://account.blob.core.windows.net/photonranch-001/data/sro-kb001ms-20220629-00010442-EX10.jpg?sv=...&sig=...", "jpg_thumbnail_url": "https://account.blob.core.windows.net/photonranch-001/data/sro-kb001ms-20220629-00010442-EX11.jpg?sv=...&sig=..."}""";

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
    /// <param name="request">The request.</param>
    /// <param name="site">The site, matched exactly, e.g. <c>sro</c>.</param>
    /// <param name="number_of_images">How many images, newest first: a whole number from 1 to 1000.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Function("GetLatestImages")]
    [ApiQueryParameter("userid", "Only this user's images (`user_id`); absent or empty: everyone's. The key is case-sensitive.")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "Image packages of the site's images that have a medium JPG, newest first (`sort_date`, then `image_id`).",
        Example = "[" + PackageExample + "]")]
    [ApiResponse(
        StatusCodes.Status400BadRequest,
        "`number_of_images must be a whole number from 1 to 1000, not '{number_of_images}'.` or " +
        "`site and userid must not contain a NUL character.`")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.DatabaseUnavailable)]
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
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Function("GetLatestImageAllSites")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "Site → read URL (7 days less an hour) of its newest medium JPG, for each site with a configuration and such an " +
        "image; `{}` when there is none.",
        Example = """{"sro": "https://account.blob.core.windows.net/photonranch-001/data/sro-kb001ms-20220629-00010442-EX10.jpg?sv=...&sig=..."}""")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.DatabaseUnavailable)]
    public async Task<IActionResult> GetLatestImageAllSites(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "latest_image_all_sites")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResults.Json(await _images.LatestImageAllSitesAsync(cancellationToken));

    /// <summary>
    /// <c>GET /image/{base_filename}</c>: 200 with the image's package; 404 <c>"No results found for X"</c> or
    /// <c>"Multiple images found for X"</c>.
    /// </summary>
    /// <param name="request">The request.</param>
    /// <param name="base_filename">The image's base filename, e.g. <c>sro-kb001ms-20220629-00010442</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Function("GetImage")]
    [ApiResponse(StatusCodes.Status200OK, "The package of the one image with this base filename and a medium JPG.", Example = PackageExample)]
    [ApiResponse(
        StatusCodes.Status404NotFound,
        "A JSON string: `No results found for {base_filename}`, or `Multiple images found for {base_filename}` when several rows match.",
        Example = "\"No results found for sro-kb001ms-20220629-00010442\"")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.DatabaseUnavailable)]
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
    /// <param name="request">The request.</param>
    /// <param name="base_filename">The image's base filename, e.g. <c>sro-kb001ms-20220629-00010442</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Function("GetFitsHeader")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "The FITS header object of the one row with this base filename (any row, with or without JPG); `{}` when it has none.",
        Example = """{"SITEID": "sro", "INSTRUME": "kb001ms", "DAY-OBS": "20220629", "ORIGNAME": "sro-kb001ms-20220629-00010442-EX00.fits", "EXPTIME": 30.0, "FILTER": "Lum"}""")]
    [ApiResponse(
        StatusCodes.Status404NotFound,
        "A JSON string: `No fits header found in the db for {base_filename}`, or `Multiple images found for {base_filename}` when several rows match.",
        Example = "\"No fits header found in the db for sro-kb001ms-20220629-00010442\"")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.DatabaseUnavailable)]
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
    /// <param name="request">The request.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Function("GetFilteredImages")]
    [ApiQueryParameter("username", "Only rows whose `username` equals this (exact, case-sensitive; empty matches the empty string).")]
    [ApiQueryParameter("user_id", "Only rows whose `user_id` equals this (exact, case-sensitive).")]
    [ApiQueryParameter("site", "Only rows whose `site` equals this (exact, case-sensitive).")]
    [ApiQueryParameter("filter", "Only rows whose `filter_used` equals this (exact, case-sensitive).")]
    [ApiQueryParameter("exposure_time_min", "Only rows with `exposure_time` at least this many seconds: a finite number, e.g. `1.5`.")]
    [ApiQueryParameter("exposure_time_max", "Only rows with `exposure_time` at most this many seconds: a finite number.")]
    [ApiQueryParameter(
        "start_date",
        "Only rows captured at or after this UTC time: `yyyy-MM-dd`, optionally `T` or a space and `HH:mm[:ss[.fffffff]]`, " +
        "optionally a zone (`Z`, `+12`, `-07:00`), which is ignored, e.g. `2020-08-30+12`.")]
    [ApiQueryParameter("end_date", "Only rows captured at or before this UTC time, written as `start_date`.")]
    [ApiQueryParameter("filename", "A SQL `LIKE` pattern on `base_filename`: `%` and `_` are wildcards, `\\` escapes them.")]
    [ApiQueryParameter("limit", "How many matching rows are read, newest first: a whole number from 1 to 5000 (default 1000).")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "Packages of the matching images that have a medium JPG, newest first, with intermediate smart stacks left out " +
        "(per `SMARTSTK`, only the highest `SSTKNUM`); may hold fewer than `limit`. Other query keys are ignored.",
        Example = "[" + PackageExample + "]")]
    [ApiResponse(
        StatusCodes.Status400BadRequest,
        "`Invalid query filter. ` followed by each problem, e.g. `exposure_time_min must be a number, not 'x'.`, " +
        "`start_date must be a date like 2020-08-30, 2020-08-30+12 or 2020-08-30T21:15:00Z, not 'x'.`, " +
        "`limit must be a whole number from 1 to 5000, not 'x'.`, " +
        "`filename must not end with an unescaped backslash (the LIKE escape character).`, `site must not contain a NUL character.`")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.DatabaseUnavailable)]
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
