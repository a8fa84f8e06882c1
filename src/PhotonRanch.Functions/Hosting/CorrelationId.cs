namespace PhotonRanch.Functions.Hosting;

/// <summary>
/// The id that ties a response to its log lines: the caller's <c>x-correlation-id</c> when it is a sane token,
/// otherwise the host's request id. It is echoed in the response header and in 5xx bodies.
/// </summary>
internal static class CorrelationId
{
    public const string HeaderName = "x-correlation-id";

    private const int MaxLength = 64;

    public static string Resolve(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var supplied = context.Request.Headers[HeaderName].ToString();
        return IsSane(supplied) ? supplied : context.TraceIdentifier;
    }

    // Only echo ids that cannot smuggle anything into headers or logs.
    private static bool IsSane(string value) =>
        value.Length is > 0 and <= MaxLength && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':');
}
