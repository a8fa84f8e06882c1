namespace PhotonRanch.Astronomy;

/// <summary>
/// Apparent geocentric position of a body referred to the true equator and equinox of date (nutation and, for
/// the Sun, aberration applied).
/// </summary>
/// <param name="EclipticLongitudeDegrees">Apparent ecliptic longitude, degrees [0, 360).</param>
/// <param name="EclipticLatitudeDegrees">Ecliptic latitude, degrees.</param>
/// <param name="DistanceKm">Distance from the Earth's centre, kilometres.</param>
/// <param name="RightAscensionDegrees">Apparent right ascension, degrees [0, 360).</param>
/// <param name="DeclinationDegrees">Apparent declination, degrees.</param>
public readonly record struct GeocentricPosition(
    double EclipticLongitudeDegrees,
    double EclipticLatitudeDegrees,
    double DistanceKm,
    double RightAscensionDegrees,
    double DeclinationDegrees)
{
    /// <summary>Astronomical unit in kilometres (IAU 2012 Resolution B2).</summary>
    public const double AstronomicalUnitKm = 149_597_870.7;

    /// <summary>Distance from the Earth's centre in astronomical units.</summary>
    public double DistanceAu => DistanceKm / AstronomicalUnitKm;

    /// <summary>
    /// Builds a position from apparent ecliptic coordinates, converting to equatorial with the true obliquity
    /// (Meeus, "Astronomical Algorithms" 2nd ed., eqs. 13.3 and 13.4).
    /// </summary>
    /// <param name="longitudeDegrees">Apparent ecliptic longitude, degrees.</param>
    /// <param name="latitudeDegrees">Ecliptic latitude, degrees.</param>
    /// <param name="distanceKm">Distance, kilometres.</param>
    /// <param name="trueObliquityDegrees">True obliquity of the ecliptic, degrees.</param>
    /// <returns>The position with both coordinate pairs.</returns>
    public static GeocentricPosition FromEcliptic(double longitudeDegrees, double latitudeDegrees, double distanceKm, double trueObliquityDegrees)
    {
        var lambda = longitudeDegrees * Angles.DegreesToRadians;
        var beta = latitudeDegrees * Angles.DegreesToRadians;
        var epsilon = trueObliquityDegrees * Angles.DegreesToRadians;
        var (sinLambda, cosLambda) = Math.SinCos(lambda);
        var (sinBeta, cosBeta) = Math.SinCos(beta);
        var (sinEpsilon, cosEpsilon) = Math.SinCos(epsilon);

        var rightAscension = Math.Atan2((sinLambda * cosEpsilon) - (sinBeta / cosBeta * sinEpsilon), cosLambda);
        var declination = Math.Asin((sinBeta * cosEpsilon) + (cosBeta * sinEpsilon * sinLambda));
        return new GeocentricPosition(
            Angles.NormalizeDegrees(longitudeDegrees),
            latitudeDegrees,
            distanceKm,
            Angles.NormalizeDegrees(rightAscension * Angles.RadiansToDegrees),
            declination * Angles.RadiansToDegrees);
    }
}
