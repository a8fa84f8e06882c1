namespace PhotonRanch.Fits;

/// <summary>What a header-data unit holds (FITS Standard 4.0 §3.3, §7).</summary>
public enum FitsHduKind
{
    /// <summary>The primary HDU (§4.4.1.1), which holds an image array or nothing (NAXIS = 0).</summary>
    Primary,

    /// <summary>An IMAGE extension (§7.1).</summary>
    Image,

    /// <summary>An ASCII TABLE extension (§7.2).</summary>
    AsciiTable,

    /// <summary>A BINTABLE extension (§7.3) that is not a tile-compressed image.</summary>
    BinaryTable,

    /// <summary>A BINTABLE extension holding a tile-compressed image (ZIMAGE = T, Tiled Image Compression Convention §2).</summary>
    CompressedImage,

    /// <summary>A conforming extension of another type (§3.4.1); its data is skipped.</summary>
    Other,
}
