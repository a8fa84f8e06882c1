using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Images;
using PhotonRanch.Functions.InfoImages;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.Files;

/// <summary>Uploads and downloads of observatory files through SAS URLs, and zips of a night's FITS files.</summary>
internal sealed class FilesService
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

    private readonly BlobContainerClient _container;
    private readonly BlobSasIssuer _sas;
    private readonly InfoImageStore _infoImages;
    private readonly ImageStore _images;
    private readonly ZipDownloadBuilder _zips;
    private readonly FitsDownloadConverter _converter;
    private readonly TimeProvider _clock;
    private readonly UploadPolicySigner _policies;
    private readonly UploadOptions _uploads;

    /// <summary>Creates the service.</summary>
    public FilesService(
        BlobServiceClient blobs,
        IOptions<StorageOptions> options,
        BlobSasIssuer sas,
        InfoImageStore infoImages,
        ImageStore images,
        ZipDownloadBuilder zips,
        FitsDownloadConverter converter,
        TimeProvider clock,
        UploadPolicySigner policies,
        IOptions<UploadOptions> uploads)
    {
        ArgumentNullException.ThrowIfNull(uploads);
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(options);
        _container = blobs.GetBlobContainerClient(options.Value.ContainerName);
        _sas = sas;
        _infoImages = infoImages;
        _images = images;
        _zips = zips;
        _converter = converter;
        _clock = clock;
        _policies = policies;
        _uploads = uploads.Value;
    }

    /// <summary>
    /// The two ways to upload <paramref name="blobName"/>: a signed form for the receiver at <paramref name="receiver"/>
    /// and a write-only SAS URL. With <paramref name="infoChannel"/>, first records that the info image
    /// <paramref name="frame"/> belongs to that channel of its site, as the original did, so that ingestion files it there.
    /// </summary>
    public async Task<UploadTicket> CreateUploadAsync(string blobName, FrameFilename? frame, int? infoChannel, Uri receiver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        if (frame is not null && infoChannel is { } channel)
        {
            await _infoImages.SetChannelBaseFilenameAsync(frame.Site, channel, frame.BaseFilename, cancellationToken);
        }

        var seconds = (int)UploadLifetime.TotalSeconds;
        var maxBytes = _uploads.MaxFileBytes;
        var put = new DirectUpload(
            await _sas.WriteUriAsync(blobName, UploadLifetime, cancellationToken), "PUT", DirectUpload.RequiredHeaders, seconds, DirectUpload.PutUsage);
        return new UploadTicket(receiver, _policies.Sign(blobName, UploadLifetime, maxBytes), "POST", UploadTicket.FormUsage, seconds, maxBytes, put);
    }

    /// <summary>
    /// A read URL of <paramref name="blobName"/> as <paramref name="conversion"/> asks, or null when the file does not
    /// exist. Generated files are linked for 7 days less one hour, stored ones for 5 days. A plain FITS is made only from a compressed
    /// one (<c>.fz</c>, <c>.fits.bz2</c>); any other file asked for as FITS is linked as stored. A TIFF of a
    /// <c>….bz2</c> name is made from the <c>….fz</c> file, as the original did.
    /// </summary>
    /// <exception cref="Fits.FitsFormatException">The file to convert is not a FITS image the converter reads.</exception>
    public async Task<Uri?> DownloadUrlAsync(string blobName, DownloadConversion conversion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        ArgumentNullException.ThrowIfNull(conversion);
        var generated = conversion.Format switch
        {
            DownloadFormat.PlainFits when IsCompressedFits(blobName) => await _converter.ToPlainFitsAsync(blobName, cancellationToken),
            DownloadFormat.Tiff => await _converter.ToTiffAsync(
                blobName.EndsWith(".bz2", StringComparison.Ordinal) ? blobName[..^4] + ".fz" : blobName, conversion.Stretch, cancellationToken),
            _ => null,
        };
        if (generated is not null)
        {
            return await _sas.ReadUriAsync(generated, GeneratedFileLifetime, cancellationToken: cancellationToken);
        }

        if (conversion.Format == DownloadFormat.Tiff || (conversion.Format == DownloadFormat.PlainFits && IsCompressedFits(blobName)))
        {
            return null;
        }

        return await _container.GetBlobClient(blobName).ExistsAsync(cancellationToken)
            ? await _sas.ReadUriAsync(blobName, StoredFileLifetime, cancellationToken: cancellationToken)
            : null;
    }

    /// <summary>
    /// A read URL of a zip of <paramref name="site"/>'s FITS files captured from <paramref name="fromUtc"/> to
    /// <paramref name="toUtc"/> (inclusive), downloaded as <c>{site}-{unix seconds}.zip</c>; null when no image
    /// matches.
    /// </summary>
    public async Task<Uri?> ZipUrlAsync(string site, DateTime fromUtc, DateTime toUtc, FitsSize size, CancellationToken cancellationToken)
    {
        var available = await _images.FitsCapturedBetweenAsync(site, fromUtc, toUtc, cancellationToken);
        var files = available.Select(image => FitsFileChoice.FileName(image, size)).OfType<string>().ToList();
        if (files.Count == 0)
        {
            return null;
        }

        var zip = await _zips.BuildAsync(files, cancellationToken);
        var downloadName = $"{site}-{_clock.GetUtcNow().ToUnixTimeSeconds()}.zip";
        return await _sas.ReadUriAsync(zip, GeneratedFileLifetime, downloadName, cancellationToken);
    }

    private static bool IsCompressedFits(string blobName) =>
        blobName.EndsWith(".fz", StringComparison.Ordinal) || blobName.EndsWith(".fits.bz2", StringComparison.Ordinal);
}

