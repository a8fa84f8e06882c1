using System.Buffers.Text;
using System.Text;
using Azure.Data.Tables;

namespace PhotonRanch.Functions.Storage;

/// <summary>
/// Where the next page of a listing starts: after the row with these keys. Its text form (<see cref="ToString"/>,
/// <see cref="TryParse"/>) is what callers pass back as <c>cursor</c>; opaque to them.
/// </summary>
internal sealed record TableCursor(string PartitionKey, string RowKey)
{
    // Keys may hold any character but control characters, so a line feed separates them unambiguously.
    private const char Separator = '\n';

    /// <summary>False for anything but a cursor a previous page handed out.</summary>
    public static bool TryParse(string text, out TableCursor? cursor)
    {
        cursor = null;
        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(text);
        }
        catch (FormatException)
        {
            return false;
        }

        var keys = Encoding.UTF8.GetString(bytes).Split(Separator);
        if (keys.Length != 2)
        {
            return false;
        }

        cursor = new TableCursor(keys[0], keys[1]);
        return true;
    }

    public override string ToString() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(PartitionKey + Separator + RowKey));
}

/// <summary>A listing's answer for one page, and where the next page starts (null on the last).</summary>
internal sealed record Paged<T>(T Value, TableCursor? Next);

/// <summary>One bounded page of a table listing, in key order; <paramref name="Next"/> is null on the last page.</summary>
internal sealed record TablePage(IReadOnlyList<TableEntity> Rows, TableCursor? Next)
{
    public const int MaxRows = 1000;

    /// <summary>A page holds at least one row, however large.</summary>
    public const long MaxBytes = 4 * 1024 * 1024;

    /// <summary>A row's stored size, near enough to bound an answer: its strings' and binaries' lengths.</summary>
    public static long StoredSize(TableEntity row)
    {
        ArgumentNullException.ThrowIfNull(row);
        return ((IDictionary<string, object>)row).Values.Sum(value => value switch
        {
            string text => (long)text.Length,
            byte[] binary => binary.LongLength,
            _ => 8L,
        });
    }

    public static Task<TablePage> ReadAsync(TableClient table, string? filter, TableCursor? after, CancellationToken cancellationToken) =>
        ReadAsync(table, filter, after, MaxRows, MaxBytes, StoredSize, cancellationToken);

    /// <summary>
    /// Reads the rows <paramref name="filter"/> selects after <paramref name="after"/>, stopping after
    /// <paramref name="maxRows"/> rows or once their <paramref name="sizeOf"/> adds up to <paramref name="maxBytes"/>
    /// (always at least one row), so that no listing costs more than one page however large the table grows.
    /// </summary>
    public static async Task<TablePage> ReadAsync(
        TableClient table,
        string? filter,
        TableCursor? after,
        int maxRows,
        long maxBytes,
        Func<TableEntity, long> sizeOf,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(sizeOf);
        var query = After(filter, after);
        var rows = new List<TableEntity>();
        long bytes = 0;
        await foreach (var row in table.QueryAsync<TableEntity>(query, Math.Min(maxRows + 1, 1000), cancellationToken: cancellationToken))
        {
            if (rows.Count == maxRows || (rows.Count > 0 && bytes + sizeOf(row) > maxBytes))
            {
                var last = rows[^1];
                return new TablePage(rows, new TableCursor(last.PartitionKey, last.RowKey));
            }

            rows.Add(row);
            bytes += sizeOf(row);
        }

        return new TablePage(rows, null);
    }

    // The filter's rows that come after the cursor's row in key order.
    private static string? After(string? filter, TableCursor? after)
    {
        var resume = after is null
            ? null
            : TableClient.CreateQueryFilter($"(PartitionKey gt {after.PartitionKey} or (PartitionKey eq {after.PartitionKey} and RowKey gt {after.RowKey}))");
        return (filter, resume) switch
        {
            (null, null) => null,
            (null, _) => resume,
            (_, null) => filter,
            _ => $"({filter}) and {resume}",
        };
    }
}
