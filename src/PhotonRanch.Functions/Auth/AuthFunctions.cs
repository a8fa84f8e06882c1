using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.OpenApi;

namespace PhotonRanch.Functions.Auth;

/// <summary><c>POST /dummy-requires-auth</c>: the original's endpoint for checking that a token is accepted.</summary>
internal sealed class AuthFunctions(BearerAuthenticator authenticator)
{
    /// <summary>200 <c>"successful authorization"</c> with a valid bearer token, else 401.</summary>
    [Function("DummyRequiresAuth")]
    [ApiNoRequestBody]
    [ApiRequiresBearerToken]
    [ApiResponse(StatusCodes.Status200OK, "The token is valid.", Example = "\"" + AuthMessages.Authorized + "\"")]
    [ApiResponse(StatusCodes.Status503ServiceUnavailable, ApiAnswerTexts.AuthUnavailable)]
    public async Task<IActionResult> DummyRequiresAuth(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "dummy-requires-auth")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        await authenticator.AuthenticateAsync(request, cancellationToken);
        return ApiResults.Message(AuthMessages.Authorized);
    }
}
