using System.Collections;
using System.Text;

namespace PhotonRanch.Fits;

/// <summary>
/// An ordered list of header cards (FITS Standard 4.0 §4) with typed look-up by keyword.
/// Keyword look-ups are case-insensitive and return the first value card with that keyword
/// (§4.1.2.1 forbids duplicates of value keywords; commentary keywords may repeat).
/// </summary>
public sealed class FitsHeader : IReadOnlyList<FitsCard>
{
    private readonly List<FitsCard> _cards;

    /// <summary>Creates an empty header.</summary>
    public FitsHeader()
    {
        _cards = [];
    }

    /// <summary>Creates a header holding the given cards in order.</summary>
    /// <param name="cards">The cards, in header order.</param>
    public FitsHeader(IEnumerable<FitsCard> cards)
    {
        ArgumentNullException.ThrowIfNull(cards);
        _cards = [.. cards];
    }

    /// <summary>Number of cards (a long string with CONTINUE records counts as one card).</summary>
    public int Count => _cards.Count;

    /// <summary>The card at the given position.</summary>
    /// <param name="index">Zero-based card position.</param>
    public FitsCard this[int index] => _cards[index];

    /// <inheritdoc />
    public IEnumerator<FitsCard> GetEnumerator() => _cards.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>Appends a card.</summary>
    /// <param name="card">The card to append.</param>
    public void Add(FitsCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        _cards.Add(card);
    }

    /// <summary>Inserts a card at a position.</summary>
    /// <param name="index">Zero-based position.</param>
    /// <param name="card">The card to insert.</param>
    public void Insert(int index, FitsCard card)
    {
        ArgumentNullException.ThrowIfNull(card);
        _cards.Insert(index, card);
    }

    /// <summary>Replaces the value of the first card with this keyword, or appends a new card when there is none.</summary>
    /// <param name="keyword">Keyword name.</param>
    /// <param name="value">New value (see <see cref="FitsCard.Create"/> for the accepted types).</param>
    /// <param name="comment">Comment; when <see langword="null"/> an existing card keeps its comment.</param>
    public void Set(string keyword, object? value, string? comment = null)
    {
        var index = IndexOf(keyword);
        if (index < 0)
        {
            _cards.Add(FitsCard.Create(Normalize(keyword), value, comment));
            return;
        }

        _cards[index] = FitsCard.Create(_cards[index].Keyword, value, comment ?? _cards[index].Comment);
    }

    /// <summary>Removes every card (value or commentary) with this keyword.</summary>
    /// <param name="keyword">Keyword name.</param>
    /// <returns>The number of cards removed.</returns>
    public int Remove(string keyword)
    {
        var key = Normalize(keyword);
        return _cards.RemoveAll(c => c.Keyword == key);
    }

