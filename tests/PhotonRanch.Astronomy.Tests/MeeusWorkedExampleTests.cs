namespace PhotonRanch.Astronomy.Tests;

/// <summary>
/// Worked examples from Meeus, "Astronomical Algorithms" 2nd ed. (1998), checked to the precision the book
/// prints.
/// </summary>
public class MeeusWorkedExampleTests
{
    private const double Arcsecond = 1.0 / 3600.0;

    private static double Hms(double h, double m, double s) => (h + (m / 60.0) + (s / 3600.0)) * 15.0;

    private static double Dms(double d, double m, double s) => Math.Sign(d) * (Math.Abs(d) + (m / 60.0) + (s / 3600.0));

    [Fact]
    public void Example22A_NutationAndObliquity_1987April10()
    {
        var nutation = Nutation.Calculate(2446895.5);

        Assert.Equal(-3.788, nutation.LongitudeDegrees * 3600.0, 3);
        Assert.Equal(9.443, nutation.ObliquityDegrees * 3600.0, 3);
        Assert.Equal(Dms(23, 26, 27.407), nutation.MeanObliquityDegrees, 0.001 * Arcsecond);
        Assert.Equal(Dms(23, 26, 36.850), nutation.TrueObliquityDegrees, 0.001 * Arcsecond);
    }

    [Fact]
    public void Example12A_SiderealTime_1987April10At0hUT()
    {
        Assert.Equal(Hms(13, 10, 46.3668), SiderealTime.GreenwichMeanDegrees(2446895.5), 0.0001 * 15 * Arcsecond);

        // The book's apparent value uses Delta psi = -3.788" and epsilon = 23 deg 26' 36.85" from example 22.a.
        Assert.Equal(Hms(13, 10, 46.1351), SiderealTime.GreenwichApparentDegrees(2446895.5, Nutation.Calculate(2446895.5)), 0.0001 * 15 * Arcsecond);
    }

    [Fact]
    public void Example12B_SiderealTime_1987April10At19h21mUT()
    {
        // Evaluating eq. 12.4 in exact decimal arithmetic gives 128.73787328; the book prints 128.7378734, so the
        // printed value carries about 1.2e-7 degree (0.0004") of rounding; allow 2e-7.
        Assert.Equal(128.7378734, SiderealTime.GreenwichMeanDegrees(2446896.30625), 2e-7);
    }

    [Fact]
    public void Example25B_ApparentSun_1992October13At0hTD()
    {
        var sun = SunPosition.Calculate(2448908.5);

        Assert.Equal(0.99760775, sun.DistanceAu, 8);
        Assert.Equal(Dms(199, 54, 21.818), sun.EclipticLongitudeDegrees, 0.001 * Arcsecond);
        // beta = -B + FK5 correction = 0.6435" (B = -0.00000312 rad in the example) - 0.0235" = 0.62".
        Assert.Equal(0.62 * Arcsecond, sun.EclipticLatitudeDegrees, 0.005 * Arcsecond);
        Assert.Equal(198.378178, sun.RightAscensionDegrees, 6);
        Assert.Equal(Hms(13, 13, 30.763), sun.RightAscensionDegrees, 0.001 * 15 * Arcsecond);
        Assert.Equal(-7.783871, sun.DeclinationDegrees, 6);
        Assert.Equal(Dms(-7, 47, 1.94), sun.DeclinationDegrees, 0.01 * Arcsecond);
    }

    [Fact]
    public void Example47A_Moon_1992April12At0hTD()
    {
        var moon = MoonPosition.Calculate(2448724.5);

        var nutation = Nutation.Calculate(2448724.5);

        // Geometric longitude 133.162655 to the printed 6 decimals; the apparent 133.167265 adds the book's
        // Delta psi rounded to 0.004610, so it is checked to that rounding (1e-6).
        Assert.Equal(133.162655, moon.EclipticLongitudeDegrees - nutation.LongitudeDegrees, 6);
        Assert.Equal(0.004610, nutation.LongitudeDegrees, 6);
        Assert.Equal(133.167265, moon.EclipticLongitudeDegrees, 1e-6);
        Assert.Equal(-3.229126, moon.EclipticLatitudeDegrees, 6);
        Assert.Equal(368409.7, moon.DistanceKm, 1);
        Assert.Equal(0.991990, MoonPosition.HorizontalParallaxDegrees(moon.DistanceKm), 6);
        // The book converts with its rounded Delta psi and epsilon = 23.440636; 2e-6 degree (0.007") covers that.
        Assert.Equal(134.688470, moon.RightAscensionDegrees, 2e-6);
        Assert.Equal(13.768368, moon.DeclinationDegrees, 2e-6);
    }

    [Fact]
    public void Example48A_IlluminatedFraction_1992April12At0hTD()
    {
        var taiJulianDate = 2448724.5 - (TimeScales.TerrestrialMinusAtomicSeconds / TimeScales.SecondsPerDay);

        Assert.Equal(0.6786, MoonIllumination.Fraction(taiJulianDate), 4);
    }

    [Fact]
    public void Example13B_HorizontalCoordinatesOfVenus_Washington()
    {
        // Venus at 1987-04-10 19:21:00 UT seen from the US Naval Observatory; the parallax is negligible at the
        // example's precision, so an effectively infinite distance isolates eqs. 13.5-13.6. The sidereal time is
        // chosen to give the book's hour angle H = 64.352133 degrees.
        var site = new SiteLocation(Dms(38, 55, 17), -Dms(77, 3, 56));
        var venus = new GeocentricPosition(0, 0, 1e15, Hms(23, 9, 16.641), Dms(-6, 43, 11.61));
        var siderealTime = 64.352133 + venus.RightAscensionDegrees - site.LongitudeDegrees;

        var horizontal = new TopocentricObserver(site, 0).ToHorizontal(venus, siderealTime);

        Assert.Equal(64.352133, Angles.NormalizeDegrees(horizontal.HourAngleDegrees), 6);
        Assert.Equal(15.1249, horizontal.AltitudeDegrees, 4);
        Assert.Equal(68.0337 + 180.0, horizontal.AzimuthDegrees, 4);
    }

    [Fact]
    public void Example40A_TopocentricMars_Palomar()
    {
        // Mars at 2003-08-28 03:17:00 UT from Palomar (33 deg 21' 22" N, 7h 47m 27s W, 1706 m); geocentric
        // alpha 339.530208, delta -15.771083, Delta 0.37276 AU; apparent sidereal time 1h 40m 45s. Book result:
        // alpha' = 22h 38m 08.54s, delta' = -15 deg 46' 30.0".
        var site = new SiteLocation(Dms(33, 21, 22), -Hms(7, 47, 27), 1706);
        var mars = new GeocentricPosition(0, 0, 0.37276 * GeocentricPosition.AstronomicalUnitKm, 339.530208, -15.771083);

        var topocentric = new TopocentricObserver(site, site.ElevationMeters).ToTopocentricEquatorial(mars, Hms(1, 40, 45));

        Assert.Equal(Hms(22, 38, 8.54), topocentric.RightAscensionDegrees, 0.01 * 15 * Arcsecond);
        Assert.Equal(Dms(-15, 46, 30.0), topocentric.DeclinationDegrees, 0.1 * Arcsecond);
    }

    [Fact]
    public void MoonSemiDiameter_AtMeanDistance_Is15Minutes32Point6Seconds() =>
        Assert.Equal(932.6, MoonPosition.SemiDiameterDegrees(384400) * 3600.0, 1);
}
