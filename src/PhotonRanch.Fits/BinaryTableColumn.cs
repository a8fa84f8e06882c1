using System.Buffers.Binary;
using System.Globalization;

namespace PhotonRanch.Fits;

/// <summary>
/// One BINTABLE field as declared by TTYPEn/TFORMn (FITS Standard 4.0 §7.3.1–§7.3.2, Table 18):
/// its byte offset in a row, repeat count and data type. Variable-length array fields (P and Q descriptors, §7.3.5)
/// record the element type of the array in the heap.
/// </summary>
internal sealed record BinaryTableColumn(string Name, int Offset, long Repeat, char Type, char ArrayType)
{
    /// <summary>Bytes one field occupies in a row.</summary>
    public long Width => Type switch
    {
        'X' => (Repeat + 7) / 8,
        _ => Repeat * ElementSize(Type),
    };

    /// <summary>True for a variable-length array descriptor field.</summary>
    public bool IsDescriptor => Type is 'P' or 'Q';

    /// <summary>Bytes per element of the heap array of a P/Q field.</summary>
    public int ArrayElementSize => ElementSize(ArrayType);

    /// <summary>Parses every field of a BINTABLE header and checks that they fill NAXIS1 exactly.</summary>
    public static IReadOnlyList<BinaryTableColumn> ParseColumns(FitsHeader header, long rowLength, int hduIndex)
    {
        var fields = FitsHdu.RequireInteger(header, "TFIELDS", hduIndex);
        if (fields is < 0 or > 999)
        {
            throw new FitsFormatException($"HDU {hduIndex}: TFIELDS = {fields} is outside 0–999 (FITS Standard 4.0 §7.3.1).");
        }

        var columns = new List<BinaryTableColumn>();
        long offset = 0;
        for (var n = 1; n <= fields; n++)
        {
            var suffix = n.ToString(CultureInfo.InvariantCulture);
            var form = header.GetString("TFORM" + suffix)
                ?? throw new FitsFormatException($"HDU {hduIndex}: TFORM{n} is missing (FITS Standard 4.0 §7.3.1).");
            var name = (header.GetString("TTYPE" + suffix) ?? string.Empty).Trim();
            var column = ParseForm(name, form.Trim(), checked((int)offset), hduIndex, n);
            columns.Add(column);
            offset += column.Width;
        }

        if (offset != rowLength)
        {
            throw new FitsFormatException($"HDU {hduIndex}: the TFORMn fields add up to {offset} bytes but NAXIS1 = {rowLength} (FITS Standard 4.0 §7.3.1).");
        }

        return columns;
    }

    /// <summary>Reads a P or Q descriptor (element count, heap offset) from a row (§7.3.5).</summary>
    public (long Count, long Offset) ReadDescriptor(ReadOnlySpan<byte> row) => Type == 'P'
        ? (BinaryPrimitives.ReadUInt32BigEndian(row[Offset..]), BinaryPrimitives.ReadUInt32BigEndian(row[(Offset + 4)..]))
        : (BinaryPrimitives.ReadInt64BigEndian(row[Offset..]), BinaryPrimitives.ReadInt64BigEndian(row[(Offset + 8)..]));

    /// <summary>Reads the first element of a numeric scalar field as a double.</summary>
    public double ReadDouble(ReadOnlySpan<byte> row) => Type switch
    {
        'D' => BinaryPrimitives.ReadDoubleBigEndian(row[Offset..]),
        'E' => BinaryPrimitives.ReadSingleBigEndian(row[Offset..]),
        _ => ReadInt64(row),
    };

    /// <summary>Reads the first element of an integer scalar field.</summary>
    public long ReadInt64(ReadOnlySpan<byte> row) => Type switch
    {
        'B' => row[Offset],
        'I' => BinaryPrimitives.ReadInt16BigEndian(row[Offset..]),
        'J' => BinaryPrimitives.ReadInt32BigEndian(row[Offset..]),
        'K' => BinaryPrimitives.ReadInt64BigEndian(row[Offset..]),
        'D' => (long)BinaryPrimitives.ReadDoubleBigEndian(row[Offset..]),
        'E' => (long)BinaryPrimitives.ReadSingleBigEndian(row[Offset..]),
        _ => throw new FitsFormatException($"Column {Name} has type '{Type}', which is not numeric."),
    };

    private static BinaryTableColumn ParseForm(string name, string form, int offset, int hduIndex, int n)
    {
        // §7.3.2: TFORMn = rTa, repeat count r (default 1), type letter T, optional a.
        var i = 0;
        while (i < form.Length && char.IsAsciiDigit(form[i]))
        {
            i++;
        }

        var repeat = i == 0 ? 1 : long.Parse(form.AsSpan(0, i), NumberStyles.None, CultureInfo.InvariantCulture);
        if (i >= form.Length)
        {
            throw new FitsFormatException($"HDU {hduIndex}: TFORM{n} = '{form}' has no data type letter (FITS Standard 4.0 §7.3.2).");
        }

        var type = form[i];
        var arrayType = ' ';
        if (type is 'P' or 'Q')
        {
            if (i + 1 >= form.Length)
            {
                throw new FitsFormatException($"HDU {hduIndex}: TFORM{n} = '{form}' lacks the array element type (FITS Standard 4.0 §7.3.5).");
            }

            arrayType = form[i + 1];
            if (repeat > 1)
            {
                throw new FitsFormatException($"HDU {hduIndex}: TFORM{n} = '{form}' has a repeat count above 1 for an array descriptor (FITS Standard 4.0 §7.3.5).");
            }

            ElementSize(arrayType);
        }
        else if (type != 'X')
        {
            ElementSize(type);
        }

        return new BinaryTableColumn(name, offset, repeat, type, arrayType);
    }

    private static int ElementSize(char type) => type switch
    {
        'L' or 'B' or 'A' => 1,
        'I' => 2,
        'J' or 'E' => 4,
        'K' or 'D' or 'C' => 8,
        'M' => 16,
        'P' => 8,
        'Q' => 16,
        'X' => 1,
        _ => throw new FitsFormatException($"Unknown BINTABLE data type '{type}' (FITS Standard 4.0 §7.3.2, Table 18)."),
    };
}
