namespace PhotonRanch.Astronomy;

/// <summary>
/// An observer on the rotating Earth: converts apparent geocentric positions to topocentric horizontal
/// coordinates, including diurnal parallax.
/// </summary>
/// <remarks>
/// The observer's geocentric position uses rho sin phi' and rho cos phi' from Meeus, "Astronomical Algorithms"
/// 2nd ed., ch. 11 (IAU 1976 ellipsoid, a = 6378.14 km, b/a = 0.99664719). The parallax correction is the
/// rigorous vector form of Meeus ch. 40 (eqs. 40.2-40.3): the observer's vector, rotated by the local apparent
/// sidereal time, is subtracted from the body's geocentric vector. Altitude and azimuth then follow Meeus
/// eqs. 13.5-13.6 with the geodetic latitude. No atmospheric refraction is applied.
/// </remarks>
public sealed class TopocentricObserver
{
    private const double EarthPolarToEquatorialRatio = 0.99664719;

    private readonly double sinLatitude;
    private readonly double cosLatitude;
    private readonly double rhoSinPhiPrime;
    private readonly double rhoCosPhiPrime;

    /// <summary>Creates an observer at a site and height.</summary>
    /// <param name="site">Latitude and longitude of the observer.</param>
    /// <param name="heightMeters">Height above sea level in metres used for the parallax (the site events use 0,
    /// as the original service did).</param>
    public TopocentricObserver(SiteLocation site, double heightMeters)
    {
        ArgumentNullException.ThrowIfNull(site);
        Site = site;
        HeightMeters = heightMeters;
        var latitude = site.LatitudeDegrees * Angles.DegreesToRadians;
        (sinLatitude, cosLatitude) = Math.SinCos(latitude);
        var u = Math.Atan(EarthPolarToEquatorialRatio * Math.Tan(latitude));
        var heightInEarthRadii = heightMeters / (MoonPosition.EarthEquatorialRadiusKm * 1000.0);
        rhoSinPhiPrime = (EarthPolarToEquatorialRatio * Math.Sin(u)) + (heightInEarthRadii * sinLatitude);
        rhoCosPhiPrime = Math.Cos(u) + (heightInEarthRadii * cosLatitude);
    }

    /// <summary>The observer's site.</summary>
    public SiteLocation Site { get; }

    /// <summary>Height above sea level in metres used for the parallax.</summary>
    public double HeightMeters { get; }

    /// <summary>Topocentric apparent equatorial position of a body (diurnal parallax applied).</summary>
    /// <param name="body">Apparent geocentric position of the body (true equator and equinox of date).</param>
    /// <param name="greenwichApparentSiderealDegrees">Greenwich apparent sidereal time at the same instant, degrees.</param>
    /// <returns>Topocentric hour angle, right ascension, declination and distance.</returns>
    public TopocentricEquatorialPosition ToTopocentricEquatorial(GeocentricPosition body, double greenwichApparentSiderealDegrees)
    {
        var localSidereal = greenwichApparentSiderealDegrees + Site.LongitudeDegrees;
        var hourAngle = (localSidereal - body.RightAscensionDegrees) * Angles.DegreesToRadians;
        var declination = body.DeclinationDegrees * Angles.DegreesToRadians;
        var distance = body.DistanceKm / MoonPosition.EarthEquatorialRadiusKm;

        // Body and observer as vectors in Earth equatorial radii, x toward the local meridian and y toward the
        // west, so the topocentric hour angle follows directly from the difference vector (Meeus ch. 40).
        var (sinH, cosH) = Math.SinCos(hourAngle);
        var (sinDec, cosDec) = Math.SinCos(declination);
        var x = (distance * cosDec * cosH) - rhoCosPhiPrime;
        var y = distance * cosDec * sinH;
        var z = (distance * sinDec) - rhoSinPhiPrime;

        var topocentricHourAngle = Math.Atan2(y, x) * Angles.RadiansToDegrees;
        var horizontalDistance = Math.Sqrt((x * x) + (y * y));
        return new TopocentricEquatorialPosition(
            Angles.NormalizeSignedDegrees(topocentricHourAngle),
            Angles.NormalizeDegrees(localSidereal - topocentricHourAngle),
            Math.Atan2(z, horizontalDistance) * Angles.RadiansToDegrees,
            Math.Sqrt((horizontalDistance * horizontalDistance) + (z * z)) * MoonPosition.EarthEquatorialRadiusKm);
    }

