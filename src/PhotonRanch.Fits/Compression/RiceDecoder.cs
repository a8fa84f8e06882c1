using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace PhotonRanch.Fits.Compression;

/// <summary>
/// Decoder for the RICE_1 algorithm (Tiled Image Compression Convention §4.1; bit layout as written by CFITSIO
/// ricecomp.c fits_rcomp / read by fits_rdecomp). The first pixel is stored verbatim in BYTEPIX bytes; then each
/// block of BLOCKSIZE pixel differences starts with an FS code of 3, 4 or 5 bits (BYTEPIX 1, 2, 4): FS = code − 1;
/// code 0 means an all-zero block and the maximum code means the differences are stored verbatim; otherwise each
/// difference is a unary quotient followed by FS low bits. Differences are zig-zag mapped (even = positive).
/// </summary>
internal static class RiceDecoder
{
    /// <summary>Decodes <paramref name="output"/>.Length pixels.</summary>
    /// <param name="input">The compressed bytes of one tile.</param>
    /// <param name="output">Decoded pixels: unsigned bytes (BYTEPIX 1), sign-extended shorts (2) or ints (4).</param>
    /// <param name="blockSize">ZVAL1 (BLOCKSIZE), pixels per coding block.</param>
    /// <param name="bytesPerPixel">ZVAL2 (BYTEPIX): 1, 2 or 4.</param>
    /// <exception cref="FitsFormatException">The compressed stream ends early.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Decode(ReadOnlySpan<byte> input, Span<int> output, int blockSize, int bytesPerPixel)
    {
        int fsBits, fsMax, directBits;
        switch (bytesPerPixel)
        {
            case 1:
                fsBits = 3;
                fsMax = 6;
                directBits = 8;
                break;
            case 2:
                fsBits = 4;
                fsMax = 14;
                directBits = 16;
                break;
            case 4:
                fsBits = 5;
                fsMax = 25;
                directBits = 32;
                break;
            default:
                throw new FitsNotSupportedException($"RICE_1 with BYTEPIX = {bytesPerPixel} is not defined; BYTEPIX must be 1, 2 or 4 (Tiled Image Compression Convention §4.1).");
        }

        if (blockSize <= 0)
        {
            throw new FitsFormatException($"RICE_1 BLOCKSIZE = {blockSize} must be positive.");
        }

        if (output.Length == 0)
        {
            return;
        }

        if (input.Length < bytesPerPixel)
        {
            throw new FitsFormatException("RICE_1 tile is shorter than its first pixel value: hit end of compressed byte stream.");
        }

        uint last = bytesPerPixel switch
        {
            1 => input[0],
            2 => BinaryPrimitives.ReadUInt16BigEndian(input),
            _ => BinaryPrimitives.ReadUInt32BigEndian(input),
        };

        var mask = bytesPerPixel == 4 ? uint.MaxValue : (1u << directBits) - 1;
        var bits = new BitReader(input[bytesPerPixel..]);
        var i = 0;
        while (i < output.Length)
        {
            var fs = (int)bits.Read(fsBits) - 1;
            var end = Math.Min(i + blockSize, output.Length);
            if (fs < 0)
            {
                var value = ToSigned(last, bytesPerPixel);
                output[i..end].Fill(value);
                i = end;
            }
            else if (fs == fsMax)
            {
                for (; i < end; i++)
                {
                    var diff = bits.Read(directBits);
                    last = (Unmap(diff) + last) & mask;
                    output[i] = ToSigned(last, bytesPerPixel);
                }
            }
            else
            {
                for (; i < end; i++)
                {
                    // Fast path: the unary quotient, its stop bit and the FS low bits all lie in one 57-bit window.
                    var window = bits.Peek();
                    var zeros = BitOperations.LeadingZeroCount(window);
                    uint diff;
                    if (zeros + 1 + fs <= BitReader.WindowBits)
                    {
                        var low = fs == 0 ? 0u : (uint)((window << (zeros + 1)) >> (64 - fs));
                        diff = ((uint)zeros << fs) | low;
                        bits.Advance(zeros + 1 + fs);
                    }
                    else
                    {
                        var quotient = bits.ReadUnary();
                        diff = (quotient << fs) | bits.Read(fs);
                    }

                    last = (Unmap(diff) + last) & mask;
                    output[i] = ToSigned(last, bytesPerPixel);
                }
            }
        }
    }

    private static uint Unmap(uint diff) => (diff & 1) == 0 ? diff >> 1 : ~(diff >> 1);

    private static int ToSigned(uint value, int bytesPerPixel) => bytesPerPixel switch
    {
        1 => (int)value,
        2 => (short)value,
        _ => (int)value,
    };

    /// <summary>
    /// MSB-first bit reader over an absolute bit position. Bits past the end read as zeros, and every consuming call
    /// checks the position, so corrupt data fails with <see cref="FitsFormatException"/> instead of reading past the end.
    /// </summary>
    private ref struct BitReader(ReadOnlySpan<byte> data)
    {
        /// <summary>Valid bits in a <see cref="Peek"/> window (64 minus at most 7 bits of byte offset).</summary>
        public const int WindowBits = 57;

        private readonly ReadOnlySpan<byte> _data = data;
        private readonly long _totalBits = (long)data.Length * 8;
        private long _position;

        /// <summary>The next bits, left-aligned; at least <see cref="WindowBits"/> of them are valid.</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public readonly ulong Peek()
        {
            var index = (int)(_position >> 3);
            ulong window;
            if (index + 8 <= _data.Length)
            {
                window = BinaryPrimitives.ReadUInt64BigEndian(_data[index..]);
            }
            else
            {
                window = 0;
                for (var k = 0; k < 8; k++)
                {
                    window = (window << 8) | (index + k < _data.Length ? _data[index + k] : 0u);
                }
            }

            return window << (int)(_position & 7);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Advance(int count)
        {
            _position += count;
            if (_position > _totalBits)
            {
                throw EndOfData();
            }
        }

        public uint Read(int n)
        {
            if (n == 0)
            {
                return 0;
            }

            var value = (uint)(Peek() >> (64 - n));
            Advance(n);
            return value;
        }

        public uint ReadUnary()
        {
            uint zeros = 0;
            while (true)
            {
                var leading = BitOperations.LeadingZeroCount(Peek());
                if (leading < WindowBits)
                {
                    Advance(leading + 1);
                    return zeros + (uint)leading;
                }

                zeros += WindowBits;
                Advance(WindowBits);
            }
        }

        private static FitsFormatException EndOfData() =>
            new("RICE_1 decompression error: hit end of compressed byte stream (Tiled Image Compression Convention §4.1).");
    }
}