    /// <summary>Position of the first value card with this keyword, or -1.</summary>
    /// <param name="keyword">Keyword name.</param>
    /// <returns>Zero-based position or -1.</returns>
    public int IndexOf(string keyword)
    {
        var key = Normalize(keyword);
        for (var i = 0; i < _cards.Count; i++)
        {
            if (!_cards[i].IsCommentary && _cards[i].Keyword == key)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The first value card with this keyword, or <see langword="null"/>.</summary>
    /// <param name="keyword">Keyword name ("HIERARCH " prefix optional for HIERARCH keywords).</param>
    /// <returns>The card or <see langword="null"/>.</returns>
    public FitsCard? Find(string keyword)
    {
        var index = IndexOf(keyword);
        return index < 0 ? null : _cards[index];
    }

    /// <summary>True when a value card with this keyword exists.</summary>
    /// <param name="keyword">Keyword name.</param>
    /// <returns>Whether the keyword is present.</returns>
    public bool Contains(string keyword) => IndexOf(keyword) >= 0;

    /// <summary>The string value of a keyword (also the raw text of a non-standard unquoted value), or <see langword="null"/>.</summary>
    /// <param name="keyword">Keyword name.</param>
    /// <returns>The string or <see langword="null"/> when missing or not a string.</returns>
    public string? GetString(string keyword)
    {
        var card = Find(keyword);
        return card?.Kind is FitsValueKind.String or FitsValueKind.Unparsed ? (string)card.Value! : null;
    }

    /// <summary>The value of an integer keyword (or of a real keyword holding a whole number), or <see langword="null"/>.</summary>
    /// <param name="keyword">Keyword name.</param>
    /// <returns>The integer or <see langword="null"/> when missing or not integral.</returns>
    public long? GetInt64(string keyword)
    {
        var card = Find(keyword);
        return card?.Kind switch
        {
            FitsValueKind.Integer => (long)card.Value!,
            FitsValueKind.Real when (double)card.Value! is var d && Math.Floor(d) == d && d >= long.MinValue && d < long.MaxValue => (long)d,
            _ => null,
        };
    }

    /// <summary>The value of a real or integer keyword, or <see langword="null"/>.</summary>
    /// <param name="keyword">Keyword name.</param>
    /// <returns>The number or <see langword="null"/> when missing or not numeric.</returns>
    public double? GetDouble(string keyword)
    {
        var card = Find(keyword);
        return card?.Kind switch
        {
            FitsValueKind.Integer => (long)card.Value!,
            FitsValueKind.Real => (double)card.Value!,
            _ => null,
        };
    }

    /// <summary>The value of a logical keyword, or <see langword="null"/>.</summary>
    /// <param name="keyword">Keyword name.</param>
    /// <returns>The logical value or <see langword="null"/> when missing or not logical.</returns>
    public bool? GetBoolean(string keyword)
    {
        var card = Find(keyword);
        return card?.Kind == FitsValueKind.Logical ? (bool)card.Value! : null;
    }

    /// <summary>
    /// A JSON-friendly map of keyword → value, in header order: strings, booleans, longs, doubles,
    /// complex values as a two-element <see cref="double"/> array, undefined values as <see langword="null"/>.
    /// The first card of a keyword wins. COMMENT, HISTORY and other commentary keywords map to their lines joined with "\n";
    /// blank-keyword commentary cards are left out.
    /// </summary>
    /// <returns>A new dictionary.</returns>
    public IReadOnlyDictionary<string, object?> ToDictionary()
    {
        var result = new Dictionary<string, object?>(StringComparer.Ordinal);
        var commentary = new Dictionary<string, StringBuilder>(StringComparer.Ordinal);
        foreach (var card in _cards)
        {
            if (card.IsCommentary)
            {
                if (card.Keyword.Length == 0)
                {
                    continue;
                }

                if (commentary.TryGetValue(card.Keyword, out var text))
                {
                    text.Append('\n').Append(card.Comment);
                }
                else if (!result.ContainsKey(card.Keyword))
                {
                    commentary[card.Keyword] = new StringBuilder(card.Comment);
                    result[card.Keyword] = null;
                }

                continue;
            }

            result.TryAdd(card.Keyword, card.Value is FitsComplex z ? new[] { z.Real, z.Imaginary } : card.Value);
        }

        foreach (var (keyword, text) in commentary)
        {
            result[keyword] = text.ToString();
        }

        return result;
    }

    /// <summary>
    /// Parses header cards held as text, as in the observatory's uploaded ".txt" headers: 80-character cards either
    /// concatenated or separated by newlines (CR/LF tolerated), lines shorter than 80 characters padded with blanks,
    /// tabs read as blanks. Empty lines are skipped; parsing stops at the END card when there is one.
    /// </summary>
    /// <param name="text">The header text.</param>
    /// <returns>The parsed header.</returns>
    /// <exception cref="FitsFormatException">A card violates FITS Standard 4.0 §4.1–§4.2.</exception>
    public static FitsHeader ParseText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return FromRecords(SplitTextRecords(text), requireEnd: false);
    }

    /// <summary>Reads a whole text stream (UTF-8 or ASCII) and parses it with <see cref="ParseText(string)"/>.</summary>
    /// <param name="stream">The text stream; left open.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The parsed header.</returns>
    public static async Task<FitsHeader> ParseTextAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var text = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        return ParseText(text);
    }

