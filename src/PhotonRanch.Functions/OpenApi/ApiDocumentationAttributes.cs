namespace PhotonRanch.Functions.OpenApi;

/// <summary>
/// A query-string parameter an HTTP function reads, for <c>GET /openapi.json</c>. Route parameters need no
/// attribute: they come from the route template, described by the method's <c>&lt;param&gt;</c> XML docs.
/// </summary>
/// <param name="description">What it means and its default.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
internal sealed class ApiQueryParameterAttribute(string name, string description) : Attribute
{
    public string Name { get; } = name;

    public string Description { get; } = description;

    /// <summary>Whether a request without it is refused.</summary>
    public bool Required { get; init; }
}

/// <summary>The body an HTTP function reads (JSON unless <see cref="MediaType"/> says otherwise), for <c>GET /openapi.json</c>.</summary>
/// <param name="description">The body's fields, their meaning and defaults.</param>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ApiRequestBodyAttribute(string description) : Attribute
{
    public string Description { get; } = description;

    /// <summary>An example body as JSON text.</summary>
    public string? Example { get; init; }

    /// <summary>Whether a request must carry a body (an empty body reads as <c>{}</c>).</summary>
    public bool Required { get; init; }

    public string MediaType { get; init; } = "application/json";
}

/// <summary>One answer an HTTP function gives, for <c>GET /openapi.json</c>.</summary>
/// <param name="description">When it is given and what the body holds.</param>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
internal sealed class ApiResponseAttribute(int statusCode, string description) : Attribute
{
    public int StatusCode { get; } = statusCode;

    public string Description { get; } = description;

    /// <summary>An example body as JSON text.</summary>
    public string? Example { get; init; }
}

/// <summary>
/// Marks a <c>POST</c> or <c>PUT</c> function that reads no request body, so that the description check (every
/// <c>POST</c>/<c>PUT</c> function carries <see cref="ApiRequestBodyAttribute"/> or this) knows it was not forgotten.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ApiNoRequestBodyAttribute : Attribute;

/// <summary>
/// An HTTP function that needs <c>Authorization: Bearer &lt;JWT&gt;</c>: <c>GET /openapi.json</c> gives it the
/// <c>bearerAuth</c> security requirement and, unless it declares its own, the 401 answer.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ApiRequiresBearerTokenAttribute : Attribute;
