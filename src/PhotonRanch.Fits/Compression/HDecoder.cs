namespace PhotonRanch.Fits.Compression;

/// <summary>
/// Decoder for HCOMPRESS_1 tiles (Tiled Image Compression Convention §4.4; R. White's H-transform coder as shipped in
/// CFITSIO fits_hdecompress.c, whose 64-bit path is followed here for all pixel types). A tile stream holds a magic
/// number 0xDD 0x99, NX, NY, SCALE (32-bit), the sum of all pixels (64-bit), the bit-plane counts of the three quadrant
/// kinds, then quadtree-coded bit planes of the four quadrants and finally the sign bits. Decoding reverses the coding,
/// multiplies by SCALE ("undigitize") and applies the inverse H-transform, optionally smoothing (ZVAL2 SMOOTH).
/// NY is the fastest-varying axis, i.e. ZTILE1. Not thread-safe: one instance per decoding thread.
/// </summary>
internal sealed class HDecoder(int maxPixels)
{
    private readonly long[] _a = new long[maxPixels];
    private readonly byte[] _scratch = new byte[maxPixels + 4];
    private byte[] _data = [];
    private int _next;
    private int _end;
    private int _buffer;
    private int _bitsToGo;

    /// <summary>Decodes one tile into <paramref name="output"/> (pixels in FITS order).</summary>
    public void Decode(ArraySegment<byte> input, ReadOnlySpan<long> tileShape, bool smooth, Span<int> output, long tileRow)
    {
        _data = input.Array!;
        _next = input.Offset;
        _end = input.Offset + input.Count;
        _bitsToGo = 0;
        if (NextByte() != 0xDD || NextByte() != 0x99)
        {
            throw TileDecompressor.TileError(tileRow, "HCOMPRESS_1 data does not start with the magic code 0xDD99");
        }

        var nx = ReadInt32();
        var ny = ReadInt32();
        var scale = ReadInt32();
        var sumAll = ReadInt64();
        Span<byte> planes = [NextByte(), NextByte(), NextByte()];
        if (nx <= 0 || ny <= 0 || (long)nx * ny != output.Length || ny != tileShape[0])
        {
            throw TileDecompressor.TileError(tileRow, $"HCOMPRESS_1 tile is {ny} × {nx} pixels but the tile is {tileShape[0]} pixels wide with {output.Length} pixels");
        }

        foreach (var planeCount in planes)
        {
            if (planeCount > 63)
            {
                throw TileDecompressor.TileError(tileRow, $"HCOMPRESS_1 declares {planeCount} bit planes");
            }
        }

        var a = _a.AsSpan(0, output.Length);
        DoDecode(a, nx, ny, planes, tileRow);
        a[0] = sumAll;

        // Undigitize: multiply by the digitization scale.
        if (scale > 1)
        {
            for (var i = 0; i < a.Length; i++)
            {
                a[i] *= scale;
            }
        }

        InverseHTransform(a, nx, ny, smooth, scale);
        for (var i = 0; i < a.Length; i++)
        {
            output[i] = (int)a[i];
        }
    }

    private static int Log2Ceiling(int n)
    {
        if (n <= 1)
        {
            return 0;
        }

        // Same rounding as the reference coder: log of the float value, rounded, then bumped if too small.
        var log2n = (int)((Math.Log((float)n) / Math.Log(2.0)) + 0.5);
        return n > (1 << log2n) ? log2n + 1 : log2n;
    }

    /// <summary>
    /// One level down one axis (fits_hdecompress.c's nxtop/nytop and qtree_decode's nx/ny steps): the count
    /// <paramref name="top"/> doubles, less one when what is left of the axis (<paramref name="remaining"/>) fits in
    /// the halved block size <paramref name="c"/>; otherwise a block of <paramref name="c"/> is taken from it.
    /// </summary>
    private static int NextTop(int top, ref int remaining, int c)
    {
        if (remaining <= c)
        {
            return (top << 1) - 1;
        }

        remaining -= c;
        return top << 1;
    }

    private static void Unshuffle(Span<long> a, int offset, int n, int n2, Span<long> tmp)
    {
        var half = (n + 1) >> 1;
        for (int i = half, p = offset + (n2 * half), t = 0; i < n; i++, p += n2, t++)
        {
            tmp[t] = a[p];
        }

        for (int i = half - 1, p2 = offset + (n2 * (half - 1)), p1 = offset + ((n2 * (half - 1)) << 1); i >= 0; i--, p2 -= n2, p1 -= n2 + n2)
        {
            a[p1] = a[p2];
        }

        for (int i = 1, p1 = offset + n2, t = 0; i < n; i += 2, p1 += n2 + n2, t++)
        {
            a[p1] = tmp[t];
        }
    }

