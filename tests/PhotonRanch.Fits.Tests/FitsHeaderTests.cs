namespace PhotonRanch.Fits.Tests;

public sealed class FitsHeaderTests
{
    [Fact]
    public void ParsesEveryValueType()
    {
        var header = FitsHeader.ParseText(string.Concat(
            Card("SIMPLE  =                    T / conforms"),
            Card("BITPIX  =                  -32"),
            Card("NAXIS   =                    0"),
            Card("EXPTIME =                 30.5 / [s]"),
            Card("BIGEXP  =              1.5D+03"),
            Card("NEGINT  =                  -42"),
            Card("ZVAL    = (1.5, -2.0)"),
            Card("OBJECT  = 'M31 ''core'''       / quoted quote"),
            Card("LEADING = '  padded  '"),
            Card("UNDEF   =                      / no value"),
            Card("COMMENT just a comment"),
            Card("HISTORY step one"),
            Card("HISTORY step two"),
            Card("        blank keyword text"),
            Card("END")));

        Assert.True(header.GetBoolean("SIMPLE"));
        Assert.Equal(-32, header.GetInt64("BITPIX"));
        Assert.Equal(30.5, header.GetDouble("EXPTIME"));
        Assert.Equal(1500.0, header.GetDouble("BIGEXP"));
        Assert.Equal(-42L, header.GetInt64("NEGINT"));
        Assert.Equal(-42.0, header.GetDouble("negint"));
        Assert.Equal(new FitsComplex(1.5, -2.0), header.Find("ZVAL")!.Value);
        Assert.Equal("M31 'core'", header.GetString("OBJECT"));
        Assert.Equal("  padded", header.GetString("LEADING"));
        Assert.Equal(FitsValueKind.Undefined, header.Find("UNDEF")!.Kind);
        Assert.Equal("no value", header.Find("UNDEF")!.Comment);
        Assert.Equal("conforms", header.Find("SIMPLE")!.Comment);
        Assert.Null(header.GetString("EXPTIME"));
        Assert.Null(header.GetBoolean("EXPTIME"));
        Assert.Equal(14, header.Count);
    }

    [Fact]
    public void JoinsContinueCardsIntoOneLongString()
    {
        var header = FitsHeader.ParseText(string.Concat(
            Card("LONGSTR = 'The first part of a long value that needs more than one record to &'"),
            Card("CONTINUE  'written; this is the second part &' / comment one"),
            Card("CONTINUE  'and the end.' / comment two"),
            Card("NEXT    = 1"),
            Card("END")));

        Assert.Equal("The first part of a long value that needs more than one record to written; this is the second part and the end.", header.GetString("LONGSTR"));
        Assert.Equal("comment one comment two", header.Find("LONGSTR")!.Comment);
        Assert.Equal(1L, header.GetInt64("NEXT"));
        Assert.Equal(2, header.Count);
        Assert.Equal(3 * 80, header[0].Image.Length);
    }

    [Fact]
    public void ReadsHierarchKeywords()
    {
        var header = FitsHeader.ParseText(Card("HIERARCH ESO DET CHIP TEMP = -120.5 / detector temperature") + Card("END"));
        Assert.Equal(-120.5, header.GetDouble("ESO DET CHIP TEMP"));
        Assert.Equal(-120.5, header.GetDouble("HIERARCH ESO DET CHIP TEMP"));
        Assert.True(header[0].IsHierarch);
    }

