using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.OpenApi;

namespace PhotonRanch.Functions.Images;

/// <summary>The image-metadata endpoints (the original's <c>db</c> service).</summary>
internal sealed partial class ImagesFunctions(ImagesService images)
{
    private const string PackageExample =
        """{"image_id": 42, "base_filename": "sro-kb001ms-20220629-00010442", "data_type": "EX", "site": "sro", "exposure_time": 30.0, "filter_used": "Lum", "right_ascension": 12.5, "declination": -20.25, "azimuth": 180.0, "altitude": 45.0, "airmass": 1.41, "fits_01_exists": true, "fits_10_exists": true, "jpg_medium_exists": true, "jpg_small_exists": true, "s3_directory": "data", "username": "Wayne", "user_id": "google-oauth2|100000000000000000000", "fits_filename": "sro-kb001ms-20220629-00010442-EX00.fits", "fits_path": "sro/kb001ms/20220629/raw", "SMARTSTK": "no", "SSTKNUM": "", "capture_date": 1656554400000, "sort_date": 1656554400000, "jpg_url": "https://account.blob.core.windows.net/photonranch-001/data/sro-kb001ms-20220629-00010442-EX10.jpg?sv=...&sig=...", "jpg_thumbnail_url": "https://account.blob.core.windows.net/photonranch-001/data/sro-kb001ms-20220629-00010442-EX11.jpg?sv=...&sig=..."}""";

