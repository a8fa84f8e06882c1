using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Functions.Auth;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.OpenApi;
using PhotonRanch.Functions.SiteConfigs;

namespace PhotonRanch.Functions.NightLog;

/// <summary><c>GET|POST|DELETE /nightlog/{site}</c>; writing and deleting need a bearer token.</summary>
internal sealed class NightLogFunctions(NightLogService notes, BearerAuthenticator authenticator)
{
    private const string NoteExample =
        """{"site": "saf", "created_timestamp": 1764403200, "ttl_timestamp_seconds": 1764446400, "note_data": {"note": "Dome stuck at 90°", "author": "wmd", "ttl_hours": 12}}""";

    /// <summary>200 with <c>{site, created_timestamp, ttl_timestamp_seconds, note_data}</c>; 204 when there is no unexpired note.</summary>
    /// <param name="request"></param>
    /// <param name="site">The site code, e.g. <c>saf</c>: 1-64 letters, digits, <c>.</c>, <c>_</c> or <c>-</c>.</param>
    /// <param name="cancellationToken"></param>
    [Function("GetNightLogNote")]
    [ApiResponse(
        StatusCodes.Status200OK,
        "The note: `created_timestamp` and `ttl_timestamp_seconds` (its expiry) in Unix seconds, `note_data` as posted.",
        Example = NoteExample)]
    [ApiResponse(StatusCodes.Status204NoContent, "The site has no note, or it has expired (an expired note is deleted). No body.")]
    [ApiResponse(StatusCodes.Status400BadRequest, ApiAnswerTexts.InvalidSite)]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.StorageUnavailable)]
    public async Task<IActionResult> GetNightLogNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "nightlog/{site}")] HttpRequest request,
        string site,
        CancellationToken cancellationToken)
    {
        site = SiteCode.Validate(site);
        var note = await notes.GetAsync(site, cancellationToken);
        return note is null ? NoContent() : ApiResults.Json(note);
    }

    /// <summary>Creates the site's note from <c>{"note_data": {..., "ttl_hours": n}}</c>; 200 <c>"Note created successfully"</c>.</summary>
    /// <param name="request"></param>
    /// <param name="site">The site code, e.g. <c>saf</c>: 1-64 letters, digits, <c>.</c>, <c>_</c> or <c>-</c>.</param>
    /// <param name="cancellationToken"></param>
    [Function("CreateNightLogNote")]
    [ApiRequiresBearerToken]
    [ApiRequestBody(
        "`note_data` (object, required): the note, stored whole, with `ttl_hours` (required): a number, or a string " +
        "holding one, greater than 0 and at most 87600. The note expires `ceil(ttl_hours × 3600)` seconds from now; " +
        "it replaces the site's previous note. At most 983,040 bytes as stored.",
        Required = true,
        Example = """{"note_data": {"note": "Dome stuck at 90°", "author": "wmd", "ttl_hours": 12}}""")]
    [ApiResponse(StatusCodes.Status200OK, "Stored.", Example = "\"" + NightLogMessages.NoteCreated + "\"")]
    [ApiResponse(
        StatusCodes.Status400BadRequest,
        ApiAnswerTexts.InvalidSite + " `" + NightLogMessages.NoteDataNotObject + "` `" + NightLogMessages.TtlOutOfRange + "` " +
        ApiAnswerTexts.NumberTooLarge + " " +
        ApiAnswerTexts.InvalidBody)]
    [ApiResponse(
        StatusCodes.Status413PayloadTooLarge,
        ApiAnswerTexts.BodyTooLarge + " Or `The JSON value 'note_data' is {n} bytes; at most 983040 bytes can be stored.`; nothing is written.")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.AuthOrStorageUnavailable)]
    public async Task<IActionResult> CreateNightLogNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "nightlog/{site}")] HttpRequest request,
        string site,
        CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken);
        site = SiteCode.Validate(site);
        var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        await notes.CreateAsync(site, body, caller.Subject, cancellationToken);
        return ApiResults.Message(NightLogMessages.NoteCreated);
    }

    /// <summary>Removes the site's note; 204 whether or not it had one.</summary>
    /// <param name="request"></param>
    /// <param name="site">The site code, e.g. <c>saf</c>: 1-64 letters, digits, <c>.</c>, <c>_</c> or <c>-</c>.</param>
    /// <param name="cancellationToken"></param>
    [Function("DeleteNightLogNote")]
    [ApiRequiresBearerToken]
    [ApiResponse(StatusCodes.Status204NoContent, "Removed (also when there was none). No body.")]
    [ApiResponse(StatusCodes.Status400BadRequest, ApiAnswerTexts.InvalidSite)]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.AuthOrStorageUnavailable)]
    public async Task<IActionResult> DeleteNightLogNote(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "nightlog/{site}")] HttpRequest request,
        string site,
        CancellationToken cancellationToken)
    {
        var caller = await authenticator.AuthenticateAsync(request, cancellationToken);
        site = SiteCode.Validate(site);
        await notes.DeleteAsync(site, caller.Subject, cancellationToken);
        return NoContent();
    }

    // The original answered 204 with a message, which HTTP does not deliver: a 204 has no body.
    private static JsonResponse NoContent() => new(StatusCodes.Status204NoContent, null);
}
