using Azure;
using Azure.Data.Tables;

namespace PhotonRanch.Functions.Storage;

/// <summary>Deletes expired rows from a table: Table Storage has no TTL.</summary>
internal static class ExpiredTableRows
{
    /// <summary>
    /// Deletes every row of <paramref name="table"/> that <paramref name="expiredFilter"/> selects, each conditionally
    /// on the ETag it was read with, so a row rewritten meanwhile (no longer expired) survives. Returns how many were
    /// deleted.
    /// </summary>
    public static async Task<int> DeleteAsync(TableClient table, string expiredFilter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        var deleted = 0;
        await foreach (var entity in table.QueryAsync<TableEntity>(expiredFilter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            try
            {
                await table.DeleteEntityAsync(entity.PartitionKey, entity.RowKey, entity.ETag, cancellationToken);
                deleted++;
            }
            catch (RequestFailedException gone) when (gone.Status is 404 or 412)
            {
                // Deleted by another clean-up, or written again meanwhile: nothing expired is left to delete.
            }
        }

        return deleted;
    }
}