    /// <summary>
    /// <c>GET /{site}/latest_images/{number_of_images}?userid=U</c>: 200 with the newest packages of the site;
    /// 400 when <c>number_of_images</c> is not a whole number from 1 to 1000.
    /// </summary>
    /// <param name="site">The site, matched exactly, e.g. <c>sro</c>.</param>
    /// <param name="number_of_images">How many images, newest first: a whole number from 1 to 1000.</param>
    [Function("GetLatestImages")]
    [ApiQueryParameter("userid", "Only this user's images (`user_id`); absent or empty: everyone's. The key is case-sensitive.")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "Image packages of the site's images that have a medium JPG, newest first (`sort_date`, then `image_id`).",
        Example = "[" + PackageExample + "]")]
    [ApiResponse(StatusCodes.Status400BadRequest, "`" + ImagesMessages.NumberOfImages + "` or `" + ImagesMessages.SiteOrUserIdNul + "`")]
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

        return Cacheable(await images.LatestImagesAsync(query, cancellationToken));
    }

    /// <summary>
    /// <c>GET /latest_image_all_sites/</c> (with or without the trailing slash — both hosts' routers ignore it):
    /// 200 <c>{site: jpg_url}</c> for every configured site that has an image.
    /// </summary>
    [Function("GetLatestImageAllSites")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "Site → read URL (the same all UTC day, valid 5 to 6 days) of its newest medium JPG, for each site with a configuration and such an " +
        "image; `{}` when there is none.",
        Example = """{"sro": "https://account.blob.core.windows.net/photonranch-001/data/sro-kb001ms-20220629-00010442-EX10.jpg?sv=...&sig=..."}""")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.DatabaseUnavailable)]
    public async Task<IActionResult> GetLatestImageAllSites(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "latest_image_all_sites")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResults.Json(await images.LatestImageAllSitesAsync(cancellationToken));

    /// <summary>
    /// <c>GET /image/{base_filename}</c>: 200 with the image's package; 404 <c>"No results found for X"</c> or
    /// <c>"Multiple images found for X"</c>.
    /// </summary>
    /// <param name="base_filename">The image's base filename, e.g. <c>sro-kb001ms-20220629-00010442</c>.</param>
    [Function("GetImage")]
    [ApiResponse(StatusCodes.Status200OK, "The package of the one image with this base filename and a medium JPG.", Example = PackageExample)]
    [ApiResponse(
        StatusCodes.Status404NotFound,
        "A JSON string: `" + ImagesMessages.NoResults + "`, or `" + ImagesMessages.MultipleImages + "` when several rows match.",
        Example = "\"No results found for sro-kb001ms-20220629-00010442\"")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.DatabaseUnavailable)]
    public async Task<IActionResult> GetImage(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "image/{base_filename}")] HttpRequest request,
        string base_filename,
        CancellationToken cancellationToken)
    {
        var lookup = await images.ImageAsync(base_filename, cancellationToken);
        return lookup.Outcome switch
        {
            LookupOutcome.Found => Cacheable(lookup.Package!),
            LookupOutcome.Several => NotFound(ImagesMessages.MultipleImages, base_filename),
            _ => NotFound(ImagesMessages.NoResults, base_filename),
        };
    }

    /// <summary>
    /// <c>GET /fitsheader/{base_filename}</c>: 200 with the header object (<c>{}</c> when the row has none); 404
    /// <c>"No fits header found in the db for X"</c>, or <c>"Multiple images found for X"</c> when several rows share it.
    /// </summary>
    /// <param name="base_filename">The image's base filename, e.g. <c>sro-kb001ms-20220629-00010442</c>.</param>
    [Function("GetFitsHeader")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "The FITS header object of the one row with this base filename (any row, with or without JPG); `{}` when it has none.",
        Example = """{"SITEID": "sro", "INSTRUME": "kb001ms", "DAY-OBS": "20220629", "ORIGNAME": "sro-kb001ms-20220629-00010442-EX00.fits", "EXPTIME": 30.0, "FILTER": "Lum"}""")]
    [ApiResponse(
        StatusCodes.Status404NotFound,
        "A JSON string: `" + ImagesMessages.NoFitsHeader + "`, or `" + ImagesMessages.MultipleImages + "` when several rows match.",
        Example = "\"No fits header found in the db for sro-kb001ms-20220629-00010442\"")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.DatabaseUnavailable)]
    public async Task<IActionResult> GetFitsHeader(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "fitsheader/{base_filename}")] HttpRequest request,
        string base_filename,
        CancellationToken cancellationToken)
    {
        var lookup = await images.FitsHeaderAsync(base_filename, cancellationToken);
        return lookup.Outcome switch
        {
            LookupOutcome.Found => Cacheable(lookup.Header),
            LookupOutcome.Several => NotFound(ImagesMessages.MultipleImages, base_filename),
            _ => NotFound(ImagesMessages.NoFitsHeader, base_filename),
        };
    }

    /// <summary>
    /// <c>GET /filtered_images?username=&amp;user_id=&amp;site=&amp;filter=&amp;exposure_time_min=&amp;exposure_time_max=&amp;start_date=&amp;end_date=&amp;filename=&amp;limit=</c>:
    /// 200 with the matching packages, newest first, without intermediate smart stacks; 400 naming every unusable value.
    /// </summary>
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
    [ApiQueryParameter("limit", "How many matching rows are read, newest first: a whole number from 1 to 5000 (default 1000). A page that reads all of them names the next one in `X-Next-Cursor` and `Link`.")]
    [ApiQueryParameter("cursor", "The next page: the `X-Next-Cursor` of the previous answer (the other parameters unchanged). Pages follow (sort date, image id), so images arriving meanwhile shift nothing.")]
    [ApiQueryParameter("since", "Only images whose `sort_date` (Unix milliseconds, as in the packages) is greater than this whole number.")]
    [ApiQueryParameter("night", "Only images of the site's local noon-to-noon night starting on this date (`YYYY-MM-DD`), by `sort_date`: the window `/events` gives that night, up to the next night's. Needs `site`.")]
    [ApiQueryParameter("collapse", "`smartstack`: each smart stack as its final frame, with `stack_members` and `stack_exposure_s` (counted over the rows this page read); every other image with 1 and its own exposure.")]
    [ApiQueryParameter("near", "`RA,DEC,RADIUS` in degrees (J2000): only images whose pointing (`CRVAL1`/`CRVAL2`, else `RAHRS` × 15 and `DEC`) lies within RADIUS (at most 90) of RA, DEC; right across RA 0/360 and the poles.")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "Packages of the matching images that have a medium JPG, newest first, with intermediate smart stacks left out " +
        "(per `SMARTSTK`, only the highest `SSTKNUM`); may hold fewer than `limit`. Other query keys are ignored. When the " +
        "page read `limit` rows, `X-Next-Cursor` holds the next page's cursor and `Link` its URL (`rel=\"next\"`).",
        Example = "[" + PackageExample + "]")]
    [ApiResponse(StatusCodes.Status400BadRequest, ImagesMessages.FilterProblems)]
    [ApiResponse(StatusCodes.Status422UnprocessableEntity, "`" + ImagesMessages.InvalidFilter + ImagesMessages.NightsUnplaceable + "` (the site's configuration cannot place it).")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.DatabaseUnavailable)]
    public async Task<IActionResult> GetFilteredImages(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "filtered_images")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!ImageFilter.TryParse(QueryValues(request), out var filter, out var errors))
        {
            throw ApiException.BadRequest(ImagesMessages.InvalidFilter + string.Join(" ", errors));
        }

        var page = await images.FilteredImagesAsync(filter, cancellationToken);
        ApiResults.SetNextPage(request, page.NextCursor);
        return Cacheable(page.Packages);
    }

    // Every answer holds fresh SAS signatures, so the ETag is weak and hashes the body without them: it changes when
    // the images do. no-cache: a browser keeps the body and asks again with If-None-Match, answered by a bodiless 304.
    private static CacheableResponse Cacheable(object value)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, value.GetType(), ApiJson.Options);
        var unsigned = SignedUrl().Replace(Encoding.UTF8.GetString(body), "\"$1\"");
        return new CacheableResponse(body, "application/json; charset=utf-8", "no-cache", Encoding.UTF8.GetBytes(unsigned));
    }

    [GeneratedRegex("\"(https?://[^\"?]*)\\?[^\"]*\"", RegexOptions.CultureInvariant)]
    private static partial Regex SignedUrl();

    /// <summary>
    /// <c>GET /images/aggregate?site=S</c>: 200 with the site's images (with a medium JPG) counted per filter, per user
    /// and per night, for a filter form; 400 without a site; 404 for a site without a configuration.
    /// </summary>
    [Function("GetImagesAggregate")]
    [ApiQueryParameter("site", "The site code (exact, case-sensitive); its configuration's `TZ_database_name` places the nights.", Required = true)]
    [ApiResponse(
        StatusCodes.Status200OK,
        "`filters` and `users` (most images first) and `nights` (newest first) with their image counts. A night is the local " +
        "date whose noon starts the noon-to-noon window (as `/events` places it) holding the image's `sort_date`. " +
        "`ETag` and `Cache-Control: no-cache` come with it.",
        Example = """{"filters": [{"filter": "w", "count": 120}], "users": [{"user_id": "google-oauth2|100000000000000000000", "username": "Wayne", "count": 120}], "nights": [{"night": "2022-06-29", "count": 120}]}""")]
    [ApiResponse(StatusCodes.Status400BadRequest, "`" + ImagesMessages.AggregateSite + "`")]
    [ApiResponse(StatusCodes.Status404NotFound, "`" + ImagesMessages.AggregateUnknownSite + "`")]
    [ApiResponse(StatusCodes.Status422UnprocessableEntity, "`" + ImagesMessages.NightsUnplaceable + "`")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.DatabaseUnavailable)]
    public async Task<IActionResult> GetImagesAggregate(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "images/aggregate")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var site = QueryValues(request).GetValueOrDefault("site");
        if (string.IsNullOrEmpty(site) || site.Contains('\0', StringComparison.Ordinal))
        {
            throw ApiException.BadRequest(ImagesMessages.AggregateSite);
        }

        return Cacheable(await images.AggregateAsync(site, cancellationToken));
    }

    private static IActionResult NotFound(string template, string baseFilename) =>
        ApiResults.Message(MessageTemplate.Fill(template, ("base_filename", baseFilename)), StatusCodes.Status404NotFound);

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
