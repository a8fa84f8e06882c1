using System.Buffers.Binary;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using BitMiracle.LibTiff.Classic;
using ICSharpCode.SharpZipLib.BZip2;
using Microsoft.Extensions.Options;
using PhotonRanch.Fits;
using PhotonRanch.Functions.Storage;
using static PhotonRanch.Functions.Files.FilesMessages;

namespace PhotonRanch.Functions.Files;

/// <summary>
/// Makes the files <c>POST /download</c> converts: a plain FITS under <c>downloads/fits/</c> from a tile-compressed
/// (or bzip2-wrapped) FITS, and a bzip2-compressed TIFF under <c>downloads/tif/</c>. A generated file becomes visible
/// only whole (its blocks are committed when the conversion succeeded) and is reused only when it was made from the
/// source's current version (its ETag, kept in the file's metadata). What the image declares (pixels, bytes, how far it
/// expands the stored file) is checked against <see cref="DownloadOptions"/> before anything is allocated or written.
/// FITS decompression streams tile by tile from the source blob into the target blob. TIFF rows go through a temporary
/// file (TIFF writers need to seek): a linear TIFF streams them from the source in the data's own type; an arcsinh
/// TIFF reads the source twice, for the plane's minimum and maximum and then for the rows. Identical concurrent
/// requests in this process convert once; the others wait for that conversion. Both conversions answer null when the
/// source does not exist, throw <see cref="FitsFormatException"/> when it is not a FITS image this library reads, and
/// refuse (Invalid) a generated name longer than a blob name may be.
/// </summary>
internal sealed partial class FitsDownloadConverter(BlobServiceClient blobs, IOptions<StorageOptions> options, IOptions<DownloadOptions> limits, ILogger<FitsDownloadConverter> logger)
{
    private const int ChunkBytes = 4 * 1024 * 1024;

    // The headers of a FITS file are in its first blocks; a larger buffer would fetch pixels the check does not need.
    private const int HeaderReadBufferBytes = 256 * 1024;

    // Blob metadata of a generated file: the ETag of the source version it was made from.
    private const string SourceETagMetadata = "source_etag";

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(options.Value.ContainerName);
    private readonly DownloadOptions _limits = limits.Value;

    // Conversions under way in this process, by target and source version: an identical request waits for the one running.
    private readonly SingleFlight<string> _building = new();

    public async Task<string?> ToPlainFitsAsync(string sourceBlob, CancellationToken cancellationToken)
    {
        var source = _container.GetBlobClient(sourceBlob);
        if (await PropertiesAsync(source, cancellationToken) is not { } properties)
        {
            return null;
        }

        var target = UsableTarget($"downloads/fits/{PlainFitsName(FileName(sourceBlob))}");
        return await _building.RunAsync($"{target}@{properties.ETag}", () => MakePlainFitsAsync(source, properties, target), cancellationToken);
    }

    public async Task<string?> ToTiffAsync(string sourceBlob, TiffStretch stretch, CancellationToken cancellationToken)
    {
        var source = _container.GetBlobClient(sourceBlob);
        if (await PropertiesAsync(source, cancellationToken) is not { } properties)
        {
            return null;
        }

        var image = await ReadDeclarationAsync(source, cancellationToken);

        // A TIFF holds the first plane, as 16-bit samples (arcsinh) or in the data's own type (linear).
        var sampleBytes = stretch == TiffStretch.Linear ? image.SampleType.Bytes : sizeof(ushort);
        EnsureWithinLimits(
            sourceBlob, properties.ContentLength, string.Join(" × ", image.Axes.Take(2)), image.PlanePixels,
            FitsImageDeclaration.SaturatingProduct([image.PlanePixels, sampleBytes]), image.FileBytes);

        var filter = image.Header.GetString("FILTER")?.Trim() ?? string.Empty;
        var target = UsableTarget($"downloads/tif/{SafeNamePart(filter)}-{TiffStretchNames.Name(stretch)}-{FileName(sourceBlob).Split('.')[0]}.tif.bz2");
        return await _building.RunAsync($"{target}@{properties.ETag}", () => MakeTiffAsync(source, properties.ETag, target, stretch, filter), cancellationToken);
    }

    // Not the caller's token: a conversion another identical request may be waiting for runs to its end.
    private async Task<string> MakePlainFitsAsync(BlobClient source, BlobProperties properties, string target)
    {
        var cancellationToken = CancellationToken.None;
        if (await IsMadeFromAsync(target, properties.ETag, cancellationToken))
        {
            return target;
        }

        var image = await ReadDeclarationAsync(source, cancellationToken);
        EnsureWithinLimits(source.Name, properties.ContentLength, string.Join(" × ", image.Axes), image.Pixels, image.DataBytes, image.FileBytes);

        await using (var input = await source.OpenReadAsync(ReadOptions, cancellationToken))
        await using (var output = new StagedBlockBlobStream(_container.GetBlockBlobClient(target)))
        {
            await FitsDecompressor.DecompressAsync(input, output, cancellationToken);
            await output.CommitAsync(new BlobHttpHeaders { ContentType = "application/fits" }, MadeFrom(properties.ETag), cancellationToken);
        }

        LogGenerated(target, source.Name);
        return target;
    }

