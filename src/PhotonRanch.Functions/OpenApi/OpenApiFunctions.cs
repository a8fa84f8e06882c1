using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Functions.Http;

namespace PhotonRanch.Functions.OpenApi;

/// <summary><c>GET /openapi.json</c>: the API's description, for client generators and people.</summary>
internal sealed class OpenApiFunctions(ApiDescription description)
{
    /// <summary>The OpenAPI 3.0 document describing every endpoint, generated from the functions themselves.</summary>
    [Function("OpenApiDocument")]
    [ExcludeFromDescription]
    public IActionResult OpenApiDocument(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request) =>
        ApiResults.Json(description.Json);
}
