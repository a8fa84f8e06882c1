using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using PhotonRanch.Fits;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.OpenApi;
using PhotonRanch.Functions.SiteConfigs;
using static PhotonRanch.Functions.Files.FilesMessages;

namespace PhotonRanch.Functions.Files;

/// <summary><c>POST /upload</c>, <c>POST /download</c> and <c>POST /downloadzip</c>: files through SAS URLs.</summary>
internal sealed class FilesFunctions(FilesService files)
{
    /// <summary>
    /// <c>POST /upload</c> <c>{object_name, s3_directory='data', info_channel?, metadata?}</c>: S3's presigned-POST
    /// <c>{url, fields}</c> for the upload receiver (5 minutes), and beside it a write-only SAS URL to PUT the file to
    /// with header <c>x-ms-blob-type: BlockBlob</c>. For <c>info-images</c>, records which channel (1–3, default 1)
    /// the image goes to.
    /// </summary>
    [Function("Upload")]
    [ApiRequestBody("object_name (required), s3_directory (data | info-images | allsky | test; default data), info_channel (1–3, info-images only, default 1), metadata (JSON, accepted and unused as in the original).", Required = true, Example = """{"object_name": "tst-inst-20211231-00000001-EX10.jpg", "s3_directory": "info-images", "info_channel": 2}""")]
    [ApiResponse(StatusCodes.Status200OK, "Two ways to upload within expires_in_seconds: POST url as multipart/form-data with fields then the file as 'file' (S3's presigned POST; 204), or PUT the file to put.url with put.headers (201).", Example = """{"url": "https://app.example/upload/receive", "fields": {"key": "data/x.fits.fz", "policy": "eyJleHBpcmF0aW9uIjoi...", "signature": "9f86d08..."}, "method": "POST", "usage": "POST url as multipart/form-data: ...", "expires_in_seconds": 300, "max_bytes": 524288000, "put": {"url": "https://account.blob.core.windows.net/photonranch-001/data/x.fits.fz?sv=...", "method": "PUT", "headers": {"x-ms-blob-type": "BlockBlob"}, "expires_in_seconds": 300, "usage": "PUT the file as the request body to url with headers. ..."}}""")]
    [ApiResponse(StatusCodes.Status400BadRequest, ObjectNameProblems + ", `" + InvalidMetadata + "`, `" + InvalidInfoChannel + "` or `" + InfoImageNotFrame + "`")]
    [ApiResponse(StatusCodes.Status403Forbidden, "An s3_directory or info_channel the original refused, as a JSON string: `" + DirectoryRefused + "` or `" + InfoChannelRefused + "`", Example = "\"" + DirectoryRefused + "\"")]
    public async Task<IActionResult> Upload(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "upload")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (StoredObject(body) is not (var directory, var objectName))
        {
            return ApiResults.Message(DirectoryRefused, StatusCodes.Status403Forbidden);
        }

        ValidMetadata(body["metadata"]);

        FrameFilename? frame = null;
        int? channel = null;
        if (directory == "info-images")
        {
            channel = InfoChannel(body["info_channel"]);
            if (channel is not (1 or 2 or 3))
            {
                return ApiResults.Message(MessageTemplate.Fill(InfoChannelRefused, ("channel", $"{channel}")), StatusCodes.Status403Forbidden);
            }

            frame = FrameFilename.Parse(objectName)
                ?? throw ApiException.BadRequest(InfoImageNotFrame);
        }

