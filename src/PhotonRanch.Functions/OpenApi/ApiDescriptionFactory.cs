using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Routing;
using Microsoft.OpenApi;
using PhotonRanch.Functions.Hosting;
using PhotonRanch.Functions.Root;

namespace PhotonRanch.Functions.OpenApi;

/// <summary>
/// Builds the OpenAPI 3 description of the API from the functions themselves: paths, methods and path parameters
/// from <see cref="HttpFunctionCatalog"/> (the attributes both hosts route by), summaries from the XML documentation
/// comments, query parameters, bodies and answers from <see cref="ApiQueryParameterAttribute"/>,
/// <see cref="ApiRequestBodyAttribute"/> and <see cref="ApiResponseAttribute"/>, and the bearer-token requirement
/// from <see cref="ApiRequiresBearerTokenAttribute"/>. Functions marked
/// <see cref="ExcludeFromDescriptionAttribute"/> (the CORS preflight, the JSON 404, this document) are left out.
/// </summary>
internal static partial class ApiDescriptionFactory
{
    public const string Title = "Photon Ranch API";

    public const string ErrorSchemaName = "Error";

    /// <summary>The security scheme of the functions marked <see cref="ApiRequiresBearerTokenAttribute"/>.</summary>
    public const string BearerSchemeName = "bearerAuth";

    private const string JsonMediaType = "application/json";

    private static readonly HttpMethod[] AnyMethod = [HttpMethod.Get, HttpMethod.Post, HttpMethod.Put, HttpMethod.Delete, HttpMethod.Patch];

    /// <exception cref="InvalidOperationException">Two functions answer the same method on the same path.</exception>
    public static OpenApiDocument Create(HttpFunctionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var document = new OpenApiDocument { Info = Info(), Paths = [], Components = Components() };
        var documentation = new Dictionary<Assembly, XmlDocumentation>();
        var tags = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var function in catalog.Functions.Where(IsDescribed))
        {
            var assembly = function.DeclaringType.Assembly;
            if (!documentation.TryGetValue(assembly, out var xml))
            {
                xml = XmlDocumentation.For(assembly);
                documentation[assembly] = xml;
            }

            var tag = Tag(function.DeclaringType);
            tags.Add(tag);
            AddOperations(document, function, () => Operation(function, xml, tag, document));
        }

