using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Auth;
using PhotonRanch.Functions.Hosting;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.OpenApi;

namespace PhotonRanch.Functions.SiteConfigs;

/// <summary>
/// <c>GET|PUT|DELETE /{site}/config</c> and <c>GET /all/config</c>. Writes are open to anyone, as in the original
/// (site computers send no token), unless <c>Auth:ProtectConfigWrites</c> is true.
/// </summary>
internal sealed class SiteConfigFunctions(SiteConfigService configs, BearerAuthenticator authenticator, IOptions<AuthOptions> auth)
{
    private const string ConfigurationExample =
        """{"latitude": 35.554, "longitude": -105.87, "elevation": 2194, "reference_ambient": [10], "reference_pressure": [794], "TZ_database_name": "America/Denver"}""";

    private const string RowExample = "{\"site\": \"saf\", \"configuration\": " + ConfigurationExample + "}";

    private const string WriteAnswerExample =
        """{"site": "saf", "ResponseMetadata": {"HTTPStatusCode": 200, "RequestId": "0HNDJ3K9V1C5Q:00000001"}}""";

    private const string WriteAuthRemark =
        "Open to anyone, as in the original (site computers send no token), unless `Auth__ProtectConfigWrites` is true; " +
        "then it needs `Authorization: Bearer <JWT>` and answers 401 without a valid one.";

    private readonly AuthOptions _auth = auth.Value;

