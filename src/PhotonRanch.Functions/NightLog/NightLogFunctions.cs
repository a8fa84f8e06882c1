using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Functions.Auth;
using PhotonRanch.Functions.Http;

namespace PhotonRanch.Functions.NightLog;

/// <summary><c>GET|POST|DELETE /nightlog/{site}</c>; writing and deleting need a bearer token.</summary>
public sealed class NightLogFunctions
{
    private readonly NightLogService _notes;
    private readonly BearerAuthenticator _authenticator;

    /// <summary>Creates the function class.</summary>
    public NightLogFunctions(NightLogService notes, BearerAuthenticator authenticator)
    {
        _notes = notes;
        _authenticator = authenticator;
    }

    /// <summary>200 with <c>{site, created_timestamp, ttl_timestamp_seconds, note_data}</c>; 204 when there is no unexpired note.</summary>
    [Function("GetNightLogNote")]
    public async Task<IActionResult> GetNightLogNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "nightlog/{site}")] HttpRequest request,
        string site,
        CancellationToken cancellationToken)
    {
        site = SiteCode.Validate(site);
        var note = await _notes.GetAsync(site, cancellationToken);
        return note is null ? NoContent() : ApiResults.Json(note);
    }

    /// <summary>Creates the site's note from <c>{"note_data": {..., "ttl_hours": n}}</c>; 200 <c>"Note created successfully"</c>.</summary>
    [Function("CreateNightLogNote")]
    public async Task<IActionResult> CreateNightLogNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "nightlog/{site}")] HttpRequest request,
        string site,
        CancellationToken cancellationToken)
    {
        var caller = await _authenticator.AuthenticateAsync(request, cancellationToken);
        site = SiteCode.Validate(site);
        var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        await _notes.CreateAsync(site, body, caller.Subject, cancellationToken);
        return ApiResults.Message("Note created successfully");
    }

    /// <summary>Removes the site's note; 204 whether or not it had one.</summary>
    [Function("DeleteNightLogNote")]
    public async Task<IActionResult> DeleteNightLogNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "nightlog/{site}")] HttpRequest request,
        string site,
        CancellationToken cancellationToken)
    {
        var caller = await _authenticator.AuthenticateAsync(request, cancellationToken);
        site = SiteCode.Validate(site);
        await _notes.DeleteAsync(site, caller.Subject, cancellationToken);
        return NoContent();
    }

    // The original answered 204 with a message, which HTTP does not deliver: a 204 has no body.
    private static JsonResponse NoContent() => new(StatusCodes.Status204NoContent, null);
}