    /// <summary>
    /// Reads one binary header (2880-byte blocks up to and including the block with the END card, §4.4.1)
    /// from the current position of a FITS stream. The stream is left positioned at the start of the data unit.
    /// </summary>
    /// <param name="stream">A FITS stream positioned at a header block; it need not be seekable.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The parsed header.</returns>
    /// <exception cref="FitsFormatException">The stream ends inside the header or a card is invalid.</exception>
    public static async Task<FitsHeader> ReadAsync(Stream stream, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var reader = new FitsBlockReader(stream, bufferSize: FitsBlockReader.BlockSize);
        return await reader.ReadHeaderAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new FitsFormatException("The stream is empty: expected a FITS header.");
    }

    /// <summary>The header as 80-character records followed by the END record, without block padding.</summary>
    /// <returns>The records concatenated.</returns>
    public string ToRecords()
    {
        var builder = new StringBuilder((_cards.Count + 1) * FitsCard.RecordLength);
        foreach (var card in _cards)
        {
            builder.Append(card.Image);
        }

        builder.Append("END".PadRight(FitsCard.RecordLength));
        return builder.ToString();
    }

    internal static FitsHeader FromRecords(IEnumerable<string> records, bool requireEnd)
    {
        var header = new FitsHeader();
        var sawEnd = false;
        FitsCard? pending = null;
        foreach (var record in records)
        {
            if (IsEndRecord(record))
            {
                sawEnd = true;
                break;
            }

            // §4.2.1.2: a string ending in '&' followed by CONTINUE records is one long string.
            if (pending is not null && record.StartsWith("CONTINUE", StringComparison.Ordinal) && record.Length > 8 && record[8] == ' ')
            {
                var continuation = FitsCard.Parse("CONTINUE= " + (record.Length > 10 ? record[10..] : string.Empty));
                if (continuation.Kind == FitsValueKind.String)
                {
                    var head = (string)pending.Value!;
                    var comment = pending.Comment is null ? continuation.Comment : continuation.Comment is null ? pending.Comment : pending.Comment + " " + continuation.Comment;
                    pending = FitsCard.WithContinuation(pending, head[..^1] + (string)continuation.Value!, comment, pending.Image + record.PadRight(FitsCard.RecordLength));
                    if (!((string)pending.Value!).EndsWith('&'))
                    {
                        header.Add(pending);
                        pending = null;
                    }

                    continue;
                }
            }

            if (pending is not null)
            {
                header.Add(pending);
                pending = null;
            }

            var card = FitsCard.Parse(record);
            if (card.Kind == FitsValueKind.String && ((string)card.Value!).EndsWith('&'))
            {
                pending = card;
            }
            else
            {
                header.Add(card);
            }
        }

        if (pending is not null)
        {
            header.Add(pending);
        }

        if (requireEnd && !sawEnd)
        {
            throw new FitsFormatException("Header has no END card (FITS Standard 4.0 §4.4.1).");
        }

        return header;
    }

    internal static bool IsEndRecord(string record) =>
        record.StartsWith("END", StringComparison.Ordinal) && record.AsSpan(3).Trim(' ').IsEmpty;

    internal static string Normalize(string keyword)
    {
        ArgumentNullException.ThrowIfNull(keyword);
        var key = keyword.Trim().ToUpperInvariant();
        return key.StartsWith("HIERARCH ", StringComparison.Ordinal) ? key[9..].Trim() : key;
    }

    private static IEnumerable<string> SplitTextRecords(string text)
    {
        foreach (var rawLine in text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r').Replace('\t', ' ');
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (line.Length > FitsCard.RecordLength && line.AsSpan(FitsCard.RecordLength).Trim(' ').IsEmpty)
            {
                line = line[..FitsCard.RecordLength];
            }

            for (var start = 0; start < line.Length; start += FitsCard.RecordLength)
            {
                var record = line.Substring(start, Math.Min(FitsCard.RecordLength, line.Length - start));
                if (record.Trim().Length > 0)
                {
                    yield return record.PadRight(FitsCard.RecordLength);
                }
            }
        }
    }
}
