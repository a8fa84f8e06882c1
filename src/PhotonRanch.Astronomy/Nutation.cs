namespace PhotonRanch.Astronomy;

/// <summary>Nutation in longitude and obliquity and the obliquity of the ecliptic at one instant.</summary>
/// <param name="LongitudeDegrees">Nutation in longitude, Delta psi, in degrees.</param>
/// <param name="ObliquityDegrees">Nutation in obliquity, Delta epsilon, in degrees.</param>
/// <param name="MeanObliquityDegrees">Mean obliquity of the ecliptic, epsilon0, in degrees.</param>
public readonly record struct NutationAngles(double LongitudeDegrees, double ObliquityDegrees, double MeanObliquityDegrees)
{
    /// <summary>True obliquity of the ecliptic, epsilon = epsilon0 + Delta epsilon, in degrees.</summary>
    public double TrueObliquityDegrees => MeanObliquityDegrees + ObliquityDegrees;
}

/// <summary>
/// IAU 1980 nutation and the IAU 1976 (Lieske) mean obliquity, as given by Meeus, "Astronomical Algorithms"
/// 2nd ed., ch. 22: fundamental arguments from the equations on p. 144, the 63 terms of Table 22.A, and the
/// mean obliquity from eq. (22.2). Accuracy about 0.0003 arcsecond against the full 106-term series' largest terms.
/// </summary>
public static class Nutation
{
    private const int RowLength = 9;

    /// <summary>Nutation angles and obliquity at a Terrestrial Time Julian date.</summary>
    /// <param name="terrestrialJulianDate">Julian ephemeris date (TT).</param>
    /// <returns>Delta psi, Delta epsilon and the mean obliquity.</returns>
    public static NutationAngles Calculate(double terrestrialJulianDate)
    {
        var t = (terrestrialJulianDate - TimeScales.J2000) / 36525.0;

        // Fundamental arguments (degrees), Meeus p. 144.
        var d = 297.85036 + (t * (445267.111480 + (t * (-0.0019142 + (t / 189474.0)))));
        var m = 357.52772 + (t * (35999.050340 + (t * (-0.0001603 - (t / 300000.0)))));
        var mPrime = 134.96298 + (t * (477198.867398 + (t * (0.0086972 + (t / 56250.0)))));
        var f = 93.27191 + (t * (483202.017538 + (t * (-0.0036825 + (t / 327270.0)))));
        var omega = 125.04452 + (t * (-1934.136261 + (t * (0.0020708 + (t / 450000.0)))));

        double deltaPsi = 0;
        double deltaEpsilon = 0;
        var rows = NutationTerms.Rows;
        for (var i = 0; i < rows.Length; i += RowLength)
        {
            var argument = ((rows[i] * d) + (rows[i + 1] * m) + (rows[i + 2] * mPrime) + (rows[i + 3] * f) + (rows[i + 4] * omega)) * Angles.DegreesToRadians;
            deltaPsi += (rows[i + 5] + (rows[i + 6] * t)) * Math.Sin(argument);
            deltaEpsilon += (rows[i + 7] + (rows[i + 8] * t)) * Math.Cos(argument);
        }

        // Eq. (22.2): mean obliquity in arcseconds beyond 23 deg 26 min 21.448 s, valid within a few centuries of J2000.
        var meanObliquityArcsec = 21.448 - (t * (46.8150 + (t * (0.00059 - (t * 0.001813)))));
        var meanObliquity = 23.0 + (26.0 / 60.0) + (meanObliquityArcsec / 3600.0);

        const double tenThousandthArcsecToDegrees = 1.0e-4 / 3600.0;
        return new NutationAngles(deltaPsi * tenThousandthArcsecToDegrees, deltaEpsilon * tenThousandthArcsecToDegrees, meanObliquity);
    }
}