    private static void Smooth(Span<long> a, int nxtop, int nytop, int ny, int scale)
    {
        // Maximum change in a coefficient is scale/2, because digitization rounded.
        long smax = scale >> 1;
        if (smax <= 0)
        {
            return;
        }

        var ny2 = ny << 1;
        for (var i = 2; i < nxtop - 2; i += 2)
        {
            var s00 = ny * i;
            var s10 = s00 + ny;
            for (var j = 0; j < nytop; j += 2)
            {
                var hm = a[s00 - ny2];
                var h0 = a[s00];
                var hp = a[s00 + ny2];
                var diff = hp - hm;
                var dmax = Math.Max(Math.Min(hp - h0, h0 - hm), 0) << 2;
                var dmin = Math.Min(Math.Max(hp - h0, h0 - hm), 0) << 2;
                if (dmin < dmax)
                {
                    diff = Math.Max(Math.Min(diff, dmax), dmin);
                    var s = diff - (a[s10] << 3);
                    s = s >= 0 ? s >> 3 : (s + 7) >> 3;
                    s = Math.Max(Math.Min(s, smax), -smax);
                    a[s10] += s;
                }

                s00 += 2;
                s10 += 2;
            }
        }

        for (var i = 0; i < nxtop; i += 2)
        {
            var s00 = (ny * i) + 2;
            for (var j = 2; j < nytop - 2; j += 2)
            {
                var hm = a[s00 - 2];
                var h0 = a[s00];
                var hp = a[s00 + 2];
                var diff = hp - hm;
                var dmax = Math.Max(Math.Min(hp - h0, h0 - hm), 0) << 2;
                var dmin = Math.Min(Math.Max(hp - h0, h0 - hm), 0) << 2;
                if (dmin < dmax)
                {
                    diff = Math.Max(Math.Min(diff, dmax), dmin);
                    var s = diff - (a[s00 + 1] << 3);
                    s = s >= 0 ? s >> 3 : (s + 7) >> 3;
                    s = Math.Max(Math.Min(s, smax), -smax);
                    a[s00 + 1] += s;
                }

                s00 += 2;
            }
        }

        for (var i = 2; i < nxtop - 2; i += 2)
        {
            var s00 = (ny * i) + 2;
            var s10 = s00 + ny;
            for (var j = 2; j < nytop - 2; j += 2)
            {
                var hmm = a[s00 - ny2 - 2];
                var hpm = a[s00 + ny2 - 2];
                var hmp = a[s00 - ny2 + 2];
                var hpp = a[s00 + ny2 + 2];
                var h0 = a[s00];
                var diff = hpp + hmm - hmp - hpm;
                var hx2 = a[s10] << 1;
                var hy2 = a[s00 + 1] << 1;
                var m1 = Math.Min(Math.Max(hpp - h0, 0) - hx2 - hy2, Math.Max(h0 - hpm, 0) + hx2 - hy2);
                var m2 = Math.Min(Math.Max(h0 - hmp, 0) - hx2 + hy2, Math.Max(hmm - h0, 0) + hx2 + hy2);
                var dmax = Math.Min(m1, m2) << 4;
                m1 = Math.Max(Math.Min(hpp - h0, 0) - hx2 - hy2, Math.Min(h0 - hpm, 0) + hx2 - hy2);
                m2 = Math.Max(Math.Min(h0 - hmp, 0) - hx2 + hy2, Math.Min(hmm - h0, 0) + hx2 + hy2);
                var dmin = Math.Max(m1, m2) << 4;
                if (dmin < dmax)
                {
                    diff = Math.Max(Math.Min(diff, dmax), dmin);
                    var s = diff - (a[s10 + 1] << 6);
                    s = s >= 0 ? s >> 6 : (s + 63) >> 6;
                    s = Math.Max(Math.Min(s, smax), -smax);
                    a[s10 + 1] += s;
                }

                s00 += 2;
                s10 += 2;
            }
        }
    }

