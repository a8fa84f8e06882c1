namespace PhotonRanch.Astronomy;

/// <summary>Apparent topocentric position of a body in the observer's horizon system, without refraction.</summary>
/// <param name="AltitudeDegrees">Geometric altitude of the body's centre above the horizon, degrees.</param>
/// <param name="AzimuthDegrees">Azimuth measured from north through east, degrees [0, 360).</param>
/// <param name="HourAngleDegrees">Topocentric local hour angle, degrees [-180, 180), zero at upper transit.</param>
public readonly record struct HorizontalPosition(double AltitudeDegrees, double AzimuthDegrees, double HourAngleDegrees);

/// <summary>Apparent topocentric equatorial position of a body (diurnal parallax applied).</summary>
/// <param name="HourAngleDegrees">Topocentric local hour angle, degrees [-180, 180).</param>
/// <param name="RightAscensionDegrees">Topocentric right ascension, degrees [0, 360).</param>
/// <param name="DeclinationDegrees">Topocentric declination, degrees.</param>
/// <param name="DistanceKm">Distance from the observer, kilometres.</param>
public readonly record struct TopocentricEquatorialPosition(double HourAngleDegrees, double RightAscensionDegrees, double DeclinationDegrees, double DistanceKm);
