using System.Buffers;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.Files;

/// <summary>
/// Writes an uploaded file into a block blob as it arrives: each block is staged as soon as it is read, and the block
/// list is committed only once the whole file has arrived. Until then the blob does not exist (or keeps its old
/// content), so a caller that drops mid-upload leaves nothing behind; Blob Storage discards uncommitted blocks after
/// a week.
/// </summary>
public sealed partial class UploadedFileStore
{
    /// <summary>Bytes held in memory per upload: one block.</summary>
    public const int BlockBytes = 4 * 1024 * 1024;

    private readonly BlobContainerClient _container;
    private readonly ILogger<UploadedFileStore> _logger;

    /// <summary>Creates the store for the configured container.</summary>
    public UploadedFileStore(BlobServiceClient blobs, IOptions<StorageOptions> options, ILogger<UploadedFileStore> logger)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        ArgumentNullException.ThrowIfNull(options);
        _container = blobs.GetBlobContainerClient(options.Value.ContainerName);
        _logger = logger;
    }

    /// <summary>
    /// Stores <paramref name="file"/> (read to its end) as <paramref name="blobName"/>, replacing any blob there only
    /// when all of it has arrived. Returns the number of bytes stored.
    /// </summary>
    /// <exception cref="ApiException">413 when the file is larger than <paramref name="maxBytes"/>; nothing is stored.</exception>
    public async Task<long> StoreAsync(string blobName, Stream file, long maxBytes, string contentType, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        ArgumentNullException.ThrowIfNull(file);
        var blob = _container.GetBlockBlobClient(blobName);

        // Block ids are unique to this upload, so two uploads of the same name at once never mix their blocks.
        var uploadId = Guid.NewGuid().ToString("N");
        var blockIds = new List<string>();
        var buffer = ArrayPool<byte>.Shared.Rent(BlockBytes);
        long total = 0;
        try
        {
            int read;
            while ((read = await file.ReadAtLeastAsync(buffer.AsMemory(0, BlockBytes), BlockBytes, throwOnEndOfStream: false, cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw new ApiException(StatusCodes.Status413PayloadTooLarge, $"The file is larger than the {maxBytes} bytes its upload policy allows.");
                }

                var blockId = Convert.ToBase64String(Encoding.ASCII.GetBytes($"{uploadId}{blockIds.Count:D8}"));
                using (var block = new MemoryStream(buffer, 0, read, writable: false))
                {
                    await blob.StageBlockAsync(blockId, block, cancellationToken: cancellationToken);
                }

                blockIds.Add(blockId);
            }

            await blob.CommitBlockListAsync(
                blockIds,
                new CommitBlockListOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } },
                cancellationToken);
            LogStored(blobName, total, blockIds.Count);
            return total;
        }
        catch (Exception exception)
        {
            LogNotStored(exception, blobName, total);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    [LoggerMessage(EventId = 1, EventName = "UploadStored", Level = LogLevel.Information, Message = "Stored upload {BlobName}: {Bytes} bytes in {Blocks} blocks")]
    private partial void LogStored(string blobName, long bytes, int blocks);

    // Information, not Warning: a caller dropping off a slow link or sending too much is an expected answer; a storage
    // fault is logged again by the error responder.
    [LoggerMessage(EventId = 2, EventName = "UploadNotStored", Level = LogLevel.Information, Message = "Upload to {BlobName} stopped after {Bytes} bytes; nothing was committed")]
    private partial void LogNotStored(Exception exception, string blobName, long bytes);
}
