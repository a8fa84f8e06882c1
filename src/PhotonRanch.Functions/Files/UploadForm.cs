using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using PhotonRanch.Functions.Http;
using static PhotonRanch.Functions.Files.FilesMessages;

namespace PhotonRanch.Functions.Files;

/// <summary>
/// A multipart/form-data upload as S3's presigned POST takes it: form fields first, then the file in the part named
/// <c>file</c>. Reading stops at the file part, whose body is left to stream; parts after it are ignored, as S3 does.
/// </summary>
/// <param name="Fields">The fields before the file, by name (case-insensitive, as S3 treats them).</param>
/// <param name="File">The file's bytes, read from the request as they arrive; ends where the part ends.</param>
/// <param name="FileContentType">The file part's own Content-Type, when it has one.</param>
internal sealed record UploadForm(IReadOnlyDictionary<string, string> Fields, Stream File, string? FileContentType)
{
    public const int MaxFields = 32;
    public const int MaxFieldBytes = 16 * 1024;

    /// <exception cref="ApiException">400 when the body is not multipart/form-data, a field is too long, or there is no file part.</exception>
    public static async Task<UploadForm> ReadUntilFileAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw ApiException.BadRequest(NotMultipart);
        }

        // The file part is as long as the policy allows; the receiver counts its bytes itself.
        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 } name)
            {
                throw ApiException.BadRequest(PartWithoutName);
            }

            if (name == "file")
            {
                return new UploadForm(fields, section.Body, section.ContentType);
            }

            if (fields.Count == MaxFields)
            {
                throw ApiException.BadRequest(MessageTemplate.Fill(TooManyFields, ("max", $"{MaxFields}")));
            }

            fields[name] = await ReadFieldAsync(section.Body, name, cancellationToken);
        }

        throw ApiException.BadRequest(NoFilePart);
    }

    private static async Task<string> ReadFieldAsync(Stream body, string name, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return length > MaxFieldBytes
            ? throw ApiException.BadRequest(MessageTemplate.Fill(FieldTooLong, ("max", $"{MaxFieldBytes}"), ("name", name)))
            : Encoding.UTF8.GetString(buffer, 0, length);
    }
}