    private static void InverseHTransform(Span<long> a, int nx, int ny, bool smooth, int scale)
    {
        var nmax = Math.Max(nx, ny);
        var log2n = Log2Ceiling(nmax);
        if (log2n == 0)
        {
            // A single pixel is its own sum; there is nothing to invert.
            return;
        }

        Span<long> tmp = new long[(nmax + 1) / 2];
        var shift = 1;
        var bit0 = 1L << (log2n - 1);

        var bit1 = bit0 << 1;
        var bit2 = bit0 << 2;
        var mask0 = -bit0;
        var mask1 = mask0 << 1;
        var mask2 = mask0 << 2;
        var prnd0 = bit0 >> 1;
        var prnd1 = bit1 >> 1;
        var prnd2 = bit2 >> 1;
        var nrnd0 = prnd0 - 1;
        var nrnd1 = prnd1 - 1;
        var nrnd2 = prnd2 - 1;

        // Round h0 to a multiple of bit2.
        a[0] = (a[0] + (a[0] >= 0 ? prnd2 : nrnd2)) & mask2;

        int nxtop = 1, nytop = 1, nxf = nx, nyf = ny, c = 1 << log2n;
        for (var k = log2n - 1; k >= 0; k--)
        {
            // Generates ntop[k-1] = (ntop[k]+1)/2 with ntop[log2n] = n.
            c >>= 1;
            nxtop = NextTop(nxtop, ref nxf, c);
            nytop = NextTop(nytop, ref nyf, c);

            // Double shift and fix nrnd0 (because prnd0 = 0) on the last pass.
            if (k == 0)
            {
                nrnd0 = 0;
                shift = 2;
            }

            for (var i = 0; i < nxtop; i++)
            {
                Unshuffle(a, ny * i, nytop, 1, tmp);
            }

            for (var j = 0; j < nytop; j++)
            {
                Unshuffle(a, j, nxtop, ny, tmp);
            }

            if (smooth)
            {
                Smooth(a, nxtop, nytop, ny, scale);
            }

            var oddx = nxtop % 2;
            var oddy = nytop % 2;
            int ii;
            for (ii = 0; ii < nxtop - oddx; ii += 2)
            {
                var s00 = ny * ii;
                var s10 = s00 + ny;
                for (var j = 0; j < nytop - oddy; j += 2)
                {
                    var h0 = a[s00];
                    var hx = a[s10];
                    var hy = a[s00 + 1];
                    var hc = a[s10 + 1];

                    // Round hx and hy to multiples of bit1, hc to a multiple of bit0.
                    hx = (hx + (hx >= 0 ? prnd1 : nrnd1)) & mask1;
                    hy = (hy + (hy >= 0 ? prnd1 : nrnd1)) & mask1;
                    hc = (hc + (hc >= 0 ? prnd0 : nrnd0)) & mask0;

                    // Propagate bit0 of hc to hx, hy and bits 0 and 1 of hc, hx, hy to h0.
                    var lowbit0 = hc & bit0;
                    hx = hx >= 0 ? hx - lowbit0 : hx + lowbit0;
                    hy = hy >= 0 ? hy - lowbit0 : hy + lowbit0;
                    var lowbit1 = (hc ^ hx ^ hy) & bit1;
                    h0 = h0 >= 0
                        ? h0 + lowbit0 - lowbit1
                        : h0 + (lowbit0 == 0 ? lowbit1 : lowbit0 - lowbit1);

                    a[s10 + 1] = (h0 + hx + hy + hc) >> shift;
                    a[s10] = (h0 + hx - hy - hc) >> shift;
                    a[s00 + 1] = (h0 - hx + hy - hc) >> shift;
                    a[s00] = (h0 - hx - hy + hc) >> shift;
                    s00 += 2;
                    s10 += 2;
                }

                if (oddy != 0)
                {
                    var h0 = a[s00];
                    var hx = a[s10];
                    hx = (hx >= 0 ? hx + prnd1 : hx + nrnd1) & mask1;
                    var lowbit1 = hx & bit1;
                    h0 = h0 >= 0 ? h0 - lowbit1 : h0 + lowbit1;
                    a[s10] = (h0 + hx) >> shift;
                    a[s00] = (h0 - hx) >> shift;
                }
            }

            if (oddx != 0)
            {
                var s00 = ny * ii;
                for (var j = 0; j < nytop - oddy; j += 2)
                {
                    var h0 = a[s00];
                    var hy = a[s00 + 1];
                    hy = (hy >= 0 ? hy + prnd1 : hy + nrnd1) & mask1;
                    var lowbit1 = hy & bit1;
                    h0 = h0 >= 0 ? h0 - lowbit1 : h0 + lowbit1;
                    a[s00 + 1] = (h0 + hy) >> shift;
                    a[s00] = (h0 - hy) >> shift;
                    s00 += 2;
                }

                if (oddy != 0)
                {
                    a[s00] >>= shift;
                }
            }

            bit2 = bit1;
            bit1 = bit0;
            bit0 >>= 1;
            mask1 = mask0;
            mask0 >>= 1;
            prnd1 = prnd0;
            prnd0 >>= 1;
            nrnd1 = nrnd0;
            nrnd0 = prnd0 - 1;
        }
    }

