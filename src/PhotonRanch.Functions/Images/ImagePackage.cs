using System.Text.Json;
using System.Text.Json.Serialization;

namespace PhotonRanch.Functions.Images;

/// <summary>
/// The shape every image endpoint returns for one image, with the original's property names and order
/// (<c>SMARTSTK</c> and <c>SSTKNUM</c> upper case as the FITS keywords they come from).
/// </summary>
internal sealed record ImagePackage
{
    private static readonly JsonElement EmptyString = JsonSerializer.SerializeToElement(string.Empty);

    [JsonPropertyName("image_id")]
    public required int ImageId { get; init; }

    /// <summary>E.g. <c>sro-kb001ms-20220629-00010442</c>.</summary>
    [JsonPropertyName("base_filename")]
    public required string BaseFilename { get; init; }

    /// <summary>E.g. <c>EX</c>.</summary>
    [JsonPropertyName("data_type")]
    public required string? DataType { get; init; }

    [JsonPropertyName("site")]
    public required string? Site { get; init; }

    /// <summary>Seconds.</summary>
    [JsonPropertyName("exposure_time")]
    public required double? ExposureTime { get; init; }

    [JsonPropertyName("filter_used")]
    public required string? FilterUsed { get; init; }

    /// <summary>Hours.</summary>
    [JsonPropertyName("right_ascension")]
    public required double? RightAscension { get; init; }

    /// <summary>Degrees.</summary>
    [JsonPropertyName("declination")]
    public required double? Declination { get; init; }

    /// <summary>Degrees.</summary>
    [JsonPropertyName("azimuth")]
    public required double? Azimuth { get; init; }

    /// <summary>Degrees.</summary>
    [JsonPropertyName("altitude")]
    public required double? Altitude { get; init; }

    [JsonPropertyName("airmass")]
    public required double? Airmass { get; init; }

    [JsonPropertyName("fits_01_exists")]
    public required bool Fits01Exists { get; init; }

    [JsonPropertyName("fits_10_exists")]
    public required bool Fits10Exists { get; init; }

    [JsonPropertyName("jpg_medium_exists")]
    public required bool JpgMediumExists { get; init; }

    [JsonPropertyName("jpg_small_exists")]
    public required bool JpgSmallExists { get; init; }

    /// <summary>Always <c>data</c>: the storage prefix of image files.</summary>
    [JsonPropertyName("s3_directory")]
    public string S3Directory => "data";

    [JsonPropertyName("username")]
    public required string? Username { get; init; }

    [JsonPropertyName("user_id")]
    public required string? UserId { get; init; }

    /// <summary>The header's <c>ORIGNAME</c>, or empty.</summary>
    [JsonPropertyName("fits_filename")]
    public required string FitsFilename { get; init; }

    /// <summary><c>{SITEID}/{INSTRUME}/{DAY-OBS}/raw</c> from the header, or empty without one.</summary>
    [JsonPropertyName("fits_path")]
    public required string FitsPath { get; init; }

    /// <summary>The header's <c>SMARTSTK</c> value as it is stored, or an empty string.</summary>
    [JsonPropertyName("SMARTSTK")]
    public required JsonElement SmartStack { get; init; }

    /// <summary>The header's <c>SSTKNUM</c> value as it is stored, or an empty string.</summary>
    [JsonPropertyName("SSTKNUM")]
    public required JsonElement SmartStackNumber { get; init; }

    /// <summary>Milliseconds since the Unix epoch (null only when the row has no capture date).</summary>
    [JsonPropertyName("capture_date")]
    public required long? CaptureDate { get; init; }

    /// <summary>Milliseconds since the Unix epoch (null only when the row has no sort date).</summary>
    [JsonPropertyName("sort_date")]
    public required long? SortDate { get; init; }

    /// <summary>A read URL of <c>data/{base}-{dt}10.jpg</c>, or empty when there is no medium JPG.</summary>
    [JsonPropertyName("jpg_url")]
    public required string JpgUrl { get; init; }

    /// <summary>A read URL of <c>data/{base}-{dt}11.jpg</c>, or empty when there is no thumbnail.</summary>
    [JsonPropertyName("jpg_thumbnail_url")]
    public required string JpgThumbnailUrl { get; init; }

    /// <summary>With <c>collapse=smartstack</c>: how many frames of the answer's rows this frame stands for (1 for a lone frame).</summary>
    [JsonPropertyName("stack_members")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? StackMembers { get; init; }

    /// <summary>With <c>collapse=smartstack</c>: the sum of those frames' exposure times, seconds.</summary>
    [JsonPropertyName("stack_exposure_s")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? StackExposureSeconds { get; init; }

    public static string BlobName(string baseFilename, string? dataType, string reduction, string extension) =>
        $"data/{baseFilename}-{dataType}{reduction}.{extension}";

    /// <param name="header">Null when the row has none (or none that is a JSON object).</param>
    /// <param name="jpgUrl">Empty when there is no medium JPG.</param>
    /// <param name="jpgThumbnailUrl">Empty when there is no thumbnail.</param>
    public static ImagePackage Create(ImageRow row, JsonElement? header, string jpgUrl, string jpgThumbnailUrl)
    {
        ArgumentNullException.ThrowIfNull(row);
        var fields = header is { } h && h.ValueKind == JsonValueKind.Object ? h : (JsonElement?)null;

        // As the original: an empty header object gives an empty path; a non-empty one a path with '' for missing keys.
        var hasFields = fields is { } f && f.EnumerateObject().Any();
        return new ImagePackage
        {
            ImageId = row.ImageId,
            BaseFilename = row.BaseFilename,
            DataType = row.DataType,
            Site = row.Site,
            ExposureTime = Finite(row.ExposureTime),
            FilterUsed = row.FilterUsed,
            RightAscension = Finite(row.RightAscension),
            Declination = Finite(row.Declination),
            Azimuth = Finite(row.Azimuth),
            Altitude = Finite(row.Altitude),
            Airmass = Finite(row.Airmass),
            Fits01Exists = row.Fits01Exists,
            Fits10Exists = row.Fits10Exists,
            JpgMediumExists = row.JpgMediumExists,
            JpgSmallExists = row.JpgSmallExists,
            Username = row.Username,
            UserId = row.UserId,
            FitsFilename = hasFields ? Text(fields, "ORIGNAME") : string.Empty,
            FitsPath = hasFields ? $"{Text(fields, "SITEID")}/{Text(fields, "INSTRUME")}/{Text(fields, "DAY-OBS")}/raw" : string.Empty,
            SmartStack = Raw(fields, "SMARTSTK"),
            SmartStackNumber = Raw(fields, "SSTKNUM"),
            CaptureDate = row.CaptureDate is { } captured ? ImageTimestamps.ToUnixMilliseconds(captured) : null,
            SortDate = row.SortDate is { } sorted ? ImageTimestamps.ToUnixMilliseconds(sorted) : null,
            JpgUrl = jpgUrl,
            JpgThumbnailUrl = jpgThumbnailUrl,
        };
    }

    // JSON has no NaN or infinity; such a value in one row must not fail a whole list.
    private static double? Finite(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    private static string Text(JsonElement? fields, string key) =>
        fields is { } f && f.TryGetProperty(key, out var value)
            ? value.ValueKind switch
            {
                JsonValueKind.String => value.GetString()!,
                JsonValueKind.Null => string.Empty,
                _ => value.GetRawText(),
            }
            : string.Empty;

    private static JsonElement Raw(JsonElement? fields, string key) =>
        fields is { } f && f.TryGetProperty(key, out var value) ? value.Clone() : EmptyString;
}
