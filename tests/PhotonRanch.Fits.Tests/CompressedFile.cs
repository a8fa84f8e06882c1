using System.Buffers.Binary;
using System.Text;

namespace PhotonRanch.Fits.Tests;

/// <summary>Byte-level view of an fpack output file (primary HDU + one compressed-image BINTABLE) for crafting variants.</summary>
internal sealed class CompressedFile
{
    private CompressedFile(byte[] bytes, int tableHeaderStart, int dataStart, FitsHeader tableHeader)
    {
        Bytes = bytes;
        TableHeaderStart = tableHeaderStart;
        DataStart = dataStart;
        TableHeader = tableHeader;
        RowLength = (int)tableHeader.GetInt64("NAXIS1")!.Value;
        Rows = (int)tableHeader.GetInt64("NAXIS2")!.Value;
        HeapStart = DataStart + (RowLength * Rows);
        var columns = BinaryTableColumn.ParseColumns(tableHeader, RowLength, 1);
        CompressedData = columns.Single(c => c.Name == "COMPRESSED_DATA");
    }

    public byte[] Bytes { get; }

    public int TableHeaderStart { get; }

    public int DataStart { get; }

    public FitsHeader TableHeader { get; }

    public int RowLength { get; }

    public int Rows { get; }

    public int HeapStart { get; }

    public BinaryTableColumn CompressedData { get; }

    public static CompressedFile Load(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var tableHeaderStart = EndOfHeader(bytes, 0);
        var dataStart = EndOfHeader(bytes, tableHeaderStart);
        var header = FitsHeader.ParseText(Encoding.ASCII.GetString(bytes, tableHeaderStart, dataStart - tableHeaderStart));
        return new CompressedFile(bytes, tableHeaderStart, dataStart, header);
    }

    public (long Count, long Offset) Descriptor(int row) => CompressedData.ReadDescriptor(Bytes.AsSpan(DataStart + (row * RowLength), RowLength));

    /// <summary>The COMPRESSED_DATA bytes of one tile.</summary>
    public byte[] CompressedTile(int row)
    {
        var (count, offset) = Descriptor(row);
        return Bytes.AsSpan(HeapStart + (int)offset, (int)count * CompressedData.ArrayElementSize).ToArray();
    }

    public void SetDescriptor(int row, long count, long offset) =>
        WriteDescriptor(CompressedData, Bytes.AsSpan(DataStart + (row * RowLength), RowLength), count, offset);

    /// <summary>Rewrites the heap with the tiles in reverse order (a valid file whose heap is not in tile order).</summary>
    public byte[] WithReversedHeap()
    {
        var copy = new CompressedFile((byte[])Bytes.Clone(), TableHeaderStart, DataStart, TableHeader);
        var position = 0L;
        for (var row = Rows - 1; row >= 0; row--)
        {
            var (count, offset) = Descriptor(row);
            Bytes.AsSpan(HeapStart + (int)offset, (int)count).CopyTo(copy.Bytes.AsSpan(HeapStart + (int)position));
            copy.SetDescriptor(row, count, position);
            position += count;
        }

        return copy.Bytes;
    }

