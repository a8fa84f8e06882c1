using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Images;
using PhotonRanch.Functions.InfoImages;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.Files;

/// <summary>Uploads and downloads of observatory files through SAS URLs, and zips of a night's FITS files.</summary>
internal sealed class FilesService(BlobServiceClient blobs, IOptions<StorageOptions> options, BlobSasIssuer sas, InfoImageStore infoImages, ImageStore images, ZipDownloadBuilder zips, FitsDownloadConverter converter, TimeProvider clock, UploadPolicySigner policies, IOptions<UploadOptions> uploads)
{
    /// <summary>How long an upload URL works (the original's <c>S3_PUT_TTL</c>).</summary>
    public static readonly TimeSpan UploadLifetime = TimeSpan.FromSeconds(300);

    /// <summary>How long a download URL of a stored file works (the original's <c>S3_GET_TTL</c>, 5 days).</summary>
    public static readonly TimeSpan StoredFileLifetime = TimeSpan.FromDays(5);

    /// <summary>
    /// How long a download URL of a generated file (converted image, zip) works: the contract's 7 days less the hour
    /// that lets one user-delegation key sign many URLs (<see cref="BlobSasIssuer.MaxLifetime"/>).
    /// </summary>
    public static readonly TimeSpan GeneratedFileLifetime = BlobSasIssuer.MaxLifetime;

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(options.Value.ContainerName);
    private readonly UploadOptions _uploads = uploads.Value;

    /// <summary>
    /// A signed form for the receiver and a write-only SAS URL. With <paramref name="infoChannel"/>, first records that
    /// the info image <paramref name="frame"/> belongs to that channel of its site, as the original did, so that
    /// ingestion files it there.
    /// </summary>
    public async Task<UploadTicket> CreateUploadAsync(string blobName, FrameFilename? frame, int? infoChannel, Uri receiver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        if (frame is not null && infoChannel is { } channel)
        {
            await infoImages.SetChannelBaseFilenameAsync(frame.Site, channel, frame.BaseFilename, cancellationToken);
        }

        var seconds = (int)UploadLifetime.TotalSeconds;
        var maxBytes = _uploads.MaxFileBytes;
        var put = new DirectUpload(
            await sas.WriteUriAsync(blobName, UploadLifetime, cancellationToken), "PUT", DirectUpload.RequiredHeaders, seconds, FilesMessages.PutUsage);
        return new UploadTicket(receiver, policies.Sign(blobName, UploadLifetime, maxBytes), "POST", FilesMessages.FormUsage, seconds, maxBytes, put);
    }

    /// <summary>
    /// A read URL, or null when the file does not exist. A plain FITS is made only from a compressed one (<c>.fz</c>,
    /// <c>.fits.bz2</c>); any other file asked for as FITS is linked as stored. A TIFF of a <c>….bz2</c> name is made
    /// from the <c>….fz</c> file, as the original did.
    /// </summary>
    /// <exception cref="Fits.FitsFormatException">The file to convert is not a FITS image the converter reads.</exception>
    public async Task<Uri?> DownloadUrlAsync(string blobName, DownloadConversion conversion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        ArgumentNullException.ThrowIfNull(conversion);
        var generated = conversion.Format switch
        {
            DownloadFormat.PlainFits when IsCompressedFits(blobName) => await converter.ToPlainFitsAsync(blobName, cancellationToken),
            DownloadFormat.Tiff => await converter.ToTiffAsync(
                blobName.EndsWith(".bz2", StringComparison.Ordinal) ? blobName[..^4] + ".fz" : blobName, conversion.Stretch, cancellationToken),
            _ => null,
        };
        if (generated is not null)
        {
            return await sas.ReadUriAsync(generated, GeneratedFileLifetime, cancellationToken: cancellationToken);
        }

        if (conversion.Format == DownloadFormat.Tiff || (conversion.Format == DownloadFormat.PlainFits && IsCompressedFits(blobName)))
        {
            return null;
        }

        return await _container.GetBlobClient(blobName).ExistsAsync(cancellationToken)
            ? await sas.ReadUriAsync(blobName, StoredFileLifetime, cancellationToken: cancellationToken)
            : null;
    }

    /// <summary>
    /// A read URL of a zip of the site's FITS files captured in the range (inclusive), downloaded as
    /// <c>{site}-{unix seconds}.zip</c>; null when no image matches.
    /// </summary>
    public async Task<Uri?> ZipUrlAsync(string site, DateTime fromUtc, DateTime toUtc, FitsSize size, CancellationToken cancellationToken)
    {
        var available = await images.FitsCapturedBetweenAsync(site, fromUtc, toUtc, cancellationToken);
        var files = available.Select(image => FitsFileChoice.FileName(image, size)).OfType<string>().ToList();
        if (files.Count == 0)
        {
            return null;
        }

        var zip = await zips.BuildAsync(files, cancellationToken);
        var downloadName = $"{site}-{clock.GetUtcNow().ToUnixTimeSeconds()}.zip";
        return await sas.ReadUriAsync(zip, GeneratedFileLifetime, downloadName, cancellationToken);
    }

    private static bool IsCompressedFits(string blobName) =>
        blobName.EndsWith(".fz", StringComparison.Ordinal) || blobName.EndsWith(".fits.bz2", StringComparison.Ordinal);
}

/// <summary>
/// What <c>POST /upload</c> answers: two ways to upload the file. The top level is S3's presigned POST, which site
/// computers use unchanged; <see cref="Put"/> is a direct SAS PUT to Blob Storage for callers that can send one.
/// </summary>
/// <param name="Url">The upload receiver: POST the form here.</param>
/// <param name="ExpiresInSeconds">How long the policy works (a form POST must start within it).</param>
internal sealed record UploadTicket(Uri Url, UploadFormFields Fields, string Method, string Usage, int ExpiresInSeconds, long MaxBytes, DirectUpload Put);

/// <summary>A direct upload to Blob Storage through a write-only SAS URL, with no size or time limit of the API.</summary>
/// <param name="ExpiresInSeconds">How long the URL works (a PUT must start within it).</param>
internal sealed record DirectUpload(Uri Url, string Method, IReadOnlyDictionary<string, string> Headers, int ExpiresInSeconds, string Usage)
{
    /// <summary>Blob Storage needs the blob type on a PUT of a whole file.</summary>
    public static readonly IReadOnlyDictionary<string, string> RequiredHeaders = new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" };
}
