namespace PhotonRanch.Functions.Hosting;

/// <summary>The CORS headers of the original API Gateway deployment, on every response of both hosts.</summary>
internal static class CorsHeaders
{
    public const string AllowedMethods = "GET,POST,PUT,DELETE,OPTIONS";

    /// <summary>
    /// The request headers a browser is told it may send: the original API Gateway's list plus the correlation id.
    /// Named, not <c>*</c>: the Fetch standard never lets <c>*</c> cover <c>Authorization</c>.
    /// </summary>
    public const string AllowedHeaders = "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token," + CorrelationId.HeaderName;

    /// <summary>The API's own response headers that browser scripts may read.</summary>
    public const string ExposedHeaders = "x-correlation-id, X-Events-Missing, X-Next-Cursor, Link, ETag";

    public static void ApplyTo(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.Headers.AccessControlAllowOrigin = "*";
        response.Headers.AccessControlAllowCredentials = "true";

        // Browsers hide response headers from scripts unless they are exposed.
        response.Headers.AccessControlExposeHeaders = ExposedHeaders;
    }

    /// <summary>The extra headers of an answer to an <c>OPTIONS</c> preflight.</summary>
    public static void ApplyPreflightTo(HttpResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        ApplyTo(response);
        response.Headers.AccessControlAllowHeaders = AllowedHeaders;
        response.Headers.AccessControlAllowMethods = AllowedMethods;
    }
}
