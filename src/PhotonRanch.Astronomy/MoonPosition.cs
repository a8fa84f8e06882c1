namespace PhotonRanch.Astronomy;

/// <summary>
/// Apparent geocentric position of the Moon from the truncated ELP-2000/82 theory of Meeus, "Astronomical
/// Algorithms" 2nd ed., ch. 47 (eqs. 47.1-47.7, Tables 47.A and 47.B, additive terms A1-A3 and the
/// eccentricity factor E), with nutation in longitude (ch. 22). Accuracy about 10" in longitude and 4" in
/// latitude. Also the equatorial horizontal parallax (p. 337) and the geocentric semi-diameter (ch. 55).
/// </summary>
public static class MoonPosition
{
    /// <summary>Equatorial radius of the Earth in kilometres used by Meeus for the Moon's parallax (p. 337).</summary>
    public const double EarthEquatorialRadiusKm = 6378.14;

    private const int LongitudeRowLength = 6;
    private const int LatitudeRowLength = 5;

    /// <summary>Apparent geocentric position of the Moon at a Terrestrial Time Julian date.</summary>
    /// <param name="terrestrialJulianDate">Julian ephemeris date (TT).</param>
    /// <returns>Apparent ecliptic and equatorial coordinates of date and the centre-to-centre distance.</returns>
    public static GeocentricPosition Calculate(double terrestrialJulianDate) =>
        Calculate(terrestrialJulianDate, Nutation.Calculate(terrestrialJulianDate));

    /// <summary>Apparent geocentric position of the Moon, reusing nutation already computed for the same instant.</summary>
    /// <param name="terrestrialJulianDate">Julian ephemeris date (TT).</param>
    /// <param name="nutation">Nutation at <paramref name="terrestrialJulianDate"/>.</param>
    /// <returns>Apparent ecliptic and equatorial coordinates of date and the centre-to-centre distance.</returns>
    public static GeocentricPosition Calculate(double terrestrialJulianDate, NutationAngles nutation)
    {
        var t = (terrestrialJulianDate - TimeScales.J2000) / 36525.0;

        // Mean elements in degrees (Meeus eqs. 47.1-47.5).
        var meanLongitude = 218.3164477 + (t * (481267.88123421 + (t * (-0.0015786 + (t * ((1.0 / 538841.0) - (t / 65194000.0)))))));
        var elongation = 297.8501921 + (t * (445267.1114034 + (t * (-0.0018819 + (t * ((1.0 / 545868.0) - (t / 113065000.0)))))));
        var sunAnomaly = 357.5291092 + (t * (35999.0502909 + (t * (-0.0001536 + (t / 24490000.0)))));
        var moonAnomaly = 134.9633964 + (t * (477198.8675055 + (t * (0.0087414 + (t * ((1.0 / 69699.0) - (t / 14712000.0)))))));
        var argumentOfLatitude = 93.2720950 + (t * (483202.0175233 + (t * (-0.0036539 + (t * ((-1.0 / 3526000.0) + (t / 863310000.0)))))));

        // Additive arguments (p. 338) and the eccentricity factor (eq. 47.6).
        var a1 = (119.75 + (131.849 * t)) * Angles.DegreesToRadians;
        var a2 = (53.09 + (479264.290 * t)) * Angles.DegreesToRadians;
        var a3 = (313.45 + (481266.484 * t)) * Angles.DegreesToRadians;
        var e = 1.0 - (t * (0.002516 + (0.0000074 * t)));
        var eSquared = e * e;

        var d = Angles.NormalizeDegrees(elongation) * Angles.DegreesToRadians;
        var m = Angles.NormalizeDegrees(sunAnomaly) * Angles.DegreesToRadians;
        var mPrime = Angles.NormalizeDegrees(moonAnomaly) * Angles.DegreesToRadians;
        var f = Angles.NormalizeDegrees(argumentOfLatitude) * Angles.DegreesToRadians;
        var lPrime = Angles.NormalizeDegrees(meanLongitude) * Angles.DegreesToRadians;

        double sumLongitude = 0;
        double sumDistance = 0;
        var lr = MoonPeriodicTerms.LongitudeDistance;
        for (var i = 0; i < lr.Length; i += LongitudeRowLength)
        {
            var argument = (lr[i] * d) + (lr[i + 1] * m) + (lr[i + 2] * mPrime) + (lr[i + 3] * f);
            var factor = EccentricityFactor(lr[i + 1], e, eSquared);
            var (sin, cos) = Math.SinCos(argument);
            sumLongitude += lr[i + 4] * factor * sin;
            sumDistance += lr[i + 5] * factor * cos;
        }

        double sumLatitude = 0;
        var b = MoonPeriodicTerms.Latitude;
        for (var i = 0; i < b.Length; i += LatitudeRowLength)
        {
            var argument = (b[i] * d) + (b[i + 1] * m) + (b[i + 2] * mPrime) + (b[i + 3] * f);
            sumLatitude += b[i + 4] * EccentricityFactor(b[i + 1], e, eSquared) * Math.Sin(argument);
        }

        // Additive terms from Venus (A1), Jupiter (A2) and the flattening of the Earth (L' - F) (p. 342).
        sumLongitude += (3958 * Math.Sin(a1)) + (1962 * Math.Sin(lPrime - f)) + (318 * Math.Sin(a2));
        sumLatitude += (-2235 * Math.Sin(lPrime)) + (382 * Math.Sin(a3)) + (175 * Math.Sin(a1 - f))
            + (175 * Math.Sin(a1 + f)) + (127 * Math.Sin(lPrime - mPrime)) - (115 * Math.Sin(lPrime + mPrime));

        var longitude = meanLongitude + (sumLongitude / 1.0e6) + nutation.LongitudeDegrees;
        var latitude = sumLatitude / 1.0e6;
        var distanceKm = 385000.56 + (sumDistance / 1000.0);
        return GeocentricPosition.FromEcliptic(longitude, latitude, distanceKm, nutation.TrueObliquityDegrees);
    }

    /// <summary>Equatorial horizontal parallax in degrees for a geocentric distance (Meeus p. 337: sin pi = 6378.14 / Delta).</summary>
    /// <param name="distanceKm">Centre-to-centre Earth-Moon distance, kilometres.</param>
    /// <returns>The parallax in degrees.</returns>
    public static double HorizontalParallaxDegrees(double distanceKm) =>
        Math.Asin(EarthEquatorialRadiusKm / distanceKm) * Angles.RadiansToDegrees;

    /// <summary>
    /// Geocentric semi-diameter of the Moon in degrees (Meeus ch. 55: s = 358473400" / Delta km, i.e.
    /// k = 0.272481 Earth equatorial radii).
    /// </summary>
    /// <param name="distanceKm">Centre-to-centre Earth-Moon distance, kilometres.</param>
    /// <returns>The semi-diameter in degrees.</returns>
    public static double SemiDiameterDegrees(double distanceKm) => 358473400.0 / distanceKm * Angles.ArcsecondsToDegrees;

    /// <summary>Terms containing the Sun's anomaly M are multiplied by E (|M| = 1) or E^2 (|M| = 2) (Meeus p. 338).</summary>
    private static double EccentricityFactor(int sunAnomalyMultiple, double e, double eSquared) => Math.Abs(sunAnomalyMultiple) switch
    {
        1 => e,
        2 => eSquared,
        _ => 1.0,
    };
}
