using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PhotonRanch.Functions.Storage;

/// <summary>
/// Writes JSON the way the original API returned what it had stored in DynamoDB: every number was a Decimal there
/// and came back as a JSON integer when whole (<c>1.0</c> → <c>1</c>, <c>1e3</c> → <c>1000</c>, exactly, at any size)
/// and as a float otherwise (<c>2.50</c> → <c>2.5</c>). Storing this form means a read returns what the original
/// returned, without a second conversion on every read. Everything else (strings, order of keys) is kept as it is.
/// </summary>
internal static class DynamoDbNumbers
{
    // DynamoDB numbers reach 1E+125; beyond a few hundred digits an exact integer would only be a way to burn memory.
    private const int MaxIntegerDigits = 400;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        MaxDepth = 128,
    };

    /// <exception cref="RefusedException">Invalid when a number is too large to be stored.</exception>
    public static byte[] ToUtf8(JsonNode? value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, value);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static void Write(Utf8JsonWriter writer, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject jsonObject:
                writer.WriteStartObject();
                foreach (var (name, child) in jsonObject)
                {
                    writer.WritePropertyName(name);
                    Write(writer, child);
                }

                writer.WriteEndObject();
                break;
            case JsonArray array:
                writer.WriteStartArray();
                foreach (var child in array)
                {
                    Write(writer, child);
                }

                writer.WriteEndArray();
                break;
            case JsonValue number when number.GetValueKind() == JsonValueKind.Number:
                WriteNumber(writer, number.ToJsonString());
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private static void WriteNumber(Utf8JsonWriter writer, string token)
    {
        if (ExactInteger(token) is { } integer)
        {
            writer.WriteRawValue(integer.ToString(CultureInfo.InvariantCulture), skipInputValidation: true);
        }
        else
        {
            var number = double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (!double.IsFinite(number))
            {
                throw TooLarge(token);
            }

            writer.WriteNumberValue(number);
        }
    }

    /// <summary>The integer a JSON number token equals, or null when it has a fractional part.</summary>
    internal static BigInteger? ExactInteger(string token)
    {
        // A JSON number is -?digits(.digits)?([eE][+-]?digits)?; split it into its digits and a power of ten.
        var exponentAt = token.AsSpan().IndexOfAny('e', 'E');
        var mantissa = exponentAt < 0 ? token.AsSpan() : token.AsSpan(0, exponentAt);
        var exponent = exponentAt < 0 ? 0 : ParseExponent(token.AsSpan(exponentAt + 1));
        var point = mantissa.IndexOf('.');
        var fractionDigits = point < 0 ? 0 : mantissa.Length - point - 1;
        var digits = point < 0 ? mantissa.ToString() : string.Concat(mantissa[..point], mantissa[(point + 1)..]);
        var significand = BigInteger.Parse(digits, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var scale = (long)exponent - fractionDigits;

        if (significand.IsZero)
        {
            return BigInteger.Zero;
        }

        if (scale >= 0)
        {
            if (digits.Length + scale > MaxIntegerDigits)
            {
                throw TooLarge(token);
            }

            return significand * BigInteger.Pow(10, (int)scale);
        }

        if (-scale > digits.Length)
        {
            return null;
        }

        var divisor = BigInteger.Pow(10, (int)-scale);
        var quotient = BigInteger.DivRem(significand, divisor, out var remainder);
        return remainder.IsZero ? quotient : null;
    }

    private static long ParseExponent(ReadOnlySpan<char> exponent)
    {
        // Any exponent beyond int range makes the value overflow or vanish; clamp so the checks above decide.
        var value = BigInteger.Parse(exponent, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return (long)BigInteger.Clamp(value, int.MinValue, int.MaxValue);
    }

    private static RefusedException TooLarge(string token) =>
        new(Refusal.Invalid, MessageTemplate.Fill(StorageMessages.NumberTooLarge, ("number", token.Length <= 40 ? token : token[..37] + "...")));
}
