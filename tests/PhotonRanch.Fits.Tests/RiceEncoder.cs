namespace PhotonRanch.Fits.Tests;

/// <summary>
/// Test-only RICE_1 encoder, to write tiles with a BLOCKSIZE other than fpack's 32. It follows the Rice algorithm of
/// the Tiled Image Compression Convention §4.1 with the bit layout of CFITSIO ricecomp.c (fits_rcomp,
/// fits_rcomp_short, fits_rcomp_byte; R. White): the first pixel in BYTEPIX bytes, then per block of BLOCKSIZE
/// pixels an FS code of 3/4/5 bits followed by the zig-zag mapped differences of adjacent pixels — all zero (code 0),
/// verbatim (highest code) or as a unary quotient and FS low bits (code FS + 1).
/// </summary>
internal static class RiceEncoder
{
    public static byte[] Encode(ReadOnlySpan<int> pixels, int blockSize, int bytesPerPixel)
    {
        var (fsBits, fsMax, directBits) = bytesPerPixel switch
        {
            1 => (3, 6, 8),
            2 => (4, 14, 16),
            4 => (5, 25, 32),
            _ => throw new ArgumentOutOfRangeException(nameof(bytesPerPixel)),
        };

        var bits = new BitWriter();
        bits.Write((uint)pixels[0], directBits);
        var last = pixels[0];
        var differences = new uint[blockSize];
        for (var start = 0; start < pixels.Length; start += blockSize)
        {
            var count = Math.Min(blockSize, pixels.Length - start);
            var sum = 0.0;
            for (var j = 0; j < count; j++)
            {
                var next = pixels[start + j];

                // ricecomp.c keeps the difference in the pixel type (signed char, short, int), so it wraps at BYTEPIX.
                var difference = bytesPerPixel switch
                {
                    1 => (sbyte)(next - last),
                    2 => (short)(next - last),
                    _ => unchecked(next - last),
                };
                differences[j] = (uint)((difference << 1) ^ (difference >> 31));
                sum += differences[j];
                last = next;
            }

            // FS from the mean mapped difference, as fits_rcomp chooses it (any FS decodes; this one compresses).
            var mean = Math.Max(0.0, (sum - (count / 2) - 1) / count);
            var fs = 0;
            for (var rest = (uint)mean >> 1; rest > 0; rest >>= 1)
            {
                fs++;
            }

            if (fs >= fsMax)
            {
                bits.Write((uint)fsMax + 1, fsBits);
                for (var j = 0; j < count; j++)
                {
                    bits.Write(differences[j], directBits);
                }
            }
            else if (fs == 0 && sum == 0)
            {
                bits.Write(0, fsBits);
            }
            else
            {
                bits.Write((uint)fs + 1, fsBits);
                for (var j = 0; j < count; j++)
                {
                    bits.WriteZeros((int)(differences[j] >> fs));
                    bits.Write(1, 1);
                    if (fs > 0)
                    {
                        bits.Write(differences[j] & ((1u << fs) - 1), fs);
                    }
                }
            }
        }

        return bits.ToArray();
    }

    /// <summary>Most significant bit first, the last byte padded with zero bits.</summary>
    private sealed class BitWriter
    {
        private readonly List<byte> _bytes = [];
        private ulong _buffer;
        private int _count;

        public void Write(uint value, int bits)
        {
            var masked = bits == 32 ? value : value & ((1u << bits) - 1);
            _buffer = (_buffer << bits) | masked;
            _count += bits;
            while (_count >= 8)
            {
                _count -= 8;
                _bytes.Add((byte)(_buffer >> _count));
            }

            _buffer &= (1ul << _count) - 1;
        }

        public void WriteZeros(int bits)
        {
            for (; bits > 0; bits -= 16)
            {
                Write(0, Math.Min(bits, 16));
            }
        }

        public byte[] ToArray()
        {
            if (_count > 0)
            {
                Write(0, 8 - _count);
            }

            return [.. _bytes];
        }
    }
}