    private void DoDecode(Span<long> a, int nx, int ny, ReadOnlySpan<byte> planes, long tileRow)
    {
        a.Clear();
        var nx2 = (nx + 1) / 2;
        var ny2 = (ny + 1) / 2;
        _bitsToGo = 0;

        // The four quadrants; the two mixed quadrants share a bit-plane count.
        QtreeDecode(a, 0, ny, nx2, ny2, planes[0], tileRow);
        QtreeDecode(a, ny2, ny, nx2, ny / 2, planes[1], tileRow);
        QtreeDecode(a, ny * nx2, ny, nx / 2, ny2, planes[1], tileRow);
        QtreeDecode(a, (ny * nx2) + ny2, ny, nx / 2, ny / 2, planes[2], tileRow);

        if (InputNybble() != 0)
        {
            throw TileDecompressor.TileError(tileRow, "HCOMPRESS_1 bit planes are not followed by the end code");
        }

        // Sign bits start on a byte boundary.
        _bitsToGo = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != 0 && InputBit() != 0)
            {
                a[i] = -a[i];
            }
        }
    }

    private void QtreeDecode(Span<long> a, int offset, int n, int nqx, int nqy, int planeCount, long tileRow)
    {
        var log2n = Log2Ceiling(Math.Max(nqx, nqy));
        var scratch = _scratch.AsSpan();
        for (var bit = planeCount - 1; bit >= 0; bit--)
        {
            var code = InputNybble();
            if (code == 0)
            {
                // Bit plane written directly, four pixels per nybble.
                var count = ((nqx + 1) / 2) * ((nqy + 1) / 2);
                for (var i = 0; i < count; i++)
                {
                    scratch[i] = (byte)InputNybble();
                }

                BitInsert(scratch, nqx, nqy, a, offset, n, bit);
            }
            else if (code != 0xF)
            {
                throw TileDecompressor.TileError(tileRow, $"HCOMPRESS_1 bit plane has the invalid format code {code}");
            }
            else
            {
                scratch[0] = (byte)InputHuffman();
                int nx = 1, ny = 1, nfx = nqx, nfy = nqy, c = 1 << log2n;
                for (var k = 1; k < log2n; k++)
                {
                    c >>= 1;
                    nx = NextTop(nx, ref nfx, c);
                    ny = NextTop(ny, ref nfy, c);

                    QtreeExpand(scratch, nx, ny);
                }

                BitInsert(scratch, nqx, nqy, a, offset, n, bit);
            }
        }
    }

    /// <summary>One quadtree expansion step: each 4-bit code becomes a 2×2 block of 0/1 flags, non-zero flags read a new code.</summary>
    private void QtreeExpand(Span<byte> b, int nx, int ny)
    {
        QtreeCopy(b, nx, ny, ny);
        for (var i = (nx * ny) - 1; i >= 0; i--)
        {
            if (b[i] != 0)
            {
                b[i] = (byte)InputHuffman();
            }
        }
    }

    private static void QtreeCopy(Span<byte> b, int nx, int ny, int n)
    {
        // Copy the ((nx+1)/2) × ((ny+1)/2) codes to every second element, from the end since source and target overlap.
        var nx2 = (nx + 1) / 2;
        var ny2 = (ny + 1) / 2;
        var k = (ny2 * (nx2 - 1)) + ny2 - 1;
        for (var i = nx2 - 1; i >= 0; i--)
        {
            var s00 = 2 * ((n * i) + ny2 - 1);
            for (var j = ny2 - 1; j >= 0; j--)
            {
                b[s00] = b[k];
                k--;
                s00 -= 2;
            }
        }

        int ii;
        for (ii = 0; ii < nx - 1; ii += 2)
        {
            var s00 = n * ii;
            var s10 = s00 + n;
            int j;
            for (j = 0; j < ny - 1; j += 2)
            {
                var v = b[s00];
                b[s10 + 1] = (byte)(v & 1);
                b[s10] = (byte)((v >> 1) & 1);
                b[s00 + 1] = (byte)((v >> 2) & 1);
                b[s00] = (byte)((v >> 3) & 1);
                s00 += 2;
                s10 += 2;
            }

            if (j < ny)
            {
                b[s10] = (byte)((b[s00] >> 1) & 1);
                b[s00] = (byte)((b[s00] >> 3) & 1);
            }
        }

        if (ii < nx)
        {
            var s00 = n * ii;
            int j;
            for (j = 0; j < ny - 1; j += 2)
            {
                b[s00 + 1] = (byte)((b[s00] >> 2) & 1);
                b[s00] = (byte)((b[s00] >> 3) & 1);
                s00 += 2;
            }

            if (j < ny)
            {
                b[s00] = (byte)((b[s00] >> 3) & 1);
            }
        }
    }

    /// <summary>Expands 4-bit codes into 2×2 blocks and sets bit <paramref name="bit"/> of the coefficients.</summary>
    private static void BitInsert(ReadOnlySpan<byte> codes, int nx, int ny, Span<long> b, int offset, int n, int bit)
    {
        var plane = 1L << bit;
        var k = 0;
        int i;
        for (i = 0; i < nx - 1; i += 2)
        {
            var s00 = offset + (n * i);
            int j;
            for (j = 0; j < ny - 1; j += 2)
            {
                var v = codes[k++];
                if ((v & 1) != 0)
                {
                    b[s00 + n + 1] |= plane;
                }

                if ((v & 2) != 0)
                {
                    b[s00 + n] |= plane;
                }

                if ((v & 4) != 0)
                {
                    b[s00 + 1] |= plane;
                }

                if ((v & 8) != 0)
                {
                    b[s00] |= plane;
                }

                s00 += 2;
            }

            if (j < ny)
            {
                var v = codes[k++];
                if ((v & 2) != 0)
                {
                    b[s00 + n] |= plane;
                }

                if ((v & 8) != 0)
                {
                    b[s00] |= plane;
                }
            }
        }

        if (i < nx)
        {
            var s00 = offset + (n * i);
            int j;
            for (j = 0; j < ny - 1; j += 2)
            {
                var v = codes[k++];
                if ((v & 4) != 0)
                {
                    b[s00 + 1] |= plane;
                }

                if ((v & 8) != 0)
                {
                    b[s00] |= plane;
                }

                s00 += 2;
            }

            if (j < ny)
            {
                if ((codes[k] & 8) != 0)
                {
                    b[s00] |= plane;
                }
            }
        }
    }

    /// <summary>Fixed Huffman code for the 16 quadtree codes (reference coder qtree_decode.c input_huffman).</summary>
    private int InputHuffman()
    {
        var c = InputBits(3);
        if (c < 4)
        {
            return 1 << c;
        }

        c = InputBit() | (c << 1);
        switch (c)
        {
            case 8: return 3;
            case 9: return 5;
            case 10: return 10;
            case 11: return 12;
            case 12: return 15;
        }

        c = InputBit() | (c << 1);
        switch (c)
        {
            case 26: return 6;
            case 27: return 7;
            case 28: return 9;
            case 29: return 11;
            case 30: return 13;
        }

        c = InputBit() | (c << 1);
        return c == 62 ? 0 : 14;
    }

    private int InputBit()
    {
        if (_bitsToGo == 0)
        {
            _buffer = NextByte();
            _bitsToGo = 8;
        }

        _bitsToGo--;
        return (_buffer >> _bitsToGo) & 1;
    }

    private int InputBits(int n)
    {
        if (_bitsToGo < n)
        {
            _buffer = (_buffer << 8) | NextByte();
            _bitsToGo += 8;
        }

        _bitsToGo -= n;
        return (_buffer >> _bitsToGo) & ((1 << n) - 1);
    }

    private int InputNybble() => InputBits(4);

    private byte NextByte() =>
        _next < _end ? _data[_next++] : throw new FitsFormatException("HCOMPRESS_1 decompression error: hit end of compressed byte stream (Tiled Image Compression Convention §4.4).");

    private int ReadInt32()
    {
        var value = 0;
        for (var i = 0; i < 4; i++)
        {
            value = (value << 8) | NextByte();
        }

        return value;
    }

    private long ReadInt64()
    {
        long value = 0;
        for (var i = 0; i < 8; i++)
        {
            value = (value << 8) | NextByte();
        }

        return value;
    }
}
