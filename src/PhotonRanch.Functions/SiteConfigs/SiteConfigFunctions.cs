using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Auth;
using PhotonRanch.Functions.Http;

namespace PhotonRanch.Functions.SiteConfigs;

/// <summary>
/// <c>GET|PUT|DELETE /{site}/config</c> and <c>GET /all/config</c>. Writes need a bearer token unless
/// <c>Auth:ProtectConfigWrites</c> is false (the original accepted them from anyone).
/// </summary>
public sealed class SiteConfigFunctions
{
    private const string ConfigurationExample =
        """{"latitude": 35.554, "longitude": -105.87, "elevation": 2194, "reference_ambient": [10], "reference_pressure": [794], "TZ_database_name": "America/Denver"}""";

    private readonly SiteConfigService _configs;
    private readonly BearerAuthenticator _authenticator;
    private readonly AuthOptions _auth;

    /// <summary>Creates the function class.</summary>
    public SiteConfigFunctions(SiteConfigService configs, BearerAuthenticator authenticator, IOptions<AuthOptions> auth)
    {
        ArgumentNullException.ThrowIfNull(auth);
        _configs = configs;
        _authenticator = authenticator;
        _auth = auth.Value;
    }

    /// <summary>200 with the site's configuration object; 404 when the site has none.</summary>
    /// <param name="request">The request.</param>
    /// <param name="site">The site code, e.g. <c>saf</c>: 1-64 letters, digits, <c>.</c>, <c>_</c> or <c>-</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Function("GetSiteConfig")]
    [ApiResponse(StatusCodes.Status200OK, "The configuration as it was stored (whole numbers as integers).", Example = ConfigurationExample)]
    [ApiResponse(StatusCodes.Status400BadRequest, ApiAnswerTexts.InvalidSite)]
    [ApiResponse(StatusCodes.Status404NotFound, "`No configuration exists for site '{site}'.`")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> GetSiteConfig(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{site}/config")] HttpRequest request,
        string site,
        CancellationToken cancellationToken)
    {
        site = SiteCode.Validate(site);
        var configuration = await _configs.GetAsync(site, cancellationToken)
            ?? throw ApiException.NotFound($"No configuration exists for site '{site}'.");
        return ApiResults.Json(configuration);
    }

    /// <summary>Stores the body (a non-empty JSON object) as the site's whole configuration; 200.</summary>
    /// <remarks>Needs a bearer token unless <c>Auth__ProtectConfigWrites</c> is false.</remarks>
    /// <param name="request">The request.</param>
    /// <param name="site">The site code, e.g. <c>saf</c>: 1-64 letters, digits, <c>.</c>, <c>_</c> or <c>-</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Function("PutSiteConfig")]
    [ApiRequiresBearerToken]
    [ApiRequestBody(
        "The whole configuration: any non-empty JSON object, at most 983,040 bytes as stored. Site events read " +
        "`latitude`, `longitude`, `elevation`, `reference_ambient`, `reference_pressure` and `TZ_database_name`.",
        Required = true,
        Example = ConfigurationExample)]
    [ApiResponse(StatusCodes.Status200OK, "Stored, replacing any previous configuration.", Example = "\"Configuration saved for site saf\"")]
    [ApiResponse(
        StatusCodes.Status400BadRequest,
        ApiAnswerTexts.InvalidSite + " `'all' is reserved (GET /all/config lists every site) and cannot be a site code.` " +
        "An empty body or `{}`: `The configuration must be a non-empty JSON object.` " + ApiAnswerTexts.NumberTooLarge + " " +
        ApiAnswerTexts.InvalidBody)]
    [ApiResponse(
        StatusCodes.Status413PayloadTooLarge,
        ApiAnswerTexts.BodyTooLarge + " Or `The JSON value 'configuration' is {n} bytes; at most 983040 bytes can be stored.`; nothing is written.")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.AuthOrStorageUnavailable)]
    public async Task<IActionResult> PutSiteConfig(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "{site}/config")] HttpRequest request,
        string site,
        CancellationToken cancellationToken)
    {
        var caller = await AuthorizeWriteAsync(request, cancellationToken);
        site = SiteCode.Validate(site);
        var configuration = await JsonBody.ReadObjectAsync(request, cancellationToken);
        await _configs.SaveAsync(site, configuration, caller?.Subject, cancellationToken);
        return ApiResults.Message($"Configuration saved for site {site}");
    }

    /// <summary>Removes the site's configuration; 200 whether or not it had one.</summary>
    /// <remarks>Needs a bearer token unless <c>Auth__ProtectConfigWrites</c> is false.</remarks>
    /// <param name="request">The request.</param>
    /// <param name="site">The site code, e.g. <c>saf</c>: 1-64 letters, digits, <c>.</c>, <c>_</c> or <c>-</c>.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    [Function("DeleteSiteConfig")]
    [ApiRequiresBearerToken]
    [ApiResponse(StatusCodes.Status200OK, "Removed (also when there was none).", Example = "\"Configuration deleted for site saf\"")]
    [ApiResponse(
        StatusCodes.Status400BadRequest,
        ApiAnswerTexts.InvalidSite + " `'all' is reserved (GET /all/config lists every site) and cannot be a site code.`")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.AuthOrStorageUnavailable)]
    public async Task<IActionResult> DeleteSiteConfig(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "{site}/config")] HttpRequest request,
        string site,
        CancellationToken cancellationToken)
    {
        var caller = await AuthorizeWriteAsync(request, cancellationToken);
        site = SiteCode.Validate(site);
        await _configs.DeleteAsync(site, caller?.Subject, cancellationToken);
        return ApiResults.Message($"Configuration deleted for site {site}");
    }

    /// <summary>200 with <c>{site: configuration, ...}</c> for every site.</summary>
    [Function("GetAllSiteConfigs")]
    [ApiResponse(StatusCodes.Status200OK, "Site code → configuration, ordered by site code; `{}` when there is none.", Example = "{\"saf\": " + ConfigurationExample + "}")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> GetAllSiteConfigs(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "all/config")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResults.Json(await _configs.GetAllAsync(cancellationToken));

    private async Task<AuthenticatedCaller?> AuthorizeWriteAsync(HttpRequest request, CancellationToken cancellationToken) =>
        _auth.ProtectConfigWrites ? await _authenticator.AuthenticateAsync(request, cancellationToken) : null;
}
