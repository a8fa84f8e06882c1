namespace PhotonRanch.Astronomy;

/// <summary>
/// Apparent geocentric position of the Sun by the "higher accuracy" method of Meeus, "Astronomical Algorithms"
/// 2nd ed., ch. 25 (pp. 166-169): Earth's heliocentric L, B, R from VSOP87D truncated as in Appendix III
/// (ch. 32), conversion to the FK5 frame (eq. 32.3), nutation in longitude (ch. 22) and annual aberration
/// -20.4898"/R (eq. 25.10). Accuracy about 1 arcsecond for 1900-2100.
/// </summary>
public static class SunPosition
{
    /// <summary>Apparent geocentric position of the Sun at a Terrestrial Time Julian date.</summary>
    /// <param name="terrestrialJulianDate">Julian ephemeris date (TT).</param>
    /// <returns>Apparent ecliptic and equatorial coordinates of date and the distance.</returns>
    public static GeocentricPosition Calculate(double terrestrialJulianDate) =>
        Calculate(terrestrialJulianDate, Nutation.Calculate(terrestrialJulianDate));

    /// <summary>Apparent geocentric position of the Sun, reusing nutation already computed for the same instant.</summary>
    /// <param name="terrestrialJulianDate">Julian ephemeris date (TT).</param>
    /// <param name="nutation">Nutation at <paramref name="terrestrialJulianDate"/>.</param>
    /// <returns>Apparent ecliptic and equatorial coordinates of date and the distance.</returns>
    public static GeocentricPosition Calculate(double terrestrialJulianDate, NutationAngles nutation)
    {
        var tau = (terrestrialJulianDate - TimeScales.J2000) / 365250.0;
        var earthLongitude = EvaluateSeries(Vsop87EarthTerms.Longitude, tau);
        var earthLatitude = EvaluateSeries(Vsop87EarthTerms.Latitude, tau);
        var radius = EvaluateSeries(Vsop87EarthTerms.Radius, tau);

        // Geocentric geometric Sun in the VSOP87 dynamical frame (Meeus eq. 25 p. 166).
        var theta = (earthLongitude * Angles.RadiansToDegrees) + 180.0;
        var beta = -earthLatitude * Angles.RadiansToDegrees;

        // Conversion to FK5 (Meeus eq. 32.3); T in Julian centuries.
        var t = tau * 10.0;
        var lambdaPrime = (theta - (1.397 * t) - (0.00031 * t * t)) * Angles.DegreesToRadians;
        theta += -0.09033 * Angles.ArcsecondsToDegrees;
        beta += 0.03916 * (Math.Cos(lambdaPrime) - Math.Sin(lambdaPrime)) * Angles.ArcsecondsToDegrees;

        // Nutation and aberration (Meeus eq. 25.10).
        var apparentLongitude = theta + nutation.LongitudeDegrees - (20.4898 / radius * Angles.ArcsecondsToDegrees);
        return GeocentricPosition.FromEcliptic(
            apparentLongitude,
            beta,
            radius * GeocentricPosition.AstronomicalUnitKm,
            nutation.TrueObliquityDegrees);
    }

    /// <summary>Sums a VSOP87 variable: sum over k of tau^k times sum of A cos(B + C tau), scaled by 1e-8 (Meeus eq. 32.2).</summary>
    private static double EvaluateSeries(double[][] series, double tau)
    {
        double total = 0;
        double power = 1;
        foreach (var terms in series)
        {
            double sum = 0;
            for (var i = 0; i < terms.Length; i += 3)
            {
                sum += terms[i] * Math.Cos(terms[i + 1] + (terms[i + 2] * tau));
            }

            total += sum * power;
            power *= tau;
        }

        return total * 1.0e-8;
    }
}
