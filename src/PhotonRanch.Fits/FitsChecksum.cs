using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PhotonRanch.Fits;

/// <summary>
/// The FITS checksum convention (FITS Standard 4.0 §4.4.2.7 and Appendix J): DATASUM is the 32-bit ones' complement
/// sum of the data unit read as big-endian unsigned integers; CHECKSUM encodes, as 16 ASCII characters, the complement
/// of the sum of the whole HDU so that the HDU then sums to −0. Encoding as in Appendix J / CFITSIO checksum.c ffesum.
/// </summary>
internal sealed class FitsChecksum
{
    private static readonly byte[] s_excluded = [0x3a, 0x3b, 0x3c, 0x3d, 0x3e, 0x3f, 0x40, 0x5b, 0x5c, 0x5d, 0x5e, 0x5f, 0x60];

    private ulong _sum;
    private uint _partial;
    private int _partialBytes;

    /// <summary>The ones' complement sum of everything added so far (a trailing partial word counts as zero-padded).</summary>
    public uint Value
    {
        get
        {
            var sum = _sum + (_partialBytes == 0 ? 0 : (ulong)_partial << (8 * (4 - _partialBytes)));
            return Fold(sum);
        }
    }

    /// <summary>Adds bytes; chunk boundaries need not fall on 4-byte words.</summary>
    public void Add(ReadOnlySpan<byte> data)
    {
        while (_partialBytes != 0 && !data.IsEmpty)
        {
            _partial = (_partial << 8) | data[0];
            data = data[1..];
            if (++_partialBytes == 4)
            {
                _sum += _partial;
                _partial = 0;
                _partialBytes = 0;
            }
        }

        var words = data.Length / 4;
        _sum = Fold(_sum) + (ulong)Fold(SumBigEndianWords(MemoryMarshal.Cast<byte, uint>(data[..(words * 4)])));
        foreach (var b in data[(words * 4)..])
        {
            _partial = (_partial << 8) | b;
            _partialBytes++;
        }
    }

    /// <summary>Ones' complement addition of two sums.</summary>
    public static uint Combine(uint a, uint b) => Fold((ulong)a + b);

    /// <summary>Encodes the complement of <paramref name="sum"/> as the 16-character CHECKSUM value (Appendix J).</summary>
    public static string Encode(uint sum)
    {
        var value = ~sum;
        var ascii = new char[16];
        Span<int> ch = stackalloc int[4];
        for (var i = 0; i < 4; i++)
        {
            var b = (int)((value >> (24 - (8 * i))) & 0xFF);
            var quotient = (b / 4) + 0x30;
            var remainder = b % 4;
            ch.Fill(quotient);
            ch[0] += remainder;

            // Avoid the punctuation characters between the digits and the letters, keeping the sum unchanged.
            for (var changed = true; changed;)
            {
                changed = false;
                foreach (var excluded in s_excluded)
                {
                    for (var j = 0; j < 4; j += 2)
                    {
                        if (ch[j] == excluded || ch[j + 1] == excluded)
                        {
                            ch[j]++;
                            ch[j + 1]--;
                            changed = true;
                        }
                    }
                }
            }

            for (var j = 0; j < 4; j++)
            {
                ascii[(4 * j) + i] = (char)ch[j];
            }
        }

        // The encoded string is rotated right by one character.
        var rotated = new char[16];
        for (var i = 0; i < 16; i++)
        {
            rotated[i] = ascii[(i + 15) % 16];
        }

        return new string(rotated);
    }

    /// <summary>Plain 64-bit sum of big-endian 32-bit words, vectorised where the hardware allows.</summary>
    private static ulong SumBigEndianWords(ReadOnlySpan<uint> words)
    {
        ulong sum = 0;
        var i = 0;
        if (Vector128.IsHardwareAccelerated && words.Length >= Vector128<uint>.Count)
        {
            // Each lane gains less than 2^33 per step; overflowing it would take a 32 GB chunk.
            var accumulator = Vector128<ulong>.Zero;
            var swap = Vector128.Create((byte)3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12);
            for (; i + Vector128<uint>.Count <= words.Length; i += Vector128<uint>.Count)
            {
                var native = Vector128.Shuffle(Vector128.Create(words.Slice(i, Vector128<uint>.Count)).AsByte(), swap).AsUInt32();
                var (lower, upper) = Vector128.Widen(native);
                accumulator += lower + upper;
            }

            sum = Vector128.Sum(accumulator);
        }

        for (; i < words.Length; i++)
        {
            sum += BinaryPrimitives.ReverseEndianness(words[i]);
        }

        return sum;
    }

    private static uint Fold(ulong sum)
    {
        while ((sum >> 32) != 0)
        {
            sum = (sum & 0xFFFFFFFF) + (sum >> 32);
        }

        return (uint)sum;
    }
}
