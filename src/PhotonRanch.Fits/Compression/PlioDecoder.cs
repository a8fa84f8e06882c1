namespace PhotonRanch.Fits.Compression;

/// <summary>
/// Decoder for PLIO_1 tiles (Tiled Image Compression Convention §4.5): IRAF pixel-list "line lists" of 16-bit words,
/// each a 3-bit opcode and 12 bits of data — runs of zeros, runs of the current value, changes of the current value
/// and single pixels. Follows IRAF/CFITSIO pliocomp.c pl_l2pi; word indices below are 1-based as in the reference.
/// </summary>
internal static class PlioDecoder
{
    /// <summary>Decodes one tile's line list into <paramref name="output"/>.</summary>
    public static void Decode(ReadOnlySpan<short> list, Span<int> output, long tileRow)
    {
        var npix = output.Length;
        output.Clear();
        int length, first;
        if (Word(list, 3, tileRow) > 0)
        {
            length = Word(list, 3, tileRow);
            first = 4;
        }
        else
        {
            // Long-format header: list length in words 4–5, header length in word 2.
            length = (Word(list, 5, tileRow) << 15) + Word(list, 4, tileRow);
            first = Word(list, 2, tileRow) + 1;
        }

        if (npix <= 0 || length <= 0)
        {
            return;
        }

        const int Xs = 1;
        var xe = Xs + npix - 1;
        var skipWord = false;
        int op = 1, x1 = 1, pv = 1;
        for (var ip = first; ip <= length; ip++)
        {
            if (skipWord)
            {
                skipWord = false;
                continue;
            }

            var word = Word(list, ip, tileRow);
            var opcode = word / 4096;
            var data = word & 4095;
            switch (opcode)
            {
                case 0:
                case 4:
                case 5:
                    // Run of zeros (0), of the current value (4), or of zeros ending in the current value (5).
                    var x2 = x1 + data - 1;
                    var i1 = Math.Max(x1, Xs);
                    var i2 = Math.Min(x2, xe);
                    var np = i2 - i1 + 1;
                    if (np > 0)
                    {
                        var top = op + np - 1;
                        if (top > npix)
                        {
                            throw TileDecompressor.TileError(tileRow, "PLIO_1 line list writes past the end of the tile");
                        }

                        if (opcode == 4)
                        {
                            output[(op - 1)..top].Fill(pv);
                        }
                        else if (opcode == 5 && i2 == x2)
                        {
                            output[top - 1] = pv;
                        }

                        op = top + 1;
                    }

                    x1 = x2 + 1;
                    break;
                case 1:
                    // Set the current value from this word and the next one.
                    pv = (Word(list, ip + 1, tileRow) << 12) + data;
                    skipWord = true;
                    break;
                case 2:
                    pv += data;
                    break;
                case 3:
                    pv -= data;
                    break;
                case 6:
                case 7:
                    // Change the current value and output it as a single pixel.
                    pv += opcode == 6 ? data : -data;
                    if (x1 >= Xs && x1 <= xe)
                    {
                        if (op > npix)
                        {
                            throw TileDecompressor.TileError(tileRow, "PLIO_1 line list writes past the end of the tile");
                        }

                        output[op - 1] = pv;
                        op++;
                    }

                    x1++;
                    break;
            }

            if (x1 > xe)
            {
                break;
            }
        }
    }

    private static int Word(ReadOnlySpan<short> list, int index, long tileRow) =>
        index >= 1 && index <= list.Length
            ? list[index - 1]
            : throw TileDecompressor.TileError(tileRow, $"PLIO_1 line list of {list.Length} words has no word {index}");
}
