using System.Globalization;
using System.Text;

namespace PhotonRanch.Fits;

/// <summary>
/// One header keyword record ("card"): keyword, typed value and comment (FITS Standard 4.0 §4.1, §4.2).
/// A long string continued over CONTINUE records (§4.2.1.2) is one card whose <see cref="Image"/> spans several 80-character records.
/// Instances are immutable.
/// </summary>
public sealed class FitsCard
{
    /// <summary>Length of one header record in characters (§4.1.1).</summary>
    public const int RecordLength = 80;

    // §4.2.1.1: a string value must fit between columns 11 and 80, including its quotes.
    private const int ValueFieldLength = RecordLength - 10;

    private FitsCard(string keyword, FitsValueKind kind, object? value, string? comment, bool isHierarch, string image)
    {
        Keyword = keyword;
        Kind = kind;
        Value = value;
        Comment = comment;
        IsHierarch = isHierarch;
        Image = image;
    }

    /// <summary>
    /// The keyword name without trailing blanks. For a HIERARCH card (ESO HIERARCH convention, registered with the IAU FITS Working Group)
    /// this is the name after "HIERARCH", e.g. "ESO DET CHIP TEMP". Commentary cards with a blank keyword have an empty name.
    /// </summary>
    public string Keyword { get; }

    /// <summary>The kind of value this card holds.</summary>
    public FitsValueKind Kind { get; }

    /// <summary>
    /// The value: <see cref="string"/>, <see cref="bool"/>, <see cref="long"/>, <see cref="double"/>, <see cref="FitsComplex"/>,
    /// the raw text for <see cref="FitsValueKind.Unparsed"/>, or <see langword="null"/> for commentary and undefined values.
    /// </summary>
    public object? Value { get; }

    /// <summary>
    /// The comment after the "/" separator of a value card, or the text of a commentary card (columns 9–80, §4.4.2.4);
    /// <see langword="null"/> when there is none.
    /// </summary>
    public string? Comment { get; }

    /// <summary>True when the card uses the HIERARCH convention for keywords longer than 8 characters.</summary>
    public bool IsHierarch { get; }

    /// <summary>True for commentary cards (no value indicator), such as COMMENT and HISTORY.</summary>
    public bool IsCommentary => Kind == FitsValueKind.Commentary;

    /// <summary>The card as it appears in a header: one or more 80-character records.</summary>
    public string Image { get; }

    /// <inheritdoc />
    public override string ToString() => Image;

    /// <summary>Parses a single 80-character header record (shorter input is padded with blanks).</summary>
    /// <param name="record">The record text; at most 80 characters.</param>
    /// <returns>The parsed card.</returns>
    /// <exception cref="FitsFormatException">The keyword or value violates FITS Standard 4.0 §4.1–§4.2.</exception>
    public static FitsCard Parse(string record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Length > RecordLength)
        {
            throw new FitsFormatException($"Header record is {record.Length} characters long; FITS records are {RecordLength} characters (FITS Standard 4.0 §4.1.1).");
        }

        var image = record.PadRight(RecordLength);
        foreach (var c in image)
        {
            if (c < ' ' || c > '~')
            {
                throw new FitsFormatException($"Header record contains the non-printable or non-ASCII character U+{(int)c:X4}; only ASCII 0x20–0x7E is allowed (FITS Standard 4.0 §4.1.1): \"{Printable(image)}\".");
            }
        }

        if (image.StartsWith("HIERARCH ", StringComparison.Ordinal))
        {
            var equals = image.IndexOf('=', 9);
            if (equals > 9)
            {
                var name = image[9..equals].Trim();
                if (name.Length > 0)
                {
                    var (kind, value, comment) = ParseValueField(image[(equals + 1)..], name);
                    return new FitsCard(name, kind, value, comment, isHierarch: true, image);
                }
            }
        }

        var keyword = image[..8].TrimEnd();
        ValidateKeyword(keyword, image);

        // §4.1.2.2: the value indicator "= " in columns 9–10 makes this a value card; anything else is commentary (§4.1.2.3).
        if (image[8] == '=' && image[9] == ' ')
        {
            var (kind, value, comment) = ParseValueField(image[10..], keyword);
            return new FitsCard(keyword, kind, value, comment, isHierarch: false, image);
        }

