using System.Globalization;

namespace PhotonRanch.Fits;

/// <summary>
/// Turns the header of a tile-compressed image, or of an IMAGE extension, into the header of a plain primary image.
/// </summary>
public static class FitsImageHeader
{
    // Tiled Image Compression Convention §3 / CFITSIO imcompress.c imcomp_copy_comp2img: keywords that describe the
    // BINTABLE or the compression and are dropped. A trailing '#' stands for "followed by digits" (CFITSIO's 'm').
    private static readonly string[] s_droppedKeywords =
    [
        "XTENSION", "BITPIX", "NAXIS", "NAXIS#", "PCOUNT", "GCOUNT", "TFIELDS", "TTYPE#", "TFORM#", "THEAP",
        "ZIMAGE", "ZQUANTIZ", "ZDITHER0", "ZTILE#", "ZCMPTYPE", "ZBLANK", "ZNAME#", "ZVAL#", "CHECKSUM", "DATASUM",
        "ZSIMPLE", "ZTENSION", "ZBITPIX", "ZNAXIS", "ZNAXIS#", "ZEXTEND", "ZPCOUNT", "ZGCOUNT",

        // The original checksums (saved by fpack as ZHECKSUM/ZDATASUM) are not restored: the streamed output header is
        // rebuilt, so they would not match it; writing fresh checksums would need the whole data unit first.
        "ZHECKSUM", "ZDATASUM",
    ];

    // CFITSIO imcomp_copy_prime2img: primary-header keywords of an fpack'ed file that are not carried into the image.
    private static readonly string[] s_primaryKeywordsNotCopied =
        ["SIMPLE", "BITPIX", "NAXIS", "NAXIS#", "PCOUNT", "EXTEND", "GCOUNT", "CHECKSUM", "DATASUM", "EXTNAME", "HISTORY", "COMMENT"];

    /// <summary>
    /// The header funpack would write for a compressed image, as a primary header: ZSIMPLE/ZBITPIX/ZNAXIS/ZNAXISn/ZEXTEND
    /// become SIMPLE/BITPIX/NAXIS/NAXISn/EXTEND (in the order FITS Standard 4.0 §4.4.1.1 requires), ZBLOCKED becomes BLOCKED,
    /// the table and compression keywords are dropped (Tiled Image Compression Convention §3), EXTNAME = 'COMPRESSED_IMAGE'
    /// is dropped, and every other card is kept verbatim and in order. CHECKSUM/DATASUM (and the saved ZHECKSUM/ZDATASUM)
    /// are dropped because they would not match the rewritten header.
    /// </summary>
    /// <param name="compressedHeader">Header of the BINTABLE HDU holding the compressed image (ZIMAGE = T).</param>
    /// <param name="primaryHeader">
    /// The primary header of the same file when the compressed image is HDU 1 and was originally the primary array;
    /// its extra keywords are appended as funpack does (imcomp_copy_prime2img). May be <see langword="null"/>.
    /// </param>
    /// <returns>A new header for a primary image HDU.</returns>
    /// <exception cref="FitsFormatException">ZBITPIX, ZNAXIS or a ZNAXISn keyword is missing.</exception>
    public static FitsHeader FromCompressed(FitsHeader compressedHeader, FitsHeader? primaryHeader = null)
    {
        ArgumentNullException.ThrowIfNull(compressedHeader);
        var result = new FitsHeader
        {
            compressedHeader.Find("ZSIMPLE")?.Rename("SIMPLE") ?? FitsCard.Create("SIMPLE", true, "file does conform to FITS standard"),
            Required(compressedHeader, "ZBITPIX").Rename("BITPIX"),
        };
        var naxis = Required(compressedHeader, "ZNAXIS");
        result.Add(naxis.Rename("NAXIS"));
        var axes = compressedHeader.GetInt64("ZNAXIS") ?? 0;
        for (var i = 1; i <= axes; i++)
        {
            var n = i.ToString(CultureInfo.InvariantCulture);
            result.Add(Required(compressedHeader, "ZNAXIS" + n).Rename("NAXIS" + n));
        }

        if (compressedHeader.Find("ZEXTEND") is { } extend)
        {
            result.Add(extend.Rename("EXTEND"));
        }

        foreach (var card in compressedHeader)
        {
            if (Matches(card.Keyword, s_droppedKeywords) && !card.IsCommentary)
            {
                continue;
            }

            if (card.Keyword == "EXTNAME" && card.Value is string name && name.Trim() == "COMPRESSED_IMAGE")
            {
                continue;
            }

            result.Add(card.Keyword == "ZBLOCKED" ? card.Rename("BLOCKED") : card);
        }

        if (primaryHeader is not null && compressedHeader.Contains("ZSIMPLE"))
        {
            foreach (var card in primaryHeader)
            {
                if (!Matches(card.Keyword, s_primaryKeywordsNotCopied))
                {
                    result.Add(card);
                }
            }
        }

        return result;
    }

    /// <summary>
    /// The header of an image HDU as a primary header: for an IMAGE extension XTENSION becomes SIMPLE = T and
    /// PCOUNT/GCOUNT are dropped (FITS Standard 4.0 §4.4.1.1 versus §7.1.1); a primary header is returned unchanged.
    /// </summary>
    /// <param name="imageHeader">Header of a primary array or IMAGE extension.</param>
    /// <returns>A new header for a primary image HDU.</returns>
    public static FitsHeader AsPrimary(FitsHeader imageHeader)
    {
        ArgumentNullException.ThrowIfNull(imageHeader);
        if (imageHeader.Count == 0 || imageHeader[0].Keyword != "XTENSION")
        {
            return new FitsHeader(imageHeader);
        }

        var result = new FitsHeader { FitsCard.Create("SIMPLE", true, "file does conform to FITS standard") };
        foreach (var card in imageHeader.Skip(1))
        {
            if (!card.IsCommentary && card.Keyword is "PCOUNT" or "GCOUNT")
            {
                continue;
            }

            result.Add(card);
        }

        return result;
    }

    private static FitsCard Required(FitsHeader header, string keyword) =>
        header.Find(keyword) is { Kind: FitsValueKind.Integer or FitsValueKind.Logical } card
            ? card
            : throw new FitsFormatException($"The compressed image header lacks {keyword} (Tiled Image Compression Convention §3).");

    private static bool Matches(string keyword, string[] patterns)
    {
        foreach (var pattern in patterns)
        {
            if (pattern[^1] == '#')
            {
                var stem = pattern[..^1];
                if (keyword.Length > stem.Length && keyword.StartsWith(stem, StringComparison.Ordinal) && keyword.AsSpan(stem.Length).IndexOfAnyExceptInRange('0', '9') < 0)
                {
                    return true;
                }
            }
            else if (keyword == pattern)
            {
                return true;
            }
        }

        return false;
    }
}
