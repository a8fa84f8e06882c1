using PhotonRanch.Functions.Files;

namespace PhotonRanch.Functions.Ingestion;

/// <summary>Where a new blob lives, which decides what ingestion does with it.</summary>
internal enum IngestedArea
{
    /// <summary>Neither <c>data/</c> nor <c>info-images/</c>: ingestion ignores it.</summary>
    Other,

    /// <summary><c>data/</c>: an observatory frame's file, recorded in the <c>images</c> table.</summary>
    Data,

    /// <summary><c>info-images/</c>: a file of an info image channel.</summary>
    InfoImages,
}

/// <summary>What a frame file is, by extension and reduction level.</summary>
internal enum FrameFileKind
{
    /// <summary>A <c>.txt</c> holding the frame's FITS header as 80-column cards.</summary>
    Header,

    /// <summary>A <c>.fits*</c> of reduction level 00 or 01 (flag <c>fits_01_exists</c>).</summary>
    LargeFits,

    /// <summary>A <c>.fits*</c> of reduction level 10 or 13 (flag <c>fits_10_exists</c>).</summary>
    SmallFits,

    /// <summary>A <c>.jpg</c> of reduction level 10 or 13 (flag <c>jpg_medium_exists</c>); ingestion makes its thumbnail.</summary>
    MediumJpg,

    /// <summary>A <c>.jpg</c> of reduction level 11 (flag <c>jpg_small_exists</c>).</summary>
    SmallJpg,
}

/// <summary>
/// What ingestion does with one blob, decided from its name alone: the site its upload is logged under, and — when
/// the name is a valid frame filename of a known kind — the frame and the kind of file. A pure function of the name.
/// </summary>
/// <param name="BlobName">The blob's full name in the container, e.g. <c>data/sro-kb001ms-20220629-00010442-EX10.jpg</c>.</param>
/// <param name="Area">The prefix it lives under.</param>
/// <param name="Filename">The name after the prefix.</param>
/// <param name="Frame">The parsed frame filename, or null when the name is not one.</param>
/// <param name="Kind">The kind of frame file, or null when ingestion records nothing beyond the upload log.</param>
/// <param name="SkipReason">Why the file is only logged (invalid name, unknown extension or level); null when it is ingested.</param>
internal sealed record IngestionPlan(string BlobName, IngestedArea Area, string Filename, FrameFilename? Frame, FrameFileKind? Kind, string? SkipReason)
{
    /// <summary>The site of uploads whose name does not say one, as the original logged them.</summary>
    public const string UnknownSite = "unknown_site";

    /// <summary>The prefix of observatory frames.</summary>
    public const string DataPrefix = "data/";

    /// <summary>The prefix of info images.</summary>
    public const string InfoImagesPrefix = "info-images/";

    /// <summary>The site the upload is logged under: the frame's, else <see cref="UnknownSite"/>.</summary>
    public string UploadSite => Frame?.Site ?? UnknownSite;

    /// <summary>
    /// For an info image file, the attribute naming its path, <c>{ext}_{reduction}_file_path</c> (<c>jpg_10_file_path</c>,
    /// <c>fits_01_file_path</c>, <c>txt_00_file_path</c>); the extension is <c>fits</c> for any <c>.fits*</c>.
    /// </summary>
    public string? InfoImagePathAttribute => Frame is null || Kind is null
        ? null
        : $"{(Kind is FrameFileKind.LargeFits or FrameFileKind.SmallFits ? "fits" : Frame.Extension.ToLowerInvariant())}_{Frame.ReductionLevel}_file_path";

    /// <summary>
    /// For an info image file, the flag <c>GET /infoimage</c> reads: <c>jpg_medium_exists</c>, <c>jpg_small_exists</c>
    /// or <c>fits_{reduction}_exists</c>; null for a header.
    /// </summary>
    public string? InfoImageFlag => Kind switch
    {
        FrameFileKind.MediumJpg => "jpg_medium_exists",
        FrameFileKind.SmallJpg => "jpg_small_exists",
        FrameFileKind.LargeFits or FrameFileKind.SmallFits => $"fits_{Frame!.ReductionLevel}_exists",
        _ => null,
    };

    /// <summary>The blob name of a medium JPG's thumbnail: the same name with reduction level 11.</summary>
    public string ThumbnailBlobName => Kind == FrameFileKind.MediumJpg
        ? $"{DataPrefix}{Frame!.BaseFilename}-{Frame.DataType}11.jpg"
        : throw new InvalidOperationException("Only a medium JPG has a thumbnail.");

    /// <summary>Decides what to do with the blob named <paramref name="blobName"/>.</summary>
    public static IngestionPlan For(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        var (area, filename) = blobName switch
        {
            _ when blobName.StartsWith(DataPrefix, StringComparison.Ordinal) => (IngestedArea.Data, blobName[DataPrefix.Length..]),
            _ when blobName.StartsWith(InfoImagesPrefix, StringComparison.Ordinal) => (IngestedArea.InfoImages, blobName[InfoImagesPrefix.Length..]),
            _ => (IngestedArea.Other, blobName),
        };
        if (area == IngestedArea.Other)
        {
            return new IngestionPlan(blobName, area, filename, null, null, "it is neither under data/ nor under info-images/");
        }

        var frame = FrameFilename.Parse(filename);
        if (frame is null || !frame.Extension.Split('.')[0].All(char.IsAsciiLetter))
        {
            return new IngestionPlan(blobName, area, filename, null, null,
                "the name is not {site}-{instrument}-{YYYYMMDD}-{8-digit counter}-{type}{2-digit level}.{extension}");
        }

        var extension = frame.Extension.ToLowerInvariant();
        var level = frame.ReductionLevel;
        FrameFileKind? kind = extension switch
        {
            "txt" => FrameFileKind.Header,
            _ when extension == "fits" || extension.StartsWith("fits.", StringComparison.Ordinal) => level switch
            {
                "00" or "01" => FrameFileKind.LargeFits,
                "10" or "13" => FrameFileKind.SmallFits,
                _ => null,
            },
            "jpg" => level switch
            {
                "10" or "13" => FrameFileKind.MediumJpg,
                "11" => FrameFileKind.SmallJpg,
                _ => null,
            },
            _ => null,
        };
        return new IngestionPlan(blobName, area, filename, frame, kind,
            kind is null ? $"no file kind is known for extension '{frame.Extension}' with reduction level {level}" : null);
    }
}
