namespace PhotonRanch.Functions.OpenApi;

/// <summary>
/// The answers many functions share, worded once for their <see cref="ApiResponseAttribute"/> descriptions: what the
/// shared request parsing, storage code, authenticator and error responder answer, with their message texts.
/// </summary>
internal static class ApiAnswerTexts
{
    /// <summary>The 400s of <see cref="Http.JsonBody"/>.</summary>
    public const string InvalidBody =
        "The body is not JSON (`" + Http.RequestMessages.BodyNotJson + "`) or not an object (`" + Http.RequestMessages.BodyNotObject + "`).";

    /// <summary>The 413 of <see cref="Http.JsonBody"/>.</summary>
    public const string BodyTooLarge = "The body is over 4 MiB: `" + Http.RequestMessages.BodyTooLarge + "`";

    /// <summary>The 400 of <see cref="SiteConfigs.SiteCode"/>.</summary>
    public const string InvalidSite =
        "The site is not a site code: `" + SiteConfigs.SiteConfigMessages.InvalidSiteCode + "` (`{parameter}` is `site`).";

    /// <summary>The 400 of <see cref="Storage.DynamoDbNumbers"/> for JSON values kept in Table Storage.</summary>
    public const string NumberTooLarge =
        "A number has over 400 integer digits or exceeds a double: `" + Storage.StorageMessages.NumberTooLarge + "`";

    /// <summary>The 503 of <see cref="Hosting.ApiErrorResponder"/> when Table or Blob Storage does not answer.</summary>
    public const string StorageUnavailable =
        "Storage does not answer: `The storage service is unavailable; try again later.`, with `correlation_id`.";

    /// <summary>The 503 of <see cref="Hosting.ApiErrorResponder"/> when PostgreSQL (or, for the URLs, storage) does not answer.</summary>
    public const string DatabaseUnavailable =
        "PostgreSQL does not answer: `The image database is unavailable; try again later.` (or, issuing URLs, " +
        "`The storage service is unavailable; try again later.`), with `correlation_id`.";

    /// <summary>The 503s of <see cref="Auth.BearerAuthenticator"/>.</summary>
    public const string AuthUnavailable =
        "Auth is not configured (`" + Auth.AuthMessages.NotConfigured + "`) or the signing keys cannot be fetched (`" +
        Auth.AuthMessages.KeysUnavailable + "`).";

    /// <summary>The 503 of a protected function that also uses storage.</summary>
    public const string AuthOrStorageUnavailable = AuthUnavailable + " " + StorageUnavailable;

    /// <summary>The <c>cursor</c> parameter of every bounded listing.</summary>
    public const string Cursor =
        "Continues the listing where the previous page stopped: the value of that page's `X-Next-Cursor` header (also " +
        "in its `Link: <…>; rel=\"next\"`). A page holds at most 1,000 entries or 4 MiB of stored data; the last page " +
        "has no `X-Next-Cursor`.";
}
