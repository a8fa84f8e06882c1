using System.Buffers;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.Files;

/// <summary>
/// Writes an uploaded file into a block blob as it arrives: each block is staged as soon as it is read, and the block
/// list is committed only once the whole file has arrived. Until then the blob does not exist (or keeps its old
/// content), so a caller that drops mid-upload leaves nothing behind; Blob Storage discards uncommitted blocks after
/// a week.
/// </summary>
internal sealed partial class UploadedFileStore(BlobServiceClient blobs, IOptions<StorageOptions> options, ILogger<UploadedFileStore> logger)
{
    // Bytes read from the request at a time (the staged stream holds one block more).
    private const int BlockBytes = StagedBlockBlobStream.BlockBytes;

    private readonly BlobContainerClient _container = blobs.GetBlobContainerClient(options.Value.ContainerName);

    /// <summary>
    /// Stores <paramref name="file"/> (read to its end), replacing any blob there only when all of it has arrived.
    /// Returns the number of bytes stored.
    /// </summary>
    /// <exception cref="RefusedException">Too large when the file is larger than <paramref name="maxBytes"/>; nothing is stored.</exception>
    public async Task<long> StoreAsync(string blobName, Stream file, long maxBytes, string contentType, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        ArgumentNullException.ThrowIfNull(file);
        // Staged as blocks and committed only whole (StagedBlockBlobStream), so two uploads of one name at once never
        // mix and a dropped one leaves nothing.
        await using var blob = new StagedBlockBlobStream(_container.GetBlockBlobClient(blobName));
        var buffer = ArrayPool<byte>.Shared.Rent(BlockBytes);
        long total = 0;
        try
        {
            int read;
            while ((read = await file.ReadAsync(buffer.AsMemory(0, BlockBytes), cancellationToken)) > 0)
            {
                total += read;
                if (total > maxBytes)
                {
                    throw new RefusedException(Refusal.TooLarge, MessageTemplate.Fill(FilesMessages.FileTooLarge, ("max", $"{maxBytes}")));
                }

                await blob.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }

            await blob.CommitAsync(new BlobHttpHeaders { ContentType = contentType }, metadata: null, cancellationToken);
            LogStored(blobName, total);
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

    [LoggerMessage(EventId = 1, EventName = "UploadStored", Level = LogLevel.Information, Message = "Stored upload {BlobName}: {Bytes} bytes")]
    private partial void LogStored(string blobName, long bytes);

    // Information, not Warning: a caller dropping off a slow link or sending too much is an expected answer; a storage
    // fault is logged again by the error responder.
    [LoggerMessage(EventId = 2, EventName = "UploadNotStored", Level = LogLevel.Information, Message = "Upload to {BlobName} stopped after {Bytes} bytes; nothing was committed")]
    private partial void LogNotStored(Exception exception, string blobName, long bytes);
}