    /// <summary>Topocentric horizontal position of a body.</summary>
    /// <param name="body">Apparent geocentric position of the body (true equator and equinox of date).</param>
    /// <param name="greenwichApparentSiderealDegrees">Greenwich apparent sidereal time at the same instant, degrees.</param>
    /// <returns>Altitude (no refraction), azimuth and topocentric hour angle.</returns>
    public HorizontalPosition ToHorizontal(GeocentricPosition body, double greenwichApparentSiderealDegrees)
    {
        var topocentric = ToTopocentricEquatorial(body, greenwichApparentSiderealDegrees);
        var (sinH, cosH) = Math.SinCos(topocentric.HourAngleDegrees * Angles.DegreesToRadians);
        var (sinDec, cosDec) = Math.SinCos(topocentric.DeclinationDegrees * Angles.DegreesToRadians);

        // Meeus eqs. 13.5 (azimuth, measured there from the south; here from the north) and 13.6 (altitude).
        var altitude = Math.Asin((sinLatitude * sinDec) + (cosLatitude * cosDec * cosH));
        var azimuthFromSouth = Math.Atan2(sinH, (cosH * sinLatitude) - (sinDec / cosDec * cosLatitude));
        return new HorizontalPosition(
            altitude * Angles.RadiansToDegrees,
            Angles.NormalizeDegrees((azimuthFromSouth * Angles.RadiansToDegrees) + 180.0),
            topocentric.HourAngleDegrees);
    }

    /// <summary>
    /// Topocentric altitude alone, without refraction: the same geometry as <see cref="ToHorizontal"/>, with the
    /// altitude taken directly from the observer-to-body vector (its component along the geodetic zenith).
    /// </summary>
    /// <param name="rightAscensionDegrees">Apparent geocentric right ascension, degrees.</param>
    /// <param name="declinationDegrees">Apparent geocentric declination, degrees.</param>
    /// <param name="distanceKm">Geocentric distance, kilometres.</param>
    /// <param name="greenwichApparentSiderealDegrees">Greenwich apparent sidereal time at the same instant, degrees.</param>
    /// <returns>The altitude, degrees.</returns>
    internal double AltitudeDegrees(double rightAscensionDegrees, double declinationDegrees, double distanceKm, double greenwichApparentSiderealDegrees)
    {
        var hourAngle = (greenwichApparentSiderealDegrees + Site.LongitudeDegrees - rightAscensionDegrees) * Angles.DegreesToRadians;
        var distance = distanceKm / MoonPosition.EarthEquatorialRadiusKm;
        var (sinDec, cosDec) = Math.SinCos(declinationDegrees * Angles.DegreesToRadians);
        var (sinH, cosH) = Math.SinCos(hourAngle);
        var x = (distance * cosDec * cosH) - rhoCosPhiPrime;
        var y = distance * cosDec * sinH;
        var z = (distance * sinDec) - rhoSinPhiPrime;
        var length = Math.Sqrt((x * x) + (y * y) + (z * z));
        return Math.Asin(((x * cosLatitude) + (z * sinLatitude)) / length) * Angles.RadiansToDegrees;
    }

    /// <summary>Topocentric horizontal position of the Sun's centre at a TAI Julian date.</summary>
    /// <param name="taiJulianDate">Julian date on the TAI scale.</param>
    /// <returns>Altitude (no refraction), azimuth and hour angle.</returns>
    public HorizontalPosition Sun(double taiJulianDate) => Sun(taiJulianDate, null);

    /// <summary>Topocentric horizontal position of the Moon's centre at a TAI Julian date.</summary>
    /// <param name="taiJulianDate">Julian date on the TAI scale.</param>
    /// <returns>Altitude (no refraction), azimuth and hour angle.</returns>
    public HorizontalPosition Moon(double taiJulianDate) => Moon(taiJulianDate, null);

    /// <summary>The Sun's position, taking nutation from a window table when one is given.</summary>
    internal HorizontalPosition Sun(double taiJulianDate, InterpolatedNutation? nutationTable)
    {
        var tt = TimeScales.TerrestrialJulianDateFromTai(taiJulianDate);
        var nutation = nutationTable?.At(tt) ?? Nutation.Calculate(tt);
        return ToHorizontal(SunPosition.Calculate(tt, nutation), SiderealTime.GreenwichApparentDegrees(TimeScales.Ut1JulianDateFromTai(taiJulianDate), nutation));
    }

    /// <summary>The Moon's position, taking nutation from a window table when one is given.</summary>
    internal HorizontalPosition Moon(double taiJulianDate, InterpolatedNutation? nutationTable)
    {
        var tt = TimeScales.TerrestrialJulianDateFromTai(taiJulianDate);
        var nutation = nutationTable?.At(tt) ?? Nutation.Calculate(tt);
        return ToHorizontal(MoonPosition.Calculate(tt, nutation), SiderealTime.GreenwichApparentDegrees(TimeScales.Ut1JulianDateFromTai(taiJulianDate), nutation));
    }
}
