namespace PhotonRanch.Functions.Http;

/// <summary>
/// A request the API refuses, with the status code and message the caller sees as <c>{"error": message}</c>.
/// Thrown by request parsing and services so that functions stay thin; the HTTP pipeline turns it into the response.
/// </summary>
internal sealed class ApiException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static ApiException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    public static ApiException NotFound(string message) => new(StatusCodes.Status404NotFound, message);
}