    private async Task<string> MakeTiffAsync(BlobClient source, ETag sourceETag, string target, TiffStretch stretch, string filter)
    {
        var cancellationToken = CancellationToken.None;
        if (await IsMadeFromAsync(target, sourceETag, cancellationToken))
        {
            return target;
        }

        var temporary = Path.Combine(Path.GetTempPath(), $"photonranch-{Guid.NewGuid():N}.tif");
        try
        {
            await (stretch == TiffStretch.Linear
                ? WriteLinearTiffAsync(temporary, source, filter, cancellationToken)
                : WriteArcsinhTiffAsync(temporary, source, filter, cancellationToken));

            await using var tiff = new FileStream(temporary, FileMode.Open, FileAccess.Read, FileShare.None, ChunkBytes, useAsync: true);
            await using var output = new StagedBlockBlobStream(_container.GetBlockBlobClient(target));
            await using (var bzip2 = new BZip2OutputStream(output) { IsStreamOwner = false })
            {
                await tiff.CopyToAsync(bzip2, ChunkBytes, cancellationToken);
            }

            await output.CommitAsync(new BlobHttpHeaders { ContentType = "application/x-bzip2" }, MadeFrom(sourceETag), cancellationToken);
        }
        finally
        {
            File.Delete(temporary);
        }

        LogGenerated(target, source.Name);
        return target;
    }