        var text = image[8..].TrimEnd();
        return new FitsCard(keyword, FitsValueKind.Commentary, null, text, isHierarch: false, image);
    }

    /// <summary>
    /// Creates a value card. Strings longer than one record are written with the CONTINUE convention (§4.2.1.2);
    /// keywords longer than 8 characters or containing blanks use HIERARCH.
    /// </summary>
    /// <param name="keyword">Keyword name (upper case letters, digits, '-' and '_').</param>
    /// <param name="value">A <see cref="string"/>, <see cref="bool"/>, integer type, <see cref="float"/>, <see cref="double"/>,
    /// <see cref="FitsComplex"/>, or <see langword="null"/> for an undefined value.</param>
    /// <param name="comment">Optional comment; truncated to fit the record.</param>
    /// <returns>The new card.</returns>
    /// <exception cref="ArgumentException">The keyword is invalid, the value type is unsupported, a real value is not finite or text is not printable ASCII.</exception>
    public static FitsCard Create(string keyword, object? value, string? comment = null)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        RequirePrintable(keyword, nameof(keyword));
        RequirePrintable(comment, nameof(comment));
        var (kind, normalized, valueText) = FormatValue(value);
        var isHierarch = keyword.Length > 8 || keyword.Contains(' ', StringComparison.Ordinal);
        string image;
        if (isHierarch)
        {
            if (kind == FitsValueKind.String && valueText.Length > ValueFieldLength)
            {
                throw new ArgumentException("Long string values cannot be combined with HIERARCH keywords.", nameof(value));
            }

            image = "HIERARCH " + keyword.Trim() + " = " + valueText;
            image = AppendComment(image, comment);
            if (image.Length > RecordLength)
            {
                throw new ArgumentException($"HIERARCH card for '{keyword}' does not fit in {RecordLength} characters.", nameof(keyword));
            }

            image = image.PadRight(RecordLength);
            return new FitsCard(keyword.Trim(), kind, normalized, comment, isHierarch: true, image);
        }

        RequireKeyword(keyword);
        var prefix = keyword.PadRight(8) + "= ";
        if (kind == FitsValueKind.String && valueText.Length > ValueFieldLength)
        {
            image = FormatLongString(prefix, (string)normalized!, comment);
        }
        else
        {
            image = AppendComment(prefix + valueText, comment).PadRight(RecordLength);
        }

        return new FitsCard(keyword, kind, normalized, comment, isHierarch: false, image);
    }

    /// <summary>Creates a commentary card (COMMENT, HISTORY or blank keyword, §4.4.2.4). Text longer than 72 characters is split over several records.</summary>
    /// <param name="keyword">"COMMENT", "HISTORY", "" or another keyword used without a value.</param>
    /// <param name="text">The commentary text (printable ASCII).</param>
    /// <returns>The new card.</returns>
    /// <exception cref="ArgumentException">The keyword is invalid or the text is not printable ASCII.</exception>
    public static FitsCard CreateCommentary(string keyword, string text)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        ArgumentNullException.ThrowIfNull(text);
        RequireKeyword(keyword);
        RequirePrintable(text, nameof(text));
        var builder = new StringBuilder();
        var remaining = text.Length == 0 ? " " : text;
        while (remaining.Length > 0)
        {
            var chunk = remaining.Length > 72 ? remaining[..72] : remaining;
            remaining = remaining[chunk.Length..];
            builder.Append((keyword.PadRight(8) + chunk).PadRight(RecordLength));
        }

        return new FitsCard(keyword, FitsValueKind.Commentary, null, text, isHierarch: false, builder.ToString());
    }

    /// <summary>Joins a long-string card with the CONTINUE records that follow it (§4.2.1.2).</summary>
    internal static FitsCard WithContinuation(FitsCard first, string continuedValue, string? comment, string image) =>
        new(first.Keyword, FitsValueKind.String, continuedValue, comment, first.IsHierarch, image);

    /// <summary>Returns a copy of the card with another keyword and the same value and comment (used to translate Z-keywords).</summary>
    internal FitsCard Rename(string keyword) =>
        IsHierarch ? Create(keyword, Value, Comment) : new FitsCard(keyword, Kind, Value, Comment, isHierarch: false, keyword.PadRight(8) + Image[8..]);

    private static void ValidateKeyword(string keyword, string context)
    {
        if (KeywordError(keyword) is { } error)
        {
            throw new FitsFormatException($"{error}, in \"{Printable(context)}\".");
        }
    }

    private static void RequireKeyword(string keyword)
    {
        if (KeywordError(keyword) is { } error)
        {
            throw new ArgumentException(error + ".", nameof(keyword));
        }
    }

    private static void RequirePrintable(string? text, string parameter)
    {
        foreach (var c in text ?? string.Empty)
        {
            if (c < ' ' || c > '~')
            {
                throw new ArgumentException($"Header text may only contain printable ASCII (FITS Standard 4.0 §4.1.1); found U+{(int)c:X4}.", parameter);
            }
        }
    }

    private static string? KeywordError(string keyword)
    {
        // §4.1.2.1: keyword characters are upper case letters, digits, hyphen and underscore; no embedded blanks.
        if (keyword.Length > 8)
        {
            return $"Keyword '{keyword}' is longer than 8 characters (FITS Standard 4.0 §4.1.2.1)";
        }

        foreach (var c in keyword)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return $"Invalid keyword '{keyword}': only A–Z, 0–9, '-' and '_' are allowed (FITS Standard 4.0 §4.1.2.1)";
            }
        }

        return null;
    }

    private static (FitsValueKind Kind, object? Value, string? Comment) ParseValueField(string field, string keyword)
    {
        var i = 0;
        while (i < field.Length && field[i] == ' ')
        {
            i++;
        }

        if (i == field.Length)
        {
            return (FitsValueKind.Undefined, null, null);
        }

        if (field[i] == '\'')
        {
            // §4.2.1.1: a quote inside the string is written as two successive quotes.
            var text = new StringBuilder();
            var j = i + 1;
            while (true)
            {
                if (j >= field.Length)
                {
                    throw new FitsFormatException($"Unterminated string value for keyword '{keyword}' (FITS Standard 4.0 §4.2.1.1).");
                }

                var c = field[j];
                if (c == '\'')
                {
                    if (j + 1 < field.Length && field[j + 1] == '\'')
                    {
                        text.Append('\'');
                        j += 2;
                        continue;
                    }

                    j++;
                    break;
                }

                text.Append(c);
                j++;
            }

            // §4.2.1.1: trailing spaces in a string value are not significant, leading spaces are.
            var value = text.ToString().TrimEnd(' ');
            var slash = field.IndexOf('/', j);
            return (FitsValueKind.String, value, slash < 0 ? null : field[(slash + 1)..].Trim());
        }

        var commentStart = field.IndexOf('/', i);
        var token = (commentStart < 0 ? field[i..] : field[i..commentStart]).Trim();
        var comment = commentStart < 0 ? null : field[(commentStart + 1)..].Trim();
        if (token.Length == 0)
        {
            return (FitsValueKind.Undefined, null, comment);
        }

        var (kind, parsed) = ParseToken(token);
        return (kind, parsed, comment);
    }

    private static (FitsValueKind Kind, object Value) ParseToken(string token)
    {
        if (token == "T" || token == "F")
        {
            return (FitsValueKind.Logical, token == "T");
        }

        if (token[0] == '(' && token[^1] == ')')
        {
            var parts = token[1..^1].Split(',');
            if (parts.Length == 2 && TryParseReal(parts[0].Trim(), out var re) && TryParseReal(parts[1].Trim(), out var im))
            {
                return (FitsValueKind.Complex, new FitsComplex(re, im));
            }

            return (FitsValueKind.Unparsed, token);
        }

        if (IsInteger(token))
        {
            if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return (FitsValueKind.Integer, integer);
            }

            // Integers beyond 64 bits are legal FITS (§4.2.3 sets no limit); keep their magnitude as a real.
            return (FitsValueKind.Real, double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture));
        }

        return TryParseReal(token, out var real) ? (FitsValueKind.Real, real) : (FitsValueKind.Unparsed, token);
    }

    private static bool IsInteger(string token)
    {
        var start = token[0] is '+' or '-' ? 1 : 0;
        if (start == token.Length)
        {
            return false;
        }

        for (var k = start; k < token.Length; k++)
        {
            if (!char.IsAsciiDigit(token[k]))
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryParseReal(string token, out double value)
    {
        value = 0;
        var hasDigit = false;
        foreach (var c in token)
        {
            if (char.IsAsciiDigit(c))
            {
                hasDigit = true;
            }
            else if (c is not ('+' or '-' or '.' or 'E' or 'D' or 'e' or 'd'))
            {
                return false;
            }
        }

        // §4.2.4: the exponent may be introduced by 'D' as well as 'E'.
        return hasDigit && double.TryParse(token.Replace('D', 'E').Replace('d', 'e'), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static (FitsValueKind Kind, object? Value, string Text) FormatValue(object? value)
    {
        switch (value)
        {
            case null:
                return (FitsValueKind.Undefined, null, string.Empty);
            case string s:
                RequirePrintable(s, nameof(value));
                // §4.2.1.1: fixed format pads short strings to at least 8 characters between the quotes.
                return (FitsValueKind.String, s.TrimEnd(' '), "'" + s.Replace("'", "''", StringComparison.Ordinal).PadRight(8) + "'");
            case bool b:
                return (FitsValueKind.Logical, b, (b ? "T" : "F").PadLeft(20));
            case sbyte or byte or short or ushort or int or uint or long:
                var integer = Convert.ToInt64(value, CultureInfo.InvariantCulture);
                return (FitsValueKind.Integer, integer, integer.ToString(CultureInfo.InvariantCulture).PadLeft(20));
            case ulong u:
                return u <= long.MaxValue
                    ? (FitsValueKind.Integer, (long)u, u.ToString(CultureInfo.InvariantCulture).PadLeft(20))
                    : throw new ArgumentException("Integer values above long.MaxValue are not supported.", nameof(value));
            case float f:
                return (FitsValueKind.Real, (double)f, FormatReal(f).PadLeft(20));
            case double d:
                return (FitsValueKind.Real, d, FormatReal(d).PadLeft(20));
            case FitsComplex z:
                return (FitsValueKind.Complex, z, ("(" + FormatReal(z.Real) + ", " + FormatReal(z.Imaginary) + ")").PadLeft(20));
            default:
                throw new ArgumentException($"Unsupported header value type {value.GetType().Name}.", nameof(value));
        }
    }

    private static string FormatReal(float value) =>
        float.IsFinite(value)
            ? EnsureRealSyntax(value.ToString("R", CultureInfo.InvariantCulture))
            : throw new ArgumentException("FITS header reals must be finite (FITS Standard 4.0 §4.2.4).", nameof(value));

    private static string FormatReal(double value) =>
        double.IsFinite(value)
            ? EnsureRealSyntax(value.ToString("R", CultureInfo.InvariantCulture))
            : throw new ArgumentException("FITS header reals must be finite (FITS Standard 4.0 §4.2.4).", nameof(value));

    // A decimal point keeps the value a real for readers that type values by their syntax (§4.2.4).
    private static string EnsureRealSyntax(string text)
    {
        if (text.Contains('.', StringComparison.Ordinal))
        {
            return text;
        }

        var exponent = text.IndexOf('E', StringComparison.Ordinal);
        return exponent < 0 ? text + ".0" : text[..exponent] + ".0" + text[exponent..];
    }

    private static string AppendComment(string image, string? comment)
    {
        if (string.IsNullOrEmpty(comment))
        {
            return image;
        }

        var withSeparator = image + " / " + comment;
        if (withSeparator.Length <= RecordLength)
        {
            return withSeparator;
        }

        return image.Length + 3 < RecordLength ? withSeparator[..RecordLength] : image;
    }

    private static string FormatLongString(string prefix, string value, string? comment)
    {
        // §4.2.1.2: each record but the last ends its string with '&'; CONTINUE records carry the rest from column 11.
        var escaped = value.Replace("'", "''", StringComparison.Ordinal);
        var builder = new StringBuilder();
        var position = 0;
        var first = true;
        while (true)
        {
            var remaining = escaped.Length - position;
            var head = first ? prefix : "CONTINUE  ";
            first = false;
            if (remaining <= ValueFieldLength - 2)
            {
                builder.Append(AppendComment(head + "'" + escaped[position..] + "'", comment).PadRight(RecordLength)[..RecordLength]);
                break;
            }

            var take = ValueFieldLength - 3;
            // Never split a doubled quote across records.
            if (escaped[position + take - 1] == '\'' && CountTrailingQuotes(escaped, position, position + take) % 2 == 1)
            {
                take--;
            }

            builder.Append((head + "'" + escaped.Substring(position, take) + "&'").PadRight(RecordLength));
            position += take;
        }

        return builder.ToString();
    }

    private static int CountTrailingQuotes(string text, int start, int end)
    {
        var count = 0;
        for (var k = end - 1; k >= start && text[k] == '\''; k--)
        {
            count++;
        }

        return count;
    }

    internal static string Printable(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(c is >= ' ' and <= '~' ? c : '?');
        }

        return builder.ToString().TrimEnd();
    }
}
