using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.OpenApi;
using static PhotonRanch.Functions.Files.FilesMessages;

namespace PhotonRanch.Functions.Files;

/// <summary>
/// <c>POST /upload/receive</c>: the upload receiver that takes the place of S3's presigned POST, so site computers
/// upload with the code they have (<c>requests.post(url, data=fields, files={"file": ...})</c>, success = 204).
/// </summary>
internal sealed class UploadReceiverFunctions(UploadPolicySigner policies, UploadedFileStore store, IOptions<UploadOptions> options)
{
    // Explicit, and named so that it sorts before the catch-all functions on the Functions host.
    public const string Route = "upload/receive";

    // Room for the form's fields and part headers beside the file in the request body.
    private const long FormOverheadBytes = 1024 * 1024;

    private readonly UploadOptions _options = options.Value;

    /// <summary>
    /// The absolute address of the receiver as the caller of <paramref name="request"/> reaches this app. Behind a
    /// proxy that terminates TLS (App Service's front ends, Front Door) the request arrives as http; the proxy's
    /// X-Forwarded-Proto and X-Forwarded-Host name what the caller used.
    /// </summary>
    public static Uri Address(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var scheme = FirstValue(request.Headers["X-Forwarded-Proto"]) ?? request.Scheme;
        var host = FirstValue(request.Headers["X-Forwarded-Host"]) ?? request.Host.Value;
        return new Uri($"{scheme}://{host}{request.PathBase}/{Route}");
    }

    /// <summary>
    /// <c>POST /upload/receive</c>, multipart/form-data: the <c>fields</c> of <c>POST /upload</c>, then the file as
    /// the part named <c>file</c>. Stores the file at the policy's key and answers 204, as S3 did.
    /// </summary>
    [Function("ReceiveUpload")]
    [ApiRequestBody("multipart/form-data: every field POST /upload returned in fields (key, policy, signature), unchanged, then the file as the part named 'file', last.", Required = true, MediaType = "multipart/form-data")]
    [ApiResponse(StatusCodes.Status204NoContent, "Stored at fields.key (an existing blob there is replaced). No body.")]
    [ApiResponse(StatusCodes.Status400BadRequest, "`" + NotMultipart + "`, `" + PartWithoutName + "`, `" + TooManyFields + "`, `" + FieldTooLong + "`, `" + NoFilePart + "`, or the upload ended before the file did.")]
    [ApiResponse(StatusCodes.Status403Forbidden, "Nothing is stored: `" + PolicyFieldsMissing + "`, `" + SignatureMismatch + "`, `" + PolicyMalformed + "`, `" + PolicyExpired + "` or `" + KeyMismatch + "`")]
    [ApiResponse(StatusCodes.Status413PayloadTooLarge, "Nothing is stored: `" + UploadTooLarge + "` or `" + FileTooLarge + "`")]
    public async Task<IActionResult> ReceiveUpload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = Route)] HttpRequest request,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var allowed = _options.MaxFileBytes + FormOverheadBytes;
        if (request.ContentLength > allowed)
        {
            return ApiResults.Error(StatusCodes.Status413PayloadTooLarge, MessageTemplate.Fill(UploadTooLarge, ("max", $"{_options.MaxFileBytes}")));
        }

        // The server's default body limit (30 MB on Kestrel) is far below a site computer's files.
        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodyLimit)
        {
            bodyLimit.MaxRequestBodySize = allowed;
        }

        var form = await UploadForm.ReadUntilFileAsync(request, cancellationToken);
        if (policies.Verify(form.Fields, out var problem) is not { } policy)
        {
            return ApiResults.Error(StatusCodes.Status403Forbidden, problem);
        }

        await store.StoreAsync(policy.Key, form.File, policy.MaxBytes, form.FileContentType ?? "application/octet-stream", cancellationToken);
        return new JsonResponse(StatusCodes.Status204NoContent, null);
    }

    private static string? FirstValue(Microsoft.Extensions.Primitives.StringValues values) =>
        values.Count == 0 || string.IsNullOrWhiteSpace(values[0]) ? null : values[0]!.Split(',')[0].Trim();
}
