using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Functions.Http;

namespace PhotonRanch.Functions.Tests.Infrastructure;

/// <summary>
/// Functions that exist only in the test host, to drive the shared HTTP pipeline through paths no real endpoint
/// should take on purpose (an unhandled exception) and through JSON body parsing before services use it.
/// </summary>
public sealed class PipelineProbeFunctions
{
    public const string SecretInExceptionMessage = "connection string Password=hunter2 in PipelineProbeFunctions";

    [Function("ProbeEcho")]
    public async Task<IActionResult> Echo(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "__probe/echo")] HttpRequest request,
        CancellationToken cancellationToken) =>
        ApiResults.Json(await JsonBody.ReadObjectAsync(request, cancellationToken));

    [Function("ProbeThrow")]
    public IActionResult Throw([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "__probe/throw")] HttpRequest request) =>
        throw new InvalidOperationException(SecretInExceptionMessage);

    [Function("ProbeRouteValue")]
    public IActionResult RouteValue(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "__probe/route/{site}/{channel}")] HttpRequest request,
        string site,
        string channel) =>
        ApiResults.Json(new { site, channel });
}
