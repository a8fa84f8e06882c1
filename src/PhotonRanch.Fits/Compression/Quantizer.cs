using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PhotonRanch.Fits.Compression;

/// <summary>
/// Restores floating-point pixels from quantized integers (Tiled Image Compression Convention §5; the formulas and
/// the float/double rounding follow CFITSIO imcompress.c unquantize_i4r4/unquantize_i4r8 so results are bit-identical
/// with funpack). Undefined pixels are written as the all-ones NaN pattern that CFITSIO writes for nulls.
/// </summary>
internal static class Quantizer
{
    /// <summary>Reserved integer for a pixel that was exactly 0.0 under SUBTRACTIVE_DITHER_2 (convention §5.1).</summary>
    public const int ZeroValue = -2147483646;

    /// <summary>The NaN bit pattern CFITSIO writes for null float pixels.</summary>
    public const uint NullSingleBits = 0xFFFFFFFF;

    /// <summary>The NaN bit pattern CFITSIO writes for null double pixels.</summary>
    public const ulong NullDoubleBits = 0xFFFFFFFFFFFFFFFF;

    /// <summary>
    /// Unquantizes one tile into big-endian IEEE values of <paramref name="bytesPerPixel"/> (4 or 8) bytes.
    /// </summary>
    /// <param name="values">Quantized integers of the tile, in pixel order.</param>
    /// <param name="scale">ZSCALE of the tile.</param>
    /// <param name="zero">ZZERO of the tile.</param>
    /// <param name="method">Quantization method.</param>
    /// <param name="ditherRow">Tile row number (1-based) plus ZDITHER0 minus 1: selects the start of the random sequence (convention §5.1).</param>
    /// <param name="nullValue">Integer that marks an undefined pixel (ZBLANK), or <see langword="null"/> when there is none.</param>
    /// <param name="bytesPerPixel">4 for BITPIX −32, 8 for BITPIX −64.</param>
    /// <param name="destination">Output, <c>values.Length * bytesPerPixel</c> bytes.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unquantize(ReadOnlySpan<int> values, double scale, double zero, QuantizeMethod method, long ditherRow, int? nullValue, int bytesPerPixel, Span<byte> destination)
    {
        if (bytesPerPixel == 4)
        {
            var output = MemoryMarshal.Cast<byte, uint>(destination[..(values.Length * 4)]);
            Unquantize<uint, SingleBits>(values, scale, zero, method, ditherRow, nullValue, output);
            BinaryPrimitives.ReverseEndianness(output, output);
        }
        else
        {
            var output = MemoryMarshal.Cast<byte, ulong>(destination[..(values.Length * 8)]);
            Unquantize<ulong, DoubleBits>(values, scale, zero, method, ditherRow, nullValue, output);
            BinaryPrimitives.ReverseEndianness(output, output);
        }
    }

    // Writes native-endian bit patterns; the caller swaps to big-endian in one vectorized pass.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Unquantize<TBits, TFormat>(ReadOnlySpan<int> values, double scale, double zero, QuantizeMethod method, long ditherRow, int? nullValue, Span<TBits> output)
        where TFormat : IFloatFormat<TBits>
    {
        var checkNull = nullValue.HasValue;
        var blank = nullValue.GetValueOrDefault();
        if (method == QuantizeMethod.NoDither)
        {
            for (var i = 0; i < values.Length; i++)
            {
                var v = values[i];
                output[i] = checkNull && v == blank ? TFormat.Null : TFormat.ToBits((v * scale) + zero);
            }

            return;
        }

        var random = DitherSequence.Values;
        var dither2 = method == QuantizeMethod.SubtractiveDither2;
        var seedIndex = (int)((ditherRow - 1) % DitherSequence.Length);
        if (seedIndex < 0)
        {
            seedIndex += DitherSequence.Length;
        }

        var next = (int)(random[seedIndex] * 500);
        for (var i = 0; i < values.Length; i++)
        {
            var v = values[i];
            if (checkNull && v == blank)
            {
                output[i] = TFormat.Null;
            }
            else if (dither2 && v == ZeroValue)
            {
                output[i] = TFormat.ToBits(0.0);
            }
            else
            {
                output[i] = TFormat.ToBits(((v - (double)random[next] + 0.5) * scale) + zero);
            }

            // Every pixel, null or not, consumes one random number.
            next++;
            if (next == DitherSequence.Length)
            {
                seedIndex++;
                if (seedIndex == DitherSequence.Length)
                {
                    seedIndex = 0;
                }

                next = (int)(random[seedIndex] * 500);
            }
        }
    }

