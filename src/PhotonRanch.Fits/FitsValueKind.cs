namespace PhotonRanch.Fits;

/// <summary>The type of a header keyword value (FITS Standard 4.0 §4.2).</summary>
public enum FitsValueKind
{
    /// <summary>Commentary card (COMMENT, HISTORY, blank keyword or any card without the "= " value indicator, §4.4.2.4).</summary>
    Commentary,

    /// <summary>Value indicator present but the value field is empty: an undefined value (§4.2.7).</summary>
    Undefined,

    /// <summary>Character string (§4.2.1); <see cref="FitsCard.Value"/> is a <see cref="string"/>.</summary>
    String,

    /// <summary>Logical T or F (§4.2.2); <see cref="FitsCard.Value"/> is a <see cref="bool"/>.</summary>
    Logical,

    /// <summary>Integer (§4.2.3); <see cref="FitsCard.Value"/> is a <see cref="long"/>.</summary>
    Integer,

    /// <summary>Real floating-point number (§4.2.4); <see cref="FitsCard.Value"/> is a <see cref="double"/>.</summary>
    Real,

    /// <summary>Complex integer or floating-point number (§4.2.5, §4.2.6); <see cref="FitsCard.Value"/> is a <see cref="FitsComplex"/>.</summary>
    Complex,

    /// <summary>
    /// A value field that follows none of the fixed or free formats of §4.2 (for example an unquoted word).
    /// It is kept as its trimmed text so that a single non-standard card does not make a whole header unreadable.
    /// </summary>
    Unparsed,
}
