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

    public void SetDescriptor(int row, long count, long offset)
    {
        var at = DataStart + (row * RowLength) + CompressedData.Offset;
        if (CompressedData.Type == 'P')
        {
            BinaryPrimitives.WriteInt32BigEndian(Bytes.AsSpan(at), (int)count);
            BinaryPrimitives.WriteInt32BigEndian(Bytes.AsSpan(at + 4), (int)offset);
        }
        else
        {
            BinaryPrimitives.WriteInt64BigEndian(Bytes.AsSpan(at), count);
            BinaryPrimitives.WriteInt64BigEndian(Bytes.AsSpan(at + 8), offset);
        }
    }

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
