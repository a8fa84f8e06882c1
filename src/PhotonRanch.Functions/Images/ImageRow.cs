namespace PhotonRanch.Functions.Images;

/// <summary>One row of the <c>images</c> table, as the image endpoints read it.</summary>
/// <param name="BaseFilename">E.g. <c>sro-kb001ms-20220629-00010442</c>.</param>
/// <param name="DataType">The letters before the reduction level, e.g. <c>EX</c>.</param>
/// <param name="CaptureDate">UTC wall-clock time (the column has no time zone).</param>
/// <param name="SortDate">UTC wall-clock time used for newest-first ordering.</param>
/// <param name="RightAscension">Hours.</param>
/// <param name="Declination">Degrees.</param>
/// <param name="Fits01Exists">The large FITS (<c>01</c>) is stored.</param>
/// <param name="Fits10Exists">The small FITS (<c>10</c>) is stored.</param>
/// <param name="JpgMediumExists">The medium JPG (<c>10</c>) is stored.</param>
/// <param name="JpgSmallExists">The thumbnail JPG (<c>11</c>) is stored.</param>
/// <param name="Altitude">Degrees.</param>
/// <param name="Azimuth">Degrees.</param>
/// <param name="ExposureTime">Seconds.</param>
/// <param name="Header">The FITS header as a JSON object string.</param>
internal sealed record ImageRow(
    int ImageId,
    string BaseFilename,
    string? DataType,
    string? Site,
    DateTime? CaptureDate,
    DateTime? SortDate,
    double? RightAscension,
    double? Declination,
    bool Fits01Exists,
    bool Fits10Exists,
    bool JpgMediumExists,
    bool JpgSmallExists,
    double? Altitude,
    double? Azimuth,
    double? Airmass,
    double? ExposureTime,
    string? FilterUsed,
    string? Username,
    string? UserId,
    string? Header);