    /// <summary>
    /// Rebuilds the file with new contents for every tile: the heap is rewritten in tile order, the TFORMn maximum
    /// array lengths and PCOUNT follow, and CHECKSUM/DATASUM are dropped because they would no longer match.
    /// With <paramref name="uncompressedForm"/> (e.g. "1PE", "1QE", "1PD") an UNCOMPRESSED_DATA column is appended for
    /// tiles marked <see cref="TileContent.Uncompressed"/>; like CFITSIO, their COMPRESSED_DATA descriptor is (0, 0)
    /// and their ZSCALE/ZZERO are 0 (Tiled Image Compression Convention §3, §5.2).
    /// </summary>
    public byte[] Rewrite(Func<int, TileContent> tile, string? uncompressedForm = null, Action<FitsHeader>? editHeader = null)
    {
        var columns = BinaryTableColumn.ParseColumns(TableHeader, RowLength, 1);
        if (columns.Count(c => c.IsDescriptor) != 1)
        {
            throw new InvalidOperationException("only files whose tiles are all in COMPRESSED_DATA can be rewritten");
        }

        var header = new FitsHeader(TableHeader.Where(c => c.Keyword is not ("CHECKSUM" or "DATASUM")));
        var rowLength = RowLength;
        BinaryTableColumn? uncompressed = null;
        if (uncompressedForm is not null)
        {
            var field = columns.Count + 1;
            header.Set("TFIELDS", (long)field);
            header.Add(FitsCard.Create("TTYPE" + field, "UNCOMPRESSED_DATA", "label for field"));
            header.Add(FitsCard.Create("TFORM" + field, uncompressedForm, "format of field"));
            uncompressed = BinaryTableColumn.ParseColumns(header, RowLength + (uncompressedForm[1] == 'P' ? 8 : 16), 1)[^1];
            rowLength += (int)uncompressed.Width;
        }

        var scaling = columns.Where(c => c.Name is "ZSCALE" or "ZZERO").ToList();
        var table = new byte[rowLength * Rows];
        using var heap = new MemoryStream();
        long maxCompressed = 0, maxUncompressed = 0;
        for (var row = 0; row < Rows; row++)
        {
            var target = table.AsSpan(row * rowLength, rowLength);
            Bytes.AsSpan(DataStart + (row * RowLength), RowLength).CopyTo(target);
            var content = tile(row);
            var offset = heap.Position;
            heap.Write(content.Bytes);
            if (content.Uncompressed)
            {
                var column = uncompressed ?? throw new InvalidOperationException("no UNCOMPRESSED_DATA column was requested");
                var count = content.Bytes.Length / column.ArrayElementSize;
                WriteDescriptor(CompressedData, target, 0, 0);
                WriteDescriptor(column, target, count, offset);
                maxUncompressed = Math.Max(maxUncompressed, count);
                foreach (var scale in scaling)
                {
                    target.Slice(scale.Offset, (int)scale.Width).Clear();
                }
            }
            else
            {
                WriteDescriptor(CompressedData, target, content.Bytes.Length, offset);
                maxCompressed = Math.Max(maxCompressed, content.Bytes.Length);
                if (uncompressed is not null)
                {
                    WriteDescriptor(uncompressed, target, 0, 0);
                }
            }
        }

        header.Set("NAXIS1", (long)rowLength);
        header.Set("PCOUNT", heap.Length);
        header.Set("TFORM" + (columns.ToList().IndexOf(CompressedData) + 1), $"1{CompressedData.Type}{CompressedData.ArrayType}({maxCompressed})");
        if (uncompressed is not null)
        {
            header.Set("TFORM" + (columns.Count + 1), $"{uncompressedForm}({maxUncompressed})");
        }

        if (header.Contains("THEAP"))
        {
            header.Set("THEAP", (long)table.Length);
        }

        editHeader?.Invoke(header);
        var data = table.Concat(heap.ToArray()).ToArray();
        return [.. Bytes.AsSpan(0, TableHeaderStart), .. FitsWriter.EncodeHeader(header), .. data, .. new byte[(2880 - (data.Length % 2880)) % 2880]];
    }

    private static void WriteDescriptor(BinaryTableColumn column, Span<byte> row, long count, long offset)
    {
        if (column.Type == 'P')
        {
            BinaryPrimitives.WriteInt32BigEndian(row[column.Offset..], (int)count);
            BinaryPrimitives.WriteInt32BigEndian(row[(column.Offset + 4)..], (int)offset);
        }
        else
        {
            BinaryPrimitives.WriteInt64BigEndian(row[column.Offset..], count);
            BinaryPrimitives.WriteInt64BigEndian(row[(column.Offset + 8)..], offset);
        }
    }

    /// <summary>Offset of the first block after the header starting at <paramref name="start"/> (fpack's primary HDU has no data).</summary>
    private static int EndOfHeader(byte[] bytes, int start)
    {
        for (var offset = start; offset + 80 <= bytes.Length; offset += 80)
        {
            if (Encoding.ASCII.GetString(bytes, offset, 80).TrimEnd() == "END")
            {
                return (offset + 80 + 2879) / 2880 * 2880;
            }
        }

        throw new InvalidOperationException("no END card");
    }
}

/// <summary>The new bytes of one tile for <see cref="CompressedFile.Rewrite"/>: COMPRESSED_DATA, or raw pixels for UNCOMPRESSED_DATA.</summary>
internal readonly record struct TileContent(byte[] Bytes, bool Uncompressed = false);