        document.Tags = tags.Select(tag => new OpenApiTag { Name = tag }).ToHashSet();
        return document;
    }

    private static OpenApiInfo Info() => new()
    {
        Title = Title,
        Version = Version(),
        Description =
            "The Photon Ranch observatory backend. Every response carries `Access-Control-Allow-Origin: *` and " +
            "`Access-Control-Allow-Credentials: true`; `OPTIONS` on any path answers the CORS preflight (204), and a " +
            "path no operation serves answers 404 `{\"error\": ...}`. Errors are `{\"error\": ...}`; 5xx answers also " +
            "carry `correlation_id`, echoed in the `x-correlation-id` header.",
    };

    private static OpenApiComponents Components() => new()
    {
        Schemas = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
        {
            [ErrorSchemaName] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Required = new HashSet<string>(StringComparer.Ordinal) { "error" },
                Properties = new Dictionary<string, IOpenApiSchema>(StringComparer.Ordinal)
                {
                    ["error"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "What went wrong." },
                    ["correlation_id"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "On 5xx answers: the id the failure was logged under." },
                },
            },
        },
        SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>(StringComparer.Ordinal)
        {
            [BearerSchemeName] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "An Auth0 access token: RS256, audience = the app's `Auth__ClientId`, issuer = `Auth__Issuer` when set.",
            },
        },
    };

    // An operation under each of the function's methods (every method when it names none).
    private static void AddOperations(OpenApiDocument document, HttpFunction function, Func<OpenApiOperation> operation)
    {
        var path = Path(function.Route);
        if (!document.Paths.TryGetValue(path, out var pathItem))
        {
            pathItem = new OpenApiPathItem();
            document.Paths[path] = pathItem;
        }

        foreach (var method in function.HttpMethods.Count == 0 ? AnyMethod : function.HttpMethods.Select(method => new HttpMethod(method)))
        {
            if (pathItem.Operations?.ContainsKey(method) == true)
            {
                throw new InvalidOperationException($"Two functions answer {method} {path}; the second is {function.Name}.");
            }

            ((OpenApiPathItem)pathItem).AddOperation(method, operation());
        }
    }

    private static bool IsDescribed(HttpFunction function) =>
        function.Method.GetCustomAttribute<ExcludeFromDescriptionAttribute>() is null
            && function.DeclaringType.GetCustomAttribute<ExcludeFromDescriptionAttribute>() is null;

    // OpenAPI path parameters are plain names: {*path} and {id:int} become {path} and {id}. The root's route is a
    // template that matches only "/" (ApiRootFunctions.RootRoute).
    private static string Path(string route) =>
        "/" + RouteParameter().Replace(Template(route), match => "{" + match.Groups["name"].Value + "}");

    private static string Template(string route) => route == ApiRootFunctions.RootRoute ? string.Empty : route;

    private static OpenApiOperation Operation(HttpFunction function, XmlDocumentation xml, string tag, OpenApiDocument document)
    {
        var operation = new OpenApiOperation
        {
            OperationId = function.Name,
            Summary = xml.Summary(function.Method),
            Description = xml.Remarks(function.Method),
            Tags = new HashSet<OpenApiTagReference> { new(tag, document) },
            Parameters = [.. PathParameters(function, xml), .. QueryParameters(function)],
            Responses = [],
        };

        if (function.Method.GetCustomAttribute<ApiRequestBodyAttribute>() is { } body)
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Description = body.Description,
                Required = body.Required,
                Content = new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal)
                {
                    [body.MediaType] = MediaType(body.Example, JsonSchemaType.Object),
                },
            };
        }

        var requiresToken = function.Method.GetCustomAttribute<ApiRequiresBearerTokenAttribute>() is not null;
        if (requiresToken)
        {
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerSchemeName, document)] = [] }];
        }

        foreach (var response in Responses(function, requiresToken).OrderBy(response => response.StatusCode))
        {
            operation.Responses[response.StatusCode.ToString(System.Globalization.CultureInfo.InvariantCulture)] = Response(response, document);
        }

        operation.Responses["default"] = new OpenApiResponse
        {
            Description = "Any other answer: a 4xx for a request the API refuses (e.g. a body that is not a JSON object), " +
                "503 when a dependency is unreachable, 500 for a fault; the body names the problem.",
            Content = ErrorContent(document),
        };
        return operation;
    }

    private static IEnumerable<IOpenApiParameter> PathParameters(HttpFunction function, XmlDocumentation xml) =>
        RouteParameter().Matches(Template(function.Route)).Select(parameter => new OpenApiParameter
        {
            Name = parameter.Groups["name"].Value,
            In = ParameterLocation.Path,
            Required = true,
            Description = xml.Parameter(function.Method, parameter.Groups["name"].Value),
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });

    private static IEnumerable<IOpenApiParameter> QueryParameters(HttpFunction function) =>
        function.Method.GetCustomAttributes<ApiQueryParameterAttribute>().Select(query => new OpenApiParameter
        {
            Name = query.Name,
            In = ParameterLocation.Query,
            Required = query.Required,
            Description = query.Description,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });

    // The declared answers; a plain 200 when none is declared, and the 401 of a protected function unless declared.
    private static List<ApiResponseAttribute> Responses(HttpFunction function, bool requiresToken)
    {
        var responses = function.Method.GetCustomAttributes<ApiResponseAttribute>().ToList();
        if (responses.Count == 0)
        {
            responses.Add(new ApiResponseAttribute(StatusCodes.Status200OK, "OK."));
        }

        if (requiresToken && responses.All(response => response.StatusCode != StatusCodes.Status401Unauthorized))
        {
            responses.Add(new ApiResponseAttribute(
                StatusCodes.Status401Unauthorized,
                "The bearer token is missing or invalid; `error` says what is wrong (e.g. `The token has expired.`), " +
                "`WWW-Authenticate` is `Bearer` or `Bearer error=\"invalid_token\"`. Nothing is read or written."));
        }

        return responses;
    }

    private static OpenApiResponse Response(ApiResponseAttribute response, OpenApiDocument document)
    {
        if (response.StatusCode == StatusCodes.Status204NoContent)
        {
            return new OpenApiResponse { Description = response.Description };
        }

        return new OpenApiResponse
        {
            Description = response.Description,
            Content = response.Example is null && response.StatusCode >= StatusCodes.Status400BadRequest
                ? ErrorContent(document)
                : new Dictionary<string, OpenApiMediaType>(StringComparer.Ordinal) { [JsonMediaType] = MediaType(response.Example, null) },
        };
    }

    private static Dictionary<string, OpenApiMediaType> ErrorContent(OpenApiDocument document) =>
        new(StringComparer.Ordinal)
        {
            [JsonMediaType] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(ErrorSchemaName, document) },
        };

    // The schema's type is the example's (the answers are JSON objects, arrays or, where the original returned a
    // message, strings); without an example only the declared fallback type is known.
    private static OpenApiMediaType MediaType(string? example, JsonSchemaType? fallbackType)
    {
        var node = example is null ? null : JsonNode.Parse(example);
        var type = node?.GetValueKind() switch
        {
            JsonValueKind.Object => JsonSchemaType.Object,
            JsonValueKind.Array => JsonSchemaType.Array,
            JsonValueKind.String => JsonSchemaType.String,
            JsonValueKind.Number => JsonSchemaType.Number,
            JsonValueKind.True or JsonValueKind.False => JsonSchemaType.Boolean,
            _ => fallbackType,
        };
        return new OpenApiMediaType { Schema = new OpenApiSchema { Type = type }, Example = node };
    }

    private static string Tag(Type functions)
    {
        const string suffix = "Functions";
        return functions.Name.EndsWith(suffix, StringComparison.Ordinal) && functions.Name.Length > suffix.Length
            ? functions.Name[..^suffix.Length]
            : functions.Name;
    }

    private static string Version()
    {
        var version = typeof(ApiDescriptionFactory).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "1.0.0";
        return version.Split('+')[0];
    }

    // {name}, {*name}, {**name}, {name:constraint}, {name?}, {name=default}.
    [GeneratedRegex(@"\{\*{0,2}(?<name>[A-Za-z_][A-Za-z0-9_]*)[^}]*\}")]
    private static partial Regex RouteParameter();
}
