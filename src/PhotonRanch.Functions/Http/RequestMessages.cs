namespace PhotonRanch.Functions.Http;

/// <summary>
/// Every message the shared request handling answers with, once: the request helpers (<see cref="JsonBody"/>,
/// <see cref="QueryParameters"/>, <see cref="JsonFields"/>), the error edge and the fallback fill these templates in
/// (<see cref="MessageTemplate.Fill"/>) and the API description quotes them.
/// </summary>
internal static class RequestMessages
{
    public const string BodyNotJson = "Request body is not valid JSON: {detail}";
    public const string BodyNotObject = "Request body must be a JSON object.";
    public const string BodyTooLarge = "Request body is larger than 4194304 bytes.";
    public const string BodyNumberTooLong = "Request body has a number longer than 64 characters.";
    public const string BodyTextInvalid = "Request body has a string that is not valid Unicode (invalid UTF-8, or an unpaired surrogate escape).";
    public const string FieldNotString = "Field '{name}' must be a string.";

    public const string MissingParameter = "Missing required parameter: {name}";
    public const string ParameterOutOfRange = "Parameter '{name}' must be a whole number from {min} to {max}.";
    public const string CursorInvalid = "Parameter 'cursor' must be a cursor from a previous page's X-Next-Cursor header.";

    public const string NoRoute = "No route matches {method} {path}.";
    public const string StorageRefusedData = "Storage refused the request's data ({code}).";
    public const string CancelledByCaller = "The request was cancelled by the caller.";
    public const string DependencyUnavailable = "The {dependency} is unavailable; try again later.";
    public const string InternalError = "Internal server error.";
}
