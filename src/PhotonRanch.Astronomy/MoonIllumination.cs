namespace PhotonRanch.Astronomy;

/// <summary>
/// Illuminated fraction of the Moon's disk from the geocentric Sun-Moon geometry: Meeus, "Astronomical
/// Algorithms" 2nd ed., ch. 48, eq. 48.2 (elongation psi from the apparent equatorial coordinates), eq. 48.3
/// (phase angle i) and eq. 48.1 (k = (1 + cos i) / 2).
/// </summary>
public static class MoonIllumination
{
    /// <summary>Illuminated fraction (0 new .. 1 full) at a TAI Julian date.</summary>
    /// <param name="taiJulianDate">Julian date on the TAI scale.</param>
    /// <returns>The fraction k in [0, 1].</returns>
    public static double Fraction(double taiJulianDate)
    {
        var tt = TimeScales.TerrestrialJulianDateFromTai(taiJulianDate);
        var nutation = Nutation.Calculate(tt);
        return Fraction(SunPosition.Calculate(tt, nutation), MoonPosition.Calculate(tt, nutation));
    }

    /// <summary>Illuminated fraction from apparent geocentric positions of the Sun and Moon at the same instant.</summary>
    /// <param name="sun">Apparent geocentric Sun.</param>
    /// <param name="moon">Apparent geocentric Moon.</param>
    /// <returns>The fraction k in [0, 1].</returns>
    public static double Fraction(GeocentricPosition sun, GeocentricPosition moon)
    {
        var sunDec = sun.DeclinationDegrees * Angles.DegreesToRadians;
        var moonDec = moon.DeclinationDegrees * Angles.DegreesToRadians;
        var deltaRa = (sun.RightAscensionDegrees - moon.RightAscensionDegrees) * Angles.DegreesToRadians;
        var cosElongation = (Math.Sin(sunDec) * Math.Sin(moonDec)) + (Math.Cos(sunDec) * Math.Cos(moonDec) * Math.Cos(deltaRa));
        var elongation = Math.Acos(Math.Clamp(cosElongation, -1.0, 1.0));
        var phaseAngle = Math.Atan2(sun.DistanceKm * Math.Sin(elongation), moon.DistanceKm - (sun.DistanceKm * Math.Cos(elongation)));
        return (1.0 + Math.Cos(phaseAngle)) / 2.0;
    }
}
