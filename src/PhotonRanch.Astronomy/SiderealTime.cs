namespace PhotonRanch.Astronomy;

/// <summary>
/// Greenwich sidereal time: mean (GMST) from the IAU 1982 expression in the form of Meeus, "Astronomical
/// Algorithms" 2nd ed., eq. (12.4), and apparent (GAST) by adding the equation of the equinoxes
/// Delta psi cos epsilon (Meeus ch. 12, p. 88).
/// </summary>
public static class SiderealTime
{
    /// <summary>Greenwich mean sidereal time in degrees [0, 360) at a UT1 Julian date (Meeus eq. 12.4).</summary>
    /// <param name="ut1JulianDate">Julian date on the UT1 scale.</param>
    /// <returns>GMST in degrees.</returns>
    public static double GreenwichMeanDegrees(double ut1JulianDate)
    {
        var daysFromJ2000 = ut1JulianDate - TimeScales.J2000;
        var t = daysFromJ2000 / 36525.0;
        var theta = 280.46061837 + (360.98564736629 * daysFromJ2000) + (t * t * (0.000387933 - (t / 38710000.0)));
        return Angles.NormalizeDegrees(theta);
    }

    /// <summary>Greenwich apparent sidereal time in degrees [0, 360): GMST plus the equation of the equinoxes.</summary>
    /// <param name="ut1JulianDate">Julian date on the UT1 scale.</param>
    /// <param name="nutation">Nutation at the same instant (TT argument).</param>
    /// <returns>GAST in degrees.</returns>
    public static double GreenwichApparentDegrees(double ut1JulianDate, NutationAngles nutation) =>
        Angles.NormalizeDegrees(GreenwichMeanDegrees(ut1JulianDate)
            + (nutation.LongitudeDegrees * Math.Cos(nutation.TrueObliquityDegrees * Angles.DegreesToRadians)));
}