/// <summary>
/// What <c>POST /upload</c> answers: two ways to upload the file. The top level is S3's presigned POST, which site
/// computers use unchanged; <see cref="Put"/> is a direct SAS PUT to Blob Storage for callers that can send one.
/// </summary>
/// <param name="Url">The upload receiver: POST the form here.</param>
/// <param name="Fields">The form fields to send as they are, before the file: <c>key</c> (the object's full name), <c>policy</c>, <c>signature</c>.</param>
/// <param name="Method">Always <c>POST</c>.</param>
/// <param name="Usage">How to use <see cref="Url"/> and <see cref="Fields"/>, for a person reading the answer.</param>
/// <param name="ExpiresInSeconds">How long the policy works (a form POST must start within it).</param>
/// <param name="MaxBytes">The largest file the policy allows.</param>
/// <param name="Put">The direct way.</param>
internal sealed record UploadTicket(Uri Url, UploadFormFields Fields, string Method, string Usage, int ExpiresInSeconds, long MaxBytes, DirectUpload Put)
{
    /// <summary>The text of <see cref="Usage"/>.</summary>
    public const string FormUsage =
        "POST url as multipart/form-data: every entry of fields as a form field, unchanged, then the file as the part named 'file' (last). 204 when stored; 403 when the policy expired or a field was changed.";
}

/// <summary>A direct upload to Blob Storage through a write-only SAS URL, with no size or time limit of the API.</summary>
/// <param name="Url">The write-only SAS URL of the blob.</param>
/// <param name="Method">Always <c>PUT</c>.</param>
/// <param name="Headers">Headers the PUT must carry.</param>
/// <param name="ExpiresInSeconds">How long the URL works (a PUT must start within it).</param>
/// <param name="Usage">How to use it, for a person reading the answer.</param>
internal sealed record DirectUpload(Uri Url, string Method, IReadOnlyDictionary<string, string> Headers, int ExpiresInSeconds, string Usage)
{
    /// <summary>Blob Storage needs the blob type on a PUT of a whole file.</summary>
    public static readonly IReadOnlyDictionary<string, string> RequiredHeaders = new Dictionary<string, string> { ["x-ms-blob-type"] = "BlockBlob" };

    /// <summary>The text of <see cref="Usage"/>.</summary>
    public const string PutUsage = "PUT the file as the request body to url with headers. 201 when stored. Up to 5,000 MiB in one PUT.";
}
