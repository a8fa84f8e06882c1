namespace PhotonRanch.Astronomy;

/// <summary>Degree/radian conversions and range reduction used throughout the ephemeris code.</summary>
internal static class Angles
{
    /// <summary>Radians per degree.</summary>
    internal const double DegreesToRadians = Math.PI / 180.0;

    /// <summary>Degrees per radian.</summary>
    internal const double RadiansToDegrees = 180.0 / Math.PI;

    /// <summary>Degrees per arcsecond.</summary>
    internal const double ArcsecondsToDegrees = 1.0 / 3600.0;

    /// <summary>Reduces an angle in degrees to the range [0, 360).</summary>
    internal static double NormalizeDegrees(double degrees)
    {
        var reduced = degrees % 360.0;
        return reduced < 0 ? reduced + 360.0 : reduced;
    }

    /// <summary>Reduces an angle in degrees to the range [-180, 180).</summary>
    internal static double NormalizeSignedDegrees(double degrees) => NormalizeDegrees(degrees + 180.0) - 180.0;
}
