namespace PhotonRanch.Functions.Http;

/// <summary>
/// A request the API refuses, with the status code and message the caller sees as <c>{"error": message}</c>.
/// Thrown by request parsing and services so that functions stay thin; the HTTP pipeline turns it into the response.
/// </summary>
internal sealed class ApiException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="statusCode">The HTTP status code to answer with (4xx for the caller's faults, 5xx for ours).</param>
    /// <param name="message">A message that names the problem; it is shown to the caller.</param>
    public ApiException(int statusCode, string message)
        : base(message)
    {
        StatusCode = statusCode;
    }

    /// <summary>The HTTP status code to answer with.</summary>
    public int StatusCode { get; }

    /// <summary>A 400 Bad Request.</summary>
    public static ApiException BadRequest(string message) => new(StatusCodes.Status400BadRequest, message);

    /// <summary>A 404 Not Found.</summary>
    public static ApiException NotFound(string message) => new(StatusCodes.Status404NotFound, message);
}
