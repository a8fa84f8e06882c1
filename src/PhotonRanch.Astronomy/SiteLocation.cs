namespace PhotonRanch.Astronomy;

/// <summary>A geodetic observing site on the WGS84/IAU 1976 ellipsoid.</summary>
public sealed record SiteLocation
{
    /// <summary>Creates a site, validating the ranges.</summary>
    /// <param name="latitudeDegrees">Geodetic latitude, degrees, north positive, within [-90, 90].</param>
    /// <param name="longitudeDegrees">Longitude, degrees, east positive, within [-180, 180].</param>
    /// <param name="elevationMeters">Height above the ellipsoid (sea level), metres.</param>
    /// <exception cref="ArgumentOutOfRangeException">A coordinate is out of range or not finite.</exception>
    public SiteLocation(double latitudeDegrees, double longitudeDegrees, double elevationMeters = 0)
    {
        if (!double.IsFinite(latitudeDegrees) || latitudeDegrees is < -90 or > 90)
        {
            throw new ArgumentOutOfRangeException(nameof(latitudeDegrees), latitudeDegrees, "Latitude must be between -90 and 90 degrees.");
        }

        if (!double.IsFinite(longitudeDegrees) || longitudeDegrees is < -180 or > 180)
        {
            throw new ArgumentOutOfRangeException(nameof(longitudeDegrees), longitudeDegrees, "Longitude must be between -180 and 180 degrees.");
        }

        if (!double.IsFinite(elevationMeters))
        {
            throw new ArgumentOutOfRangeException(nameof(elevationMeters), elevationMeters, "Elevation must be a finite number of metres.");
        }

        LatitudeDegrees = latitudeDegrees;
        LongitudeDegrees = longitudeDegrees;
        ElevationMeters = elevationMeters;
    }

    /// <summary>Geodetic latitude, degrees, north positive.</summary>
    public double LatitudeDegrees { get; }

    /// <summary>Longitude, degrees, east positive.</summary>
    public double LongitudeDegrees { get; }

    /// <summary>Height above sea level, metres.</summary>
    public double ElevationMeters { get; }
}
