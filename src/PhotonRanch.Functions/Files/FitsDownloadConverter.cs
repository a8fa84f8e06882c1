using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using BitMiracle.LibTiff.Classic;
using ICSharpCode.SharpZipLib.BZip2;
using Microsoft.Extensions.Options;
using PhotonRanch.Fits;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.Files;

/// <summary>
/// Makes the files <c>POST /download</c> converts: a plain FITS under <c>downloads/fits/</c> from a tile-compressed
/// (or bzip2-wrapped) FITS, and a bzip2-compressed 16-bit TIFF under <c>downloads/tif/</c>. A generated file that
/// already exists and is newer than its source is reused. FITS decompression streams tile by tile from the source
/// blob into the target blob; the TIFF holds one decoded plane in memory and writes its rows through a temporary
/// file (TIFF writers need to seek).
/// </summary>
public sealed partial class FitsDownloadConverter
{
    private const int ChunkBytes = 4 * 1024 * 1024;

    private readonly BlobContainerClient _container;
    private readonly ILogger<FitsDownloadConverter> _logger;

    /// <summary>Creates the converter for the app's container.</summary>
    public FitsDownloadConverter(BlobServiceClient blobs, IOptions<StorageOptions> options, ILogger<FitsDownloadConverter> logger)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(options);
        _container = blobs.GetBlobContainerClient(options.Value.ContainerName);
        _logger = logger;
    }

    /// <summary>The name of a plain FITS made from <paramref name="sourceBlob"/>, or null when the source does not exist.</summary>
    /// <exception cref="FitsFormatException">The source is not a FITS image this library reads.</exception>
    /// <exception cref="ApiException">A 400: the plain FITS's name would be longer than a blob name may be.</exception>
    public async Task<string?> ToPlainFitsAsync(string sourceBlob, CancellationToken cancellationToken)
    {
        var source = _container.GetBlobClient(sourceBlob);
        if (await LastModifiedAsync(source, cancellationToken) is not { } sourceModified)
        {
            return null;
        }

        var target = UsableTarget($"downloads/fits/{PlainFitsName(FileName(sourceBlob))}");
        if (await IsNewerThanAsync(target, sourceModified, cancellationToken))
        {
            return target;
        }

        await using (var input = await source.OpenReadAsync(ReadOptions, cancellationToken))
        await using (var output = await _container.GetBlockBlobClient(target).OpenWriteAsync(overwrite: true, WriteOptions("application/fits"), cancellationToken))
        {
            await FitsDecompressor.DecompressAsync(input, output, cancellationToken);
        }

        LogGenerated(target, sourceBlob);
        return target;
    }

    /// <summary>The name of a TIFF made from <paramref name="sourceBlob"/>, or null when the source does not exist.</summary>
    /// <exception cref="FitsFormatException">The source is not a FITS image this library reads.</exception>
    /// <exception cref="ApiException">A 400: the TIFF's name would be longer than a blob name may be.</exception>
    public async Task<string?> ToTiffAsync(string sourceBlob, TiffStretch stretch, CancellationToken cancellationToken)
    {
        var source = _container.GetBlobClient(sourceBlob);
        if (await LastModifiedAsync(source, cancellationToken) is not { } sourceModified)
        {
            return null;
        }

        FitsHeader header;
        await using (var input = await source.OpenReadAsync(ReadOptions, cancellationToken))
        {
            header = await FitsImageReader.ReadImageHeaderAsync(input, cancellationToken);
        }

        var filter = SafeNamePart(header.GetString("FILTER")?.Trim());
        var target = UsableTarget($"downloads/tif/{filter}-{TiffStretchNames.Name(stretch)}-{FileName(sourceBlob).Split('.')[0]}.tif.bz2");
        if (await IsNewerThanAsync(target, sourceModified, cancellationToken))
        {
            return target;
        }

        FitsImagePlane plane;
        await using (var input = await source.OpenReadAsync(ReadOptions, cancellationToken))
        {
            plane = await FitsImageReader.ReadFirstPlaneAsync(input, cancellationToken);
        }

        var temporary = Path.Combine(Path.GetTempPath(), $"photonranch-{Guid.NewGuid():N}.tif");
        try
        {
            WriteTiff(temporary, plane, TiffStretchMapping.For(plane.Pixels, stretch), plane.Filter ?? string.Empty);
            await using var tiff = new FileStream(temporary, FileMode.Open, FileAccess.Read, FileShare.None, ChunkBytes, useAsync: true);
            await using var output = await _container.GetBlockBlobClient(target).OpenWriteAsync(overwrite: true, WriteOptions("application/x-bzip2"), cancellationToken);
            await using (var bzip2 = new BZip2OutputStream(output) { IsStreamOwner = false })
            {
                await tiff.CopyToAsync(bzip2, ChunkBytes, cancellationToken);
            }
        }
        finally
        {
            File.Delete(temporary);
        }

        LogGenerated(target, sourceBlob);
        return target;
    }

    private static BlobOpenReadOptions ReadOptions => new(allowModifications: false) { BufferSize = ChunkBytes };

    private static BlockBlobOpenWriteOptions WriteOptions(string contentType) =>
        new() { BufferSize = ChunkBytes, HttpHeaders = new BlobHttpHeaders { ContentType = contentType } };

    // Rows go out one at a time from the plane, so only one row of 16-bit samples exists besides it.
    private static void WriteTiff(string path, FitsImagePlane plane, TiffStretchMapping mapping, string filter)
    {
        using var tiff = Tiff.Open(path, "w") ?? throw new IOException($"Cannot create the temporary TIFF {path}.");
        tiff.SetField(TiffTag.IMAGEWIDTH, plane.Width);
        tiff.SetField(TiffTag.IMAGELENGTH, plane.Height);
        tiff.SetField(TiffTag.BITSPERSAMPLE, 16);
        tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
        tiff.SetField(TiffTag.SAMPLEFORMAT, SampleFormat.UINT);
        tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
        tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
        tiff.SetField(TiffTag.COMPRESSION, Compression.NONE);
        tiff.SetField(TiffTag.ROWSPERSTRIP, tiff.DefaultStripSize(0));

        // The original's tifffile wrote its metadata dictionary as JSON into the image description.
        tiff.SetField(TiffTag.IMAGEDESCRIPTION, JsonSerializer.Serialize(new Dictionary<string, string> { ["PTRName"] = "thename", ["FILTER"] = filter }));

        var samples = new ushort[plane.Width];
        var bytes = new byte[plane.Width * sizeof(ushort)];
        for (var row = 0; row < plane.Height; row++)
        {
            mapping.Map(plane.Pixels.AsSpan(row * plane.Width, plane.Width), samples);
            Buffer.BlockCopy(samples, 0, bytes, 0, bytes.Length);
            if (!tiff.WriteScanline(bytes, row))
            {
                throw new IOException($"Writing row {row} of the temporary TIFF failed.");
            }
        }
    }

    private static async Task<DateTimeOffset?> LastModifiedAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value.LastModified;
        }
        catch (RequestFailedException missing) when (missing.Status == StatusCodes.Status404NotFound)
        {
            return null;
        }
    }

    private async Task<bool> IsNewerThanAsync(string target, DateTimeOffset sourceModified, CancellationToken cancellationToken) =>
        await LastModifiedAsync(_container.GetBlobClient(target), cancellationToken) is { } generated && generated > sourceModified;

    // The generated file's name is longer than its source's when the source is under "data/"; storage would refuse it.
    private static string UsableTarget(string target) =>
        StorageObjectName.IsWithinLengthLimit(target)
            ? target
            : throw ApiException.BadRequest(
                $"object_name is too long to convert: the generated file's name would exceed {StorageObjectName.MaxBlobNameLength} characters.");

    private static string FileName(string blobName) => blobName[(blobName.LastIndexOf('/') + 1)..];

    private static string PlainFitsName(string fileName) =>
        fileName.EndsWith(".fits.fz", StringComparison.Ordinal) ? fileName[..^3]
        : fileName.EndsWith(".fits.bz2", StringComparison.Ordinal) ? fileName[..^4]
        : fileName.EndsWith(".fz", StringComparison.Ordinal) ? fileName[..^3] + ".fits"
        : fileName;

    // A FILTER value becomes part of a blob name; keep it to characters that need no escaping.
    private static string SafeNamePart(string? value) =>
        string.IsNullOrEmpty(value) ? "nofilter" : new string(value.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray());

    [LoggerMessage(Level = LogLevel.Information, Message = "Generated {Target} from {Source}")]
    private partial void LogGenerated(string target, string source);
}