    [Fact]
    public void CreatedCardsParseBackToTheSameValues()
    {
        var longText = string.Concat(Enumerable.Repeat("It's long. ", 20));
        var cards = new[]
        {
            FitsCard.Create("STR", "a 'quoted' value", "comment"),
            FitsCard.Create("LONG", longText, "a long one"),
            FitsCard.Create("INT", -7L),
            FitsCard.Create("REAL", 1e-5),
            FitsCard.Create("WHOLE", 3.0),
            FitsCard.Create("BOOL", false),
            FitsCard.Create("CPLX", new FitsComplex(0.25, 1e10)),
            FitsCard.Create("UNDEF", null, "nothing"),
            FitsCard.Create("ESO TEL ALT", 45.5),
            FitsCard.CreateCommentary("HISTORY", new string('x', 100)),
        };
        var original = new FitsHeader(cards);

        var parsed = FitsHeader.ParseText(original.ToRecords());

        Assert.Equal(
            original.Where(c => !c.IsCommentary).Select(c => (c.Keyword, c.Kind, c.Value)),
            parsed.Where(c => !c.IsCommentary).Select(c => (c.Keyword, c.Kind, c.Value)));
        Assert.Equal(longText.TrimEnd(), parsed.GetString("LONG"));
        Assert.Equal(FitsValueKind.Real, parsed.Find("WHOLE")!.Kind);
        Assert.Equal(2, parsed.Count(c => c.Keyword == "HISTORY"));
        Assert.All(original, c => Assert.Equal(0, c.Image.Length % 80));
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("")]
    public void ParsesTextHeadersWithOrWithoutNewlinesAndPadding(string separator)
    {
        var lines = new[] { "SIMPLE  =                    T", "FILTER  = 'rp      '           / filter", "EXPTIME =                 60.0", "END" };
        var padded = separator.Length == 0 ? lines.Select(l => l.PadRight(80)) : lines.Select((l, i) => i % 2 == 0 ? l : l.PadRight(80));
        var header = FitsHeader.ParseText(string.Join(separator, padded) + separator);

        Assert.Equal("rp", header.GetString("FILTER"));
        Assert.Equal(60.0, header.GetDouble("EXPTIME"));
        Assert.Equal(3, header.Count);
    }

    [Fact]
    public void ToDictionaryIsJsonFriendly()
    {
        var header = FitsHeader.ParseText(string.Concat(
            Card("SIMPLE  =                    T"),
            Card("NAXIS   =                    2"),
            Card("EXPTIME =                 30.0"),
            Card("FILTER  = 'rp      '"),
            Card("CPLX    = (1.0, 2.0)"),
            Card("UNDEF   ="),
            Card("HISTORY one"),
            Card("HISTORY two"),
            Card("FILTER  = 'second  '"),
            Card("        blank"),
            Card("END")));

        var dictionary = header.ToDictionary();
        var json = System.Text.Json.JsonSerializer.Serialize(dictionary);

        Assert.Equal("""{"SIMPLE":true,"NAXIS":2,"EXPTIME":30,"FILTER":"rp","CPLX":[1,2],"UNDEF":null,"HISTORY":"one\ntwo"}""", json);
    }

    [Theory]
    [InlineData("bitpix  =                   16", "Invalid keyword")]
    [InlineData("BIT PIX =                   16", "Invalid keyword")]
    [InlineData("OBJECT  = 'unterminated", "Unterminated string")]
    public void RejectsInvalidCards(string record, string expected)
    {
        var error = Assert.Throws<FitsFormatException>(() => FitsHeader.ParseText(Card(record) + Card("END")));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsNonAsciiCharacters()
    {
        var error = Assert.Throws<FitsFormatException>(() => FitsCard.Parse("OBJECT  = 'caf\u00e9'"));
        Assert.Contains("ASCII", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreatingInvalidCardsIsAnArgumentError()
    {
        Assert.Throws<ArgumentException>(() => FitsCard.Create("lower", 1L));
        Assert.Throws<ArgumentException>(() => FitsCard.Create("OBJECT", "caf\u00e9"));
        Assert.Throws<ArgumentException>(() => FitsCard.Create("OBJECT", "x", "tab\tcomment"));
        Assert.Throws<ArgumentException>(() => FitsCard.Create("EXPTIME", double.NaN));
        Assert.Throws<ArgumentException>(() => FitsCard.Create("WHEN", DateTime.UtcNow));
        Assert.Throws<ArgumentException>(() => FitsCard.CreateCommentary("HISTORY", "\u00b0C"));
    }

    [Fact]
    public void KeepsNonStandardValuesAsText()
    {
        var header = FitsHeader.ParseText(Card("OBSERVER= John Smith / unquoted") + Card("END"));
        Assert.Equal(FitsValueKind.Unparsed, header.Find("OBSERVER")!.Kind);
        Assert.Equal("John Smith", header.GetString("OBSERVER"));
        Assert.Null(header.GetDouble("OBSERVER"));
    }

    [Fact]
    public void SetReplacesOrAppends()
    {
        var header = new FitsHeader { FitsCard.Create("A", 1L, "first") };
        header.Set("A", 2L);
        header.Set("B", "x");
        Assert.Equal(2L, header.GetInt64("A"));
        Assert.Equal("first", header.Find("A")!.Comment);
        Assert.Equal("x", header.GetString("B"));
        Assert.Equal(1, header.Remove("B"));
        Assert.False(header.Contains("B"));
    }

    private static string Card(string text) => text.PadRight(80);
}
