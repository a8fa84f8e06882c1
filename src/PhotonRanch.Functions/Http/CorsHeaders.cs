namespace PhotonRanch.Functions.Http;

/// <summary>The CORS headers of the original API Gateway deployment, on every response of both hosts.</summary>
public static class CorsHeaders
{
    /// <summary>The methods a browser is told it may use.</summary>
    public const string AllowedMethods = "GET,POST,PUT,DELETE,OPTIONS";

    /// <summary>The API's own response headers that browser scripts may read.</summary>
    public const string ExposedHeaders = "x-correlation-id, X-Events-Missing";

    /// <summary>Headers every response carries.</summary>
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
        response.Headers.AccessControlAllowHeaders = "*";
        response.Headers.AccessControlAllowMethods = AllowedMethods;
    }
}
