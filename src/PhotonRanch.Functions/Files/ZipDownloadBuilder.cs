using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.Files;

/// <summary>
/// Zips files of <c>data/</c> straight into a block blob under <c>downloads/</c>: each file is read and written in
/// chunks, the zip is never held whole, so memory stays flat whatever its size. A zip of a file list is named by the
/// SHA-256 of the sorted list and built once; later requests for the same list reuse it. Files that are listed but
/// absent from storage are left out and named in a <c>missing.txt</c> inside the zip — and such a zip is stored
/// under a unique name and not reused, so a later request picks up files that have arrived since.
/// </summary>
internal sealed partial class ZipDownloadBuilder(BlobServiceClient blobs, IOptions<StorageOptions> options, IOptions<DownloadOptions> limits, TimeProvider clock, ILogger<ZipDownloadBuilder> logger)
{
    /// <summary>The list, inside the zip, of the files that could not be found.</summary>
    public const string MissingListName = "missing.txt";

    private const int ChunkBytes = 4 * 1024 * 1024;
    private const string SourcePrefix = "data/";

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(options.Value.ContainerName);
    private readonly DownloadOptions _limits = limits.Value;

    // The builds under way in this process, by zip name: an identical request waits for the one running.
    private readonly SingleFlight<string> _building = new();

    /// <summary>The blob name of a zip holding <paramref name="fileNames"/> (names under <c>data/</c>), built if needed.</summary>
    /// <exception cref="RefusedException">Too large when the files are more, or larger together, than <see cref="DownloadOptions"/> allows.</exception>
    public async Task<string> BuildAsync(IReadOnlyCollection<string> fileNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fileNames);
        var sorted = fileNames.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (sorted.Count > _limits.MaxZipFiles)
        {
            throw TooLarge(sorted.Count, bytes: null);
        }

        var reusableName = $"downloads/{ListHash(sorted)}.zip";
        return await _building.RunAsync(reusableName, () => BuildOnceAsync(reusableName, sorted), cancellationToken);
    }

    private async Task<string> BuildOnceAsync(string reusableName, List<string> sorted)
    {
        // Not the caller's token: a build another identical request may be waiting for runs to its end.
        var cancellationToken = CancellationToken.None;
        if (await _container.GetBlobClient(reusableName).ExistsAsync(cancellationToken))
        {
            LogReused(reusableName, sorted.Count);
            return reusableName;
        }

        var missing = await MissingWithinLimitsAsync(sorted, cancellationToken);
        var target = missing.Count == 0
            ? reusableName
            : $"downloads/{ListHash(sorted)}-incomplete-{clock.GetUtcNow().ToUnixTimeMilliseconds()}.zip";
        await WriteZipAsync(target, sorted.Except(missing, StringComparer.Ordinal).ToList(), missing, cancellationToken);
        LogBuilt(target, sorted.Count - missing.Count, missing.Count);
        return target;
    }

    // The listed files absent from storage; refuses the zip once the present ones add up to more than the limit.
    private async Task<List<string>> MissingWithinLimitsAsync(List<string> sorted, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        long bytes = 0;
        foreach (var name in sorted)
        {
            // A name too long for a blob cannot be in storage (and asking for it is a 400 from the service).
            if (!StorageObjectName.IsWithinLengthLimit(SourcePrefix + name)
                || await SizeAsync(SourcePrefix + name, cancellationToken) is not { } size)
            {
                missing.Add(name);
                continue;
            }

            bytes += size;
            if (bytes > _limits.MaxZipBytes)
            {
                throw TooLarge(sorted.Count, bytes);
            }
        }

        return missing;
    }

    private async Task<long?> SizeAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            return (await _container.GetBlobClient(blobName).GetPropertiesAsync(cancellationToken: cancellationToken)).Value.ContentLength;
        }
        catch (RequestFailedException missing) when (missing.Status == StatusCodes.Status404NotFound)
        {
            return null;
        }
    }

    private RefusedException TooLarge(int files, long? bytes) => new(
        Refusal.TooLarge,
        MessageTemplate.Fill(
            bytes is null ? FilesMessages.ZipTooManyFiles : FilesMessages.ZipTooLarge,
            ("files", $"{files}"), ("bytes", $"{bytes}"), ("max_files", $"{_limits.MaxZipFiles}"), ("max_bytes", $"{_limits.MaxZipBytes}")));

    private async Task WriteZipAsync(string target, IReadOnlyList<string> present, List<string> missing, CancellationToken cancellationToken)
    {
        // Staged and committed only once the whole zip is written: a failure or a cancelled request leaves no zip that
        // a later request could reuse (OpenWriteAsync would commit whatever it had when disposed).
        await using var output = new StagedBlockBlobStream(_container.GetBlockBlobClient(target));
        // The central directory is written when the archive is disposed, before the commit.
        await using (var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken))
        {
            foreach (var name in present)
            {
                try
                {
                    await using var input = await _container.GetBlobClient(SourcePrefix + name)
                        .OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = ChunkBytes }, cancellationToken);

                    // FITS files are already tile-compressed; deflating them again costs time and gains nothing.
                    var entry = zip.CreateEntry(name, CompressionLevel.NoCompression);
                    await using var entryStream = await entry.OpenAsync(cancellationToken);
                    await input.CopyToAsync(entryStream, ChunkBytes, cancellationToken);
                }
                catch (RequestFailedException gone) when (gone.Status == StatusCodes.Status404NotFound)
                {
                    // Deleted between the existence check and the read.
                    missing.Add(name);
                }
            }

            if (missing.Count > 0)
            {
                var entry = zip.CreateEntry(MissingListName, CompressionLevel.Optimal);
                await using var list = await entry.OpenAsync(cancellationToken);
                await list.WriteAsync(Encoding.UTF8.GetBytes(string.Join('\n', missing) + "\n"), cancellationToken);
            }
        }

        await output.CommitAsync(new BlobHttpHeaders { ContentType = "application/zip" }, metadata: null, cancellationToken);
    }

    private static string ListHash(IEnumerable<string> sortedNames) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\n', sortedNames))));

    [LoggerMessage(Level = LogLevel.Information, Message = "Reused zip {Blob} of {FileCount} files")]
    private partial void LogReused(string blob, int fileCount);

    [LoggerMessage(Level = LogLevel.Information, Message = "Built zip {Blob} of {FileCount} files, {MissingCount} missing")]
    private partial void LogBuilt(string blob, int fileCount, int missingCount);
}
