using System.Globalization;
using System.Text.Json.Nodes;
using PhotonRanch.Fits;

namespace PhotonRanch.Functions.Ingestion;

/// <summary>
/// The columns of an <c>images</c> row that come from a frame's FITS header, as the original ingestion filled them:
/// the header itself as a JSON object, right ascension from <c>CRVAL1</c> else <c>RAHRS</c>, declination from
/// <c>CRVAL2</c> else <c>DEC</c>, <c>ALTITUDE</c>, <c>AZIMUTH</c>, <c>FILTER</c>, <c>AIRMASS</c>, <c>EXPTIME</c>,
/// <c>USERID</c>, <c>USERNAME</c>, and the capture date from <c>DATE-OBS</c> (UTC). A pure mapping.
/// </summary>
/// <param name="Header">The header as a JSON object (keyword → value, as <see cref="FitsHeader.ToDictionary"/>).</param>
/// <param name="RightAscension">The right ascension as the header gives it, or null.</param>
/// <param name="Declination">The declination as the header gives it, or null.</param>
/// <param name="Altitude">ALTITUDE, or null.</param>
/// <param name="Azimuth">AZIMUTH, or null.</param>
/// <param name="FilterUsed">FILTER, or null.</param>
/// <param name="Airmass">AIRMASS, or null.</param>
/// <param name="ExposureTime">EXPTIME, or null.</param>
/// <param name="UserId">USERID, or null.</param>
/// <param name="Username">USERNAME, or null.</param>
/// <param name="CaptureDate">DATE-OBS as a UTC wall-clock time, or null when absent or unreadable.</param>
/// <param name="RaDegrees">The pointing's right ascension in degrees, [0, 360): <c>CRVAL1</c> (degrees), else <c>RAHRS</c> × 15.</param>
/// <param name="DecDegrees">The pointing's declination in degrees, or null when outside [-90, 90].</param>
internal sealed record ImageHeaderFields(
    JsonObject Header,
    double? RightAscension,
    double? Declination,
    double? Altitude,
    double? Azimuth,
    string? FilterUsed,
    double? Airmass,
    double? ExposureTime,
    string? UserId,
    string? Username,
    DateTime? CaptureDate,
    double? RaDegrees,
    double? DecDegrees)
{
    private static readonly string[] DateObsFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'",
        "yyyy-MM-dd HH:mm:ss.FFFFFFF",
        "yyyy-MM-dd",
    ];

    /// <summary>Maps <paramref name="header"/> to the row's columns.</summary>
    public static ImageHeaderFields From(FitsHeader header)
    {
        ArgumentNullException.ThrowIfNull(header);
        var values = header.ToDictionary();
        var json = new JsonObject();
        foreach (var (keyword, value) in values)
        {
            json[keyword] = ToJson(value);
        }

        var solvedRa = Number(values, "CRVAL1");
        var rightAscension = solvedRa ?? Number(values, "RAHRS");
        var declination = Number(values, "CRVAL2") ?? Number(values, "DEC");
        return new ImageHeaderFields(
            json,
            RightAscension: rightAscension,
            Declination: declination,
            Altitude: Number(values, "ALTITUDE"),
            Azimuth: Number(values, "AZIMUTH"),
            FilterUsed: Text(values, "FILTER"),
            Airmass: Number(values, "AIRMASS"),
            ExposureTime: Number(values, "EXPTIME"),
            UserId: Text(values, "USERID"),
            Username: Text(values, "USERNAME"),
            CaptureDate: Date(Text(values, "DATE-OBS")),
            RaDegrees: solvedRa is { } degrees ? Degrees360(degrees) : rightAscension is { } hours ? Degrees360(hours * 15) : null,
            DecDegrees: declination is >= -90 and <= 90 ? declination : null);
    }

    // Right ascension wraps: -0.5° and 359.5° are one direction.
    private static double? Degrees360(double degrees) => double.IsFinite(degrees) ? degrees - (360 * Math.Floor(degrees / 360)) : null;

    // Non-finite numbers have no JSON form; the header column must stay parseable JSON for /fitsheader.
    private static JsonNode? ToJson(object? value) => value switch
    {
        null => null,
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        long integer => JsonValue.Create(integer),
        double real => double.IsFinite(real) ? JsonValue.Create(real) : null,
        double[] complex => new JsonArray(complex.Select(part => double.IsFinite(part) ? JsonValue.Create(part) : null).ToArray<JsonNode?>()),
        _ => JsonValue.Create(Convert.ToString(value, CultureInfo.InvariantCulture)),
    };

    // Sites write some numbers as strings ('12.5'); those count, other text does not.
    private static double? Number(IReadOnlyDictionary<string, object?> values, string keyword) => values.GetValueOrDefault(keyword) switch
    {
        long integer => integer,
        double real when double.IsFinite(real) => real,
        string text when double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) && double.IsFinite(parsed) => parsed,
        _ => null,
    };

    private static string? Text(IReadOnlyDictionary<string, object?> values, string keyword) => values.GetValueOrDefault(keyword) switch
    {
        null => null,
        string text => text.Trim(),
        bool flag => flag ? "T" : "F",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    private static DateTime? Date(string? dateObs) =>
        DateTime.TryParseExact(dateObs, DateObsFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? DateTime.SpecifyKind(date, DateTimeKind.Unspecified)
            : null;
}
