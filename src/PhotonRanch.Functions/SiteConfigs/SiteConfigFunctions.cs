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
    [Function("GetSiteConfig")]
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
    [Function("PutSiteConfig")]
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
    [Function("DeleteSiteConfig")]
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
    public async Task<IActionResult> GetAllSiteConfigs(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "all/config")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResults.Json(await _configs.GetAllAsync(cancellationToken));

    private async Task<AuthenticatedCaller?> AuthorizeWriteAsync(HttpRequest request, CancellationToken cancellationToken) =>
        _auth.ProtectConfigWrites ? await _authenticator.AuthenticateAsync(request, cancellationToken) : null;
}
