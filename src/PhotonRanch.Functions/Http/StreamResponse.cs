using Microsoft.AspNetCore.Mvc;

namespace PhotonRanch.Functions.Http;

/// <summary>
/// A 200 whose body is a stream of <paramref name="contentType"/>, written straight to the response like
/// <see cref="JsonResponse"/>, so it needs none of MVC's result executors on either host.
/// </summary>
/// <param name="body">Disposed once written.</param>
internal sealed class StreamResponse(string contentType, Stream body) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using (body)
        {
            var response = context.HttpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = contentType;
            if (!HttpMethods.IsHead(context.HttpContext.Request.Method))
            {
                await body.CopyToAsync(response.Body, context.HttpContext.RequestAborted);
            }
        }
    }
}