        return ApiResults.Json(await files.CreateUploadAsync(
            StorageObjectName.BlobName(directory, objectName), frame, channel, UploadReceiverFunctions.Address(request), cancellationToken));
    }

    /// <summary>
    /// <c>POST /download</c> <c>{object_name, s3_directory='data', image_type='fits', stretch='arcsinh'}</c>: a read
    /// URL as a JSON string. <c>fits</c> turns a <c>.fits.fz</c>/<c>.fits.bz2</c> into a plain FITS file, <c>tif</c>
    /// into a bzip2-compressed TIFF (arcsinh: 16-bit unsigned; linear: the data's own type) (7 days); anything else, or a file with nothing to convert, links the
    /// stored file itself (5 days).
    /// </summary>
    [Function("Download")]
    [ApiRequestBody("object_name (required), s3_directory (default data), image_type (fits | fits.fz | fz | tif | tiff | anything else for the file as stored; default fits), stretch (for tif: arcsinh, 16-bit unsigned, or linear, the data as it is in its own sample type; default arcsinh).", Required = true, Example = """{"object_name": "sro-kb001ms-20220629-00010442-EX10.fits.fz", "image_type": "tif", "stretch": "arcsinh"}""")]
    [ApiResponse(StatusCodes.Status200OK, "The read SAS URL as a JSON string.", Example = "\"https://account.blob.core.windows.net/photonranch-001/downloads/fits/x.fits?sv=...\"")]
    [ApiResponse(StatusCodes.Status400BadRequest, ObjectNameProblems + ", `" + UnknownStretch + "` or `" + ConvertedNameTooLong + "`")]
    [ApiResponse(StatusCodes.Status403Forbidden, "An s3_directory the original refused, as a JSON string: `" + DirectoryRefused + "`")]
    [ApiResponse(StatusCodes.Status404NotFound, "`" + FileMissing + "`")]
    [ApiResponse(StatusCodes.Status413PayloadTooLarge, "The image to convert is over a Downloads__ limit: `" + TooManyPixels + "`, `" + TooManyBytes + "` or `" + ExpandsTooMuch + "`")]
    [ApiResponse(StatusCodes.Status422UnprocessableEntity, "The file to convert is not a FITS image the converter reads: `" + NotConvertible + "`")]
    public async Task<IActionResult> Download(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "download")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        if (StoredObject(body) is not (var directory, var objectName))
        {
            return ApiResults.Message(DirectoryRefused, StatusCodes.Status403Forbidden);
        }

        var imageType = body.OptionalString("image_type") ?? "fits";
        var stretch = body.OptionalString("stretch") ?? "arcsinh";
        var conversion = imageType switch
        {
            "tif" or "tiff" => DownloadConversion.Tiff(TiffStretchNames.Parse(stretch)
                ?? throw ApiException.BadRequest(MessageTemplate.Fill(UnknownStretch, ("stretch", stretch)))),
            "fits" or "fits.fz" or "fz" => DownloadConversion.PlainFits,
            _ => DownloadConversion.None,
        };

        Uri? url;
        try
        {
            url = await files.DownloadUrlAsync(StorageObjectName.BlobName(directory, objectName), conversion, cancellationToken);
        }
        catch (FitsFormatException unreadable)
        {
            return ApiResults.Error(
                StatusCodes.Status422UnprocessableEntity, MessageTemplate.Fill(NotConvertible, ("reason", unreadable.Message), ("name", $"{directory}/{objectName}")));
        }

        return url is null
            ? ApiResults.Error(StatusCodes.Status404NotFound, MessageTemplate.Fill(FileMissing, ("name", $"{directory}/{objectName}")))
            : ApiResults.Message(url.ToString());
    }

    /// <summary>
    /// <c>POST /downloadzip</c> <c>{site, start_timestamp_s, end_timestamp_s, fits_size}</c>: a read URL (7 days) of
    /// a zip of the site's FITS files captured in the range (inclusive), downloaded as <c>{site}-{unix seconds}.zip</c>,
    /// as <c>{"message": url}</c> (the shape the original passed on from its zip Lambda; the web UI reads
    /// <c>response.data.message</c>).
    /// </summary>
    [Function("DownloadZip")]
    [ApiRequestBody("site (required), start_timestamp_s and end_timestamp_s (Unix seconds, numbers or numeric strings; fractions are truncated toward zero as the original's int() did), fits_size (small | large | best).", Required = true, Example = """{"site": "saf", "start_timestamp_s": 1656460800.25, "end_timestamp_s": "1656547200", "fits_size": "small"}""")]
    [ApiResponse(StatusCodes.Status200OK, "The zip's read SAS URL under message. Files listed in the database but absent from storage are named in missing.txt inside the zip.", Example = """{"message": "https://account.blob.core.windows.net/photonranch-001/downloads/3f2a.zip?sv=..."}""")]
    [ApiResponse(StatusCodes.Status400BadRequest, ApiAnswerTexts.InvalidSite + " `" + InvalidTimestamp + "` or `" + InvalidFitsSize + "`")]
    [ApiResponse(StatusCodes.Status404NotFound, "No image matches, as the original's JSON string.", Example = "\"" + NoImages + "\"")]
    [ApiResponse(StatusCodes.Status413PayloadTooLarge, "`" + ZipTooManyFiles + "` or `" + ZipTooLarge + "`")]
    public async Task<IActionResult> DownloadZip(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "downloadzip")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var body = await JsonBody.ReadObjectAsync(request, cancellationToken);
        var site = SiteCode.Validate(body.OptionalString("site"));
        var from = UnixSeconds(body["start_timestamp_s"], "start_timestamp_s");
        var to = UnixSeconds(body["end_timestamp_s"], "end_timestamp_s");
        var size = FitsFileChoice.ParseSize(body.OptionalString("fits_size"))
            ?? throw ApiException.BadRequest(InvalidFitsSize);

        var url = await files.ZipUrlAsync(site, from, to, size, cancellationToken);
        return url is null
            ? ApiResults.Message(NoImages, StatusCodes.Status404NotFound)
            : ApiResults.Json(new ZipAnswer(url.ToString()));
    }

    // The s3_directory (default data) and a usable object_name of an upload or download body; null when the directory
    // is not one the original allowed, which it answered with a 403.
    private static (string Directory, string ObjectName)? StoredObject(JsonObject body)
    {
        var directory = body.OptionalString("s3_directory") ?? "data";
        if (!StorageObjectName.Directories.Contains(directory))
        {
            return null;
        }

        var objectName = body.OptionalString("object_name");
        return StorageObjectName.Problem(directory, objectName) is { } problem
            ? throw ApiException.BadRequest(problem)
            : (directory, objectName!);
    }

    // The original parsed metadata as a JSON string and then ignored it; it is still accepted and ignored, but
    // something that is not JSON is refused rather than crashing.
    private static void ValidMetadata(JsonNode? metadata)
    {
        if (metadata is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                using var _ = JsonDocument.Parse(value.GetValue<string>());
            }
            catch (JsonException)
            {
                throw ApiException.BadRequest(InvalidMetadata);
            }
        }
    }

    private static int InfoChannel(JsonNode? node) => node switch
    {
        null => 1,
        JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number) => number,
        JsonValue value when value.GetValueKind() == JsonValueKind.String
            && int.TryParse(value.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) => parsed,
        _ => throw ApiException.BadRequest(InvalidInfoChannel),
    };

    // Numbers or numeric strings, fractions truncated toward zero like the original's int(); decimal keeps the
    // digits of a fractional timestamp exactly and has no NaN or infinity to let through.
    private static DateTime UnixSeconds(JsonNode? node, string field)
    {
        decimal? seconds = node switch
        {
            JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<decimal>(out var number) => number,
            JsonValue value when value.GetValueKind() == JsonValueKind.String
                && decimal.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
        var whole = seconds is { } given ? decimal.Truncate(given) : -1;
        if (whole < 0 || whole > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
        {
            throw ApiException.BadRequest(MessageTemplate.Fill(InvalidTimestamp, ("field", field)));
        }

        return DateTimeOffset.FromUnixTimeSeconds((long)whole).UtcDateTime;
    }

    private sealed record ZipAnswer(string Message);
}