    /// <summary>
    /// Copies big-endian IEEE floats (4 or 8 bytes) to the output type the way funpack does with null checking on
    /// (CFITSIO getcole.c fffr4r4): NaN and infinity become the null pattern, denormals and signed zeros become +0.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void CopyFloats(ReadOnlySpan<byte> source, int sourceBytesPerPixel, int pixels, int bytesPerPixel, Span<byte> destination)
    {
        for (var i = 0; i < pixels; i++)
        {
            if (sourceBytesPerPixel == 4)
            {
                var bits = BinaryPrimitives.ReadUInt32BigEndian(source[(i * 4)..]);
                var exponent = bits & 0x7F800000;
                if (exponent == 0x7F800000)
                {
                    WriteNull(destination, i, bytesPerPixel);
                }
                else if (exponent == 0)
                {
                    WriteValue(destination, i, bytesPerPixel, 0.0);
                }
                else if (bytesPerPixel == 4)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(destination[(i * 4)..], bits);
                }
                else
                {
                    BinaryPrimitives.WriteDoubleBigEndian(destination[(i * 8)..], BitConverter.UInt32BitsToSingle(bits));
                }
            }
            else
            {
                var bits = BinaryPrimitives.ReadUInt64BigEndian(source[(i * 8)..]);
                var exponent = bits & 0x7FF0000000000000;
                if (exponent == 0x7FF0000000000000)
                {
                    WriteNull(destination, i, bytesPerPixel);
                }
                else if (exponent == 0)
                {
                    WriteValue(destination, i, bytesPerPixel, 0.0);
                }
                else if (bytesPerPixel == 8)
                {
                    BinaryPrimitives.WriteUInt64BigEndian(destination[(i * 8)..], bits);
                }
                else
                {
                    BinaryPrimitives.WriteSingleBigEndian(destination[(i * 4)..], (float)BitConverter.UInt64BitsToDouble(bits));
                }
            }
        }
    }

    private static void WriteNull(Span<byte> destination, int index, int bytesPerPixel)
    {
        if (bytesPerPixel == 4)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(index * 4)..], NullSingleBits);
        }
        else
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination[(index * 8)..], NullDoubleBits);
        }
    }

    private static void WriteValue(Span<byte> destination, int index, int bytesPerPixel, double value)
    {
        if (bytesPerPixel == 4)
        {
            BinaryPrimitives.WriteSingleBigEndian(destination[(index * 4)..], (float)value);
        }
        else
        {
            BinaryPrimitives.WriteDoubleBigEndian(destination[(index * 8)..], value);
        }
    }

    /// <summary>Target IEEE format of unquantized pixels; a struct type argument lets the JIT inline the conversion.</summary>
    private interface IFloatFormat<TBits>
    {
        static abstract TBits Null { get; }

        static abstract TBits ToBits(double value);
    }

    private readonly struct SingleBits : IFloatFormat<uint>
    {
        public static uint Null => NullSingleBits;

        public static uint ToBits(double value) => BitConverter.SingleToUInt32Bits((float)value);
    }

    private readonly struct DoubleBits : IFloatFormat<ulong>
    {
        public static ulong Null => NullDoubleBits;

        public static ulong ToBits(double value) => BitConverter.DoubleToUInt64Bits(value);
    }
}