    /// <summary>200 with the stored row <c>{"site": ..., "configuration": {...}}</c>; 404 when the site has none.</summary>
    /// <param name="request"></param>
    /// <param name="site">The site code, e.g. <c>saf</c>: 1-64 letters, digits, <c>.</c>, <c>_</c> or <c>-</c>.</param>
    /// <param name="cancellationToken"></param>
    [Function("GetSiteConfig")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "The stored row, as the original's DynamoDB `Item`: `site` and the `configuration` as it was stored (whole numbers as integers). Site computers read `configuration`.",
        Example = RowExample)]
    [ApiResponse(StatusCodes.Status400BadRequest, ApiAnswerTexts.InvalidSite)]
    [ApiResponse(StatusCodes.Status404NotFound, "`" + SiteConfigMessages.NoConfiguration + "`")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> GetSiteConfig(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "{site}/config")] HttpRequest request,
        string site,
        CancellationToken cancellationToken)
    {
        site = SiteCode.Validate(site);
        var configuration = await configs.GetAsync(site, cancellationToken)
            ?? throw ApiException.NotFound(MessageTemplate.Fill(SiteConfigMessages.NoConfiguration, ("site", site)));
        return ApiResults.Json(new SiteConfigRow(site, configuration));
    }

    /// <summary>Stores the body (a non-empty JSON object) as the site's whole configuration; 200.</summary>
    /// <remarks>Open to anyone unless <c>Auth__ProtectConfigWrites</c> is true; then it needs a bearer token.</remarks>
    /// <param name="request"></param>
    /// <param name="site">The site code, e.g. <c>saf</c>: 1-64 letters, digits, <c>.</c>, <c>_</c> or <c>-</c>.</param>
    /// <param name="cancellationToken"></param>
    [Function("PutSiteConfig")]
    [ApiRequestBody(
        "The whole configuration: any non-empty JSON object, at most 983,040 bytes as stored. Site events read " +
        "`latitude`, `longitude`, `elevation`, `reference_ambient`, `reference_pressure` and `TZ_database_name`.",
        Required = true,
        Example = ConfigurationExample)]
    [ApiResponse(
        StatusCodes.Status200OK,
        "Stored, replacing any previous configuration. The shape of the DynamoDB answer the original passed on: site " +
        "computers check `ResponseMetadata.HTTPStatusCode == 200` (`RequestId` is the correlation id).",
        Example = WriteAnswerExample)]
    [ApiResponse(
        StatusCodes.Status400BadRequest,
        ApiAnswerTexts.InvalidSite + " `" + SiteConfigMessages.ReservedSite + "` " +
        "An empty body or `{}`: `" + SiteConfigMessages.EmptyConfiguration + "` " + ApiAnswerTexts.NumberTooLarge + " " +
        ApiAnswerTexts.InvalidBody)]
    [ApiResponse(
        StatusCodes.Status413PayloadTooLarge,
        ApiAnswerTexts.BodyTooLarge + " Or `The JSON value 'configuration' is {n} bytes; at most 983040 bytes can be stored.`; nothing is written.")]
    [ApiResponse(StatusCodes.Status401Unauthorized, WriteAuthRemark)]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable + " With protected writes also: " + ApiAnswerTexts.AuthUnavailable)]
    public async Task<IActionResult> PutSiteConfig(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "{site}/config")] HttpRequest request,
        string site,
        CancellationToken cancellationToken)
    {
        var caller = await AuthorizeWriteAsync(request, cancellationToken);
        site = SiteCode.Validate(site);
        var configuration = await JsonBody.ReadObjectAsync(request, cancellationToken);
        await configs.SaveAsync(site, configuration, caller?.Subject, cancellationToken);
        return ApiResults.Json(WriteAnswer.For(site, request));
    }

    /// <summary>Removes the site's configuration; 200 whether or not it had one.</summary>
    /// <remarks>Open to anyone unless <c>Auth__ProtectConfigWrites</c> is true; then it needs a bearer token.</remarks>
    /// <param name="request"></param>
    /// <param name="site">The site code, e.g. <c>saf</c>: 1-64 letters, digits, <c>.</c>, <c>_</c> or <c>-</c>.</param>
    /// <param name="cancellationToken"></param>
    [Function("DeleteSiteConfig")]
    [ApiResponse(StatusCodes.Status200OK, "Removed (also when there was none); the same answer as `PUT`.", Example = WriteAnswerExample)]
    [ApiResponse(
        StatusCodes.Status400BadRequest,
        ApiAnswerTexts.InvalidSite + " `" + SiteConfigMessages.ReservedSite + "`")]
    [ApiResponse(StatusCodes.Status401Unauthorized, WriteAuthRemark)]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable + " With protected writes also: " + ApiAnswerTexts.AuthUnavailable)]
    public async Task<IActionResult> DeleteSiteConfig(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "{site}/config")] HttpRequest request,
        string site,
        CancellationToken cancellationToken)
    {
        var caller = await AuthorizeWriteAsync(request, cancellationToken);
        site = SiteCode.Validate(site);
        await configs.DeleteAsync(site, caller?.Subject, cancellationToken);
        return ApiResults.Json(WriteAnswer.For(site, request));
    }

    /// <summary>200 with <c>{site: configuration, ...}</c> for every site.</summary>
    [Function("GetAllSiteConfigs")]
    [ApiQueryParameter(QueryParameters.CursorName, ApiAnswerTexts.Cursor)]
    [ApiResponse(StatusCodes.Status200OK, "Site code → configuration, ordered by site code; `{}` when there is none.", Example = "{\"saf\": " + ConfigurationExample + "}")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> GetAllSiteConfigs(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "all/config")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResults.Page(request, await configs.GetAllAsync(QueryParameters.Cursor(request), cancellationToken));

    private async Task<AuthenticatedCaller?> AuthorizeWriteAsync(HttpRequest request, CancellationToken cancellationToken) =>
        _auth.ProtectConfigWrites ? await authenticator.AuthenticateAsync(request, cancellationToken) : null;

    /// <summary>The answer to <c>GET /{site}/config</c>: the stored row, as the original's DynamoDB <c>Item</c>.</summary>
    public sealed record SiteConfigRow(string Site, JsonNode? Configuration);

    /// <summary>
    /// The answer to a config write, shaped like the DynamoDB answer the original passed on, because site computers
    /// read it (ptr-observatory obs.py: <c>response["ResponseMetadata"]["HTTPStatusCode"] == 200</c>) and take a
    /// <c>message</c> field for a failure.
    /// </summary>
    public sealed record WriteAnswer(string Site, [property: JsonPropertyName("ResponseMetadata")] WriteMetadata ResponseMetadata)
    {
        public static WriteAnswer For(string site, HttpRequest request) =>
            new(site, new WriteMetadata(StatusCodes.Status200OK, CorrelationId.Resolve(request.HttpContext)));
    }

    /// <summary>The <c>ResponseMetadata</c> of <see cref="WriteAnswer"/>; always 200, failures answer an error instead.</summary>
    public sealed record WriteMetadata(
        [property: JsonPropertyName("HTTPStatusCode")] int HttpStatusCode,
        [property: JsonPropertyName("RequestId")] string RequestId);
}
