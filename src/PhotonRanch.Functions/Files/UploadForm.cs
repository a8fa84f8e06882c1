using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using PhotonRanch.Functions.Http;

namespace PhotonRanch.Functions.Files;

/// <summary>
/// A multipart/form-data upload as S3's presigned POST takes it: form fields first, then the file in the part named
/// <c>file</c>. Reading stops at the file part, whose body is left to stream; parts after it are ignored, as S3 does.
/// </summary>
internal sealed class UploadForm
{
    /// <summary>The most fields read before the file.</summary>
    public const int MaxFields = 32;

    /// <summary>The longest value of one field.</summary>
    public const int MaxFieldBytes = 16 * 1024;

    private UploadForm(IReadOnlyDictionary<string, string> fields, Stream file, string? fileContentType)
    {
        Fields = fields;
        File = file;
        FileContentType = fileContentType;
    }

    /// <summary>The fields before the file, by name (case-insensitive, as S3 treats them).</summary>
    public IReadOnlyDictionary<string, string> Fields { get; }

    /// <summary>The file's bytes, read from the request as they arrive; ends where the part ends.</summary>
    public Stream File { get; }

    /// <summary>The file part's own Content-Type, when it has one.</summary>
    public string? FileContentType { get; }

    /// <summary>Reads the fields up to the file part.</summary>
    /// <exception cref="ApiException">400 when the body is not multipart/form-data, a field is too long, or there is no file part.</exception>
    public static async Task<UploadForm> ReadUntilFileAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw ApiException.BadRequest("The upload must be multipart/form-data: the fields from POST /upload, then the file as the part named 'file'.");
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
                throw ApiException.BadRequest("Every part of the upload must be form-data with a name.");
            }

            if (name == "file")
            {
                return new UploadForm(fields, section.Body, section.ContentType);
            }

            if (fields.Count == MaxFields)
            {
                throw ApiException.BadRequest($"The upload has more than {MaxFields} fields before the file.");
            }

            fields[name] = await ReadFieldAsync(section.Body, name, cancellationToken);
        }

        throw ApiException.BadRequest("The upload has no part named 'file'.");
    }

    private static async Task<string> ReadFieldAsync(Stream body, string name, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxFieldBytes + 1];
        var length = await body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);
        return length > MaxFieldBytes
            ? throw ApiException.BadRequest($"The field '{name}' is longer than {MaxFieldBytes} bytes.")
            : Encoding.UTF8.GetString(buffer, 0, length);
    }
}
