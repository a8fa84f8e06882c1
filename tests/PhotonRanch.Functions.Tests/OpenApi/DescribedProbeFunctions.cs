using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.OpenApi;

namespace PhotonRanch.Functions.Tests.OpenApi;

/// <summary>
/// Test-host functions that use every description attribute, so the document's query parameters, bodies, answers
/// and path parameter texts are checked before a real service needs them.
/// </summary>
public sealed class DescribedProbeFunctions
{
    /// <summary>Reads a probe of a site.</summary>
    /// <param name="request">The request.</param>
    /// <param name="site">The site code, e.g. <c>sro</c>.</param>
    [Function("ProbeDescribedRead")]
    [ApiQueryParameter("limit", "How many, at most (default 10).")]
    [ApiQueryParameter("userid", "Only this user's.", Required = true)]
    [ApiResponse(StatusCodes.Status200OK, "The probes.", Example = """[{"site": "sro"}]""")]
    [ApiResponse(StatusCodes.Status404NotFound, "No such site.")]
    [ApiResponse(StatusCodes.Status403Forbidden, "A message string, as the original.", Example = "\"Invalid directory\"")]
    public IActionResult Read(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "__probe/described/{site}")] HttpRequest request,
        string site) =>
        ApiResults.Json(new[] { new { site } });

    /// <summary>Writes a probe of a site.</summary>
    [Function("ProbeDescribedWrite")]
    [ApiRequestBody("The probe: `name` (required).", Required = true, Example = """{"name": "probe"}""")]
    [ApiResponse(StatusCodes.Status204NoContent, "Written.")]
    public IActionResult Write(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = "__probe/described/{site}")] HttpRequest request,
        string site) =>
        new JsonResponse(StatusCodes.Status204NoContent, null);
}