    private static async Task<FitsImageDeclaration> ReadDeclarationAsync(BlobClient source, CancellationToken cancellationToken)
    {
        await using var input = await source.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = HeaderReadBufferBytes }, cancellationToken);
        return await FitsImageReader.ReadImageDeclarationAsync(input, cancellationToken);
    }

    // What the image declares decides, before a pixel is read: pixels and output bytes against their limits, and what
    // the conversion reads through or writes against the stored file's size (a tiny bzip2 file can declare gigabytes).
    private void EnsureWithinLimits(string sourceBlob, long storedBytes, string axes, long pixels, long outputBytes, long readBytes)
    {
        if (pixels > _limits.MaxImagePixels)
        {
            throw TooLarge(TooManyPixels, ("axes", axes), ("pixels", $"{pixels}"), ("max", $"{_limits.MaxImagePixels}"), ("name", sourceBlob));
        }

        if (outputBytes > _limits.MaxOutputBytes)
        {
            throw TooLarge(TooManyBytes, ("axes", axes), ("bytes", $"{outputBytes}"), ("max", $"{_limits.MaxOutputBytes}"), ("name", sourceBlob));
        }

        var expanded = Math.Max(outputBytes, readBytes);
        if (expanded > (Int128)Math.Max(storedBytes, 1) * _limits.MaxExpansionRatio)
        {
            throw TooLarge(ExpandsTooMuch, ("stored", $"{storedBytes}"), ("bytes", $"{expanded}"), ("max", $"{_limits.MaxExpansionRatio}"), ("name", sourceBlob));
        }
    }

    // The caller's name goes last, so that no template field inside it is filled in.
    private static RefusedException TooLarge(string template, params (string Name, string Value)[] values) =>
        new(Refusal.TooLarge, MessageTemplate.Fill(template, values));

    private static BlobOpenReadOptions ReadOptions => new(allowModifications: false) { BufferSize = ChunkBytes };

    // The metadata that names the version of the source a generated file was made from.
    private static Dictionary<string, string> MadeFrom(ETag sourceETag) => new(StringComparer.Ordinal) { [SourceETagMetadata] = sourceETag.ToString() };

    // The data as it is, in the type astropy would have handed the original's tifffile (int16 stays signed, BZERO
    // 32768 makes uint16, floats stay floats), streamed row by row from the source.
    private static async Task WriteLinearTiffAsync(string path, BlobClient source, string filter, CancellationToken cancellationToken)
    {
        await using var input = await source.OpenReadAsync(ReadOptions, cancellationToken);
        await using var reader = await FitsImageReader.OpenAsync(input, leaveOpen: true, cancellationToken);
        using var tiff = CreateTiff(path, reader.Width, reader.Height, reader.SampleType, filter);
        var row = new byte[reader.Width * reader.SampleType.Bytes];
        for (var y = 0; y < reader.Height; y++)
        {
            await ReadRowAsync(reader, row, y, cancellationToken);
            WriteRow(tiff, row, y);
        }
    }

    // 16-bit unsigned, like the original's astype(uint16). Two passes over the source, a row at a time: the first finds
    // the plane's extremes, the second maps and writes, so memory stays at a row whatever the image size.
    private static async Task WriteArcsinhTiffAsync(string path, BlobClient source, string filter, CancellationToken cancellationToken)
    {
        var range = new ArcsinhRange();
        await using (var input = await source.OpenReadAsync(ReadOptions, cancellationToken))
        await using (var reader = await FitsImageReader.OpenAsync(input, leaveOpen: true, cancellationToken))
        {
            var pixels = new float[reader.Width];
            for (var y = 0; y < reader.Height; y++)
            {
                await ReadRowAsync(reader, pixels, y, cancellationToken);
                range.Add(pixels);
            }
        }

        var stretch = ArcsinhStretch.For(range);
        await using (var input = await source.OpenReadAsync(ReadOptions, cancellationToken))
        await using (var reader = await FitsImageReader.OpenAsync(input, leaveOpen: true, cancellationToken))
        {
            using var tiff = CreateTiff(path, reader.Width, reader.Height, new FitsSampleType(FitsSampleKind.UnsignedInteger, 16), filter);
            var pixels = new float[reader.Width];
            var samples = new ushort[reader.Width];
            var bytes = new byte[reader.Width * sizeof(ushort)];
            for (var y = 0; y < reader.Height; y++)
            {
                await ReadRowAsync(reader, pixels, y, cancellationToken);
                stretch.Map(pixels, samples);
                for (var x = 0; x < samples.Length; x++)
                {
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(x * sizeof(ushort)), samples[x]);
                }

                WriteRow(tiff, bytes, y);
            }
        }
    }

    private static async Task ReadRowAsync(FitsImageReader reader, byte[] row, int y, CancellationToken cancellationToken)
    {
        if (!await reader.ReadSamplesAsync(row, cancellationToken))
        {
            throw ImageEndedAt(reader, y);
        }
    }

    private static async Task ReadRowAsync(FitsImageReader reader, float[] row, int y, CancellationToken cancellationToken)
    {
        if (!await reader.ReadRowAsync(row, cancellationToken))
        {
            throw ImageEndedAt(reader, y);
        }
    }

    private static FitsFormatException ImageEndedAt(FitsImageReader reader, int y) =>
        new(MessageTemplate.Fill(ImageEnded, ("rows", $"{y}"), ("height", $"{reader.Height}")));

    // "l": a little-endian TIFF, so rows are handed over as little-endian samples and written without swapping.
    private static Tiff CreateTiff(string path, int width, int height, FitsSampleType type, string filter)
    {
        var tiff = Tiff.Open(path, "wl") ?? throw new IOException($"Cannot create the temporary TIFF {path}.");
        tiff.SetField(TiffTag.IMAGEWIDTH, width);
        tiff.SetField(TiffTag.IMAGELENGTH, height);
        tiff.SetField(TiffTag.BITSPERSAMPLE, type.Bits);
        tiff.SetField(TiffTag.SAMPLESPERPIXEL, 1);
        tiff.SetField(TiffTag.SAMPLEFORMAT, type.Kind switch
        {
            FitsSampleKind.UnsignedInteger => SampleFormat.UINT,
            FitsSampleKind.SignedInteger => SampleFormat.INT,
            _ => SampleFormat.IEEEFP,
        });
        tiff.SetField(TiffTag.PHOTOMETRIC, Photometric.MINISBLACK);
        tiff.SetField(TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
        tiff.SetField(TiffTag.COMPRESSION, Compression.NONE);
        tiff.SetField(TiffTag.ROWSPERSTRIP, tiff.DefaultStripSize(0));

        // The original's tifffile wrote its metadata dictionary as JSON into the image description.
        tiff.SetField(TiffTag.IMAGEDESCRIPTION, JsonSerializer.Serialize(new Dictionary<string, string> { ["PTRName"] = "thename", ["FILTER"] = filter }));
        return tiff;
    }

    private static void WriteRow(Tiff tiff, byte[] row, int y)
    {
        if (!tiff.WriteScanline(row, y))
        {
            throw new IOException($"Writing row {y} of the temporary TIFF failed.");
        }
    }

    private static async Task<BlobProperties?> PropertiesAsync(BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: cancellationToken)).Value;
        }
        catch (RequestFailedException missing) when (missing.Status == StatusCodes.Status404NotFound)
        {
            return null;
        }
    }

    // A generated file exists only whole (StagedBlockBlobStream); it is reused only when made from the source as it is.
    private async Task<bool> IsMadeFromAsync(string target, ETag sourceETag, CancellationToken cancellationToken) =>
        await PropertiesAsync(_container.GetBlobClient(target), cancellationToken) is { } generated
            && generated.Metadata.TryGetValue(SourceETagMetadata, out var madeFrom)
            && madeFrom == sourceETag.ToString();

    // The generated file's name is longer than its source's when the source is under "data/"; storage would refuse it.
    private static string UsableTarget(string target) =>
        StorageObjectName.IsWithinLengthLimit(target)
            ? target
            : throw new RefusedException(Refusal.Invalid, MessageTemplate.Fill(ConvertedNameTooLong, ("max", $"{StorageObjectName.MaxBlobNameLength}")));

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
