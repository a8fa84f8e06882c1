using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhotonRanch.Astronomy;

namespace PhotonRanch.Functions.SiteEvents;

/// <summary>
/// Where a site is and which time zone it keeps, read from its site configuration the way the original read it:
/// <c>latitude</c>, <c>longitude</c>, <c>elevation</c> (numbers or numeric strings), <c>reference_ambient</c> and
/// <c>reference_pressure</c> (lists whose first entry is a number; required though unused, as in the original) and
/// <c>TZ_database_name</c> (an IANA zone).
/// </summary>
/// <param name="Location">Latitude, longitude and elevation.</param>
/// <param name="TimeZone">The site's time zone.</param>
internal sealed record SiteObservatory(SiteLocation Location, TimeZoneInfo TimeZone)
{
    /// <summary>The original's message for a configuration that lacks a field or holds a malformed one.</summary>
    public const string IncompleteMessage =
        "Site config missing required parameters. Please ensure it includes latitude, longitude, elevation, " +
        "reference_ambient, reference_pressure, and TZ_database_name.";

    /// <summary>Reads a site configuration.</summary>
    /// <exception cref="SiteConfigurationException">A field is missing or malformed, or the time zone is unknown.</exception>
    public static SiteObservatory FromConfiguration(JsonNode? configuration)
    {
        if (configuration is not JsonObject config
            || Number(config["latitude"]) is not { } latitude
            || Number(config["longitude"]) is not { } longitude
            || Number(config["elevation"]) is not { } elevation
            || FirstNumber(config["reference_ambient"]) is null
            || FirstNumber(config["reference_pressure"]) is null
            || Text(config["TZ_database_name"]) is not { Length: > 0 } timeZoneName)
        {
            throw new SiteConfigurationException(IncompleteMessage);
        }

        SiteLocation location;
        try
        {
            location = new SiteLocation(latitude, longitude, elevation);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new SiteConfigurationException(IncompleteMessage);
        }

        try
        {
            return new SiteObservatory(location, TimeZoneInfo.FindSystemTimeZoneById(timeZoneName));
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new SiteConfigurationException($"Invalid timezone name from site config: '{timeZoneName}'");
        }
    }

    private static double? Number(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => value.GetValue<double>(),
        JsonValue value when value.GetValueKind() == JsonValueKind.String
            && double.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            && double.IsFinite(parsed) => parsed,
        _ => null,
    };

    // The original read reference_ambient[0] and reference_pressure[0]; a bare number is accepted too.
    private static double? FirstNumber(JsonNode? node) => node is JsonArray { Count: > 0 } list ? Number(list[0]) : Number(node);

    private static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}

/// <summary>A site configuration that cannot place the site: a missing or malformed field, or an unknown time zone.</summary>
internal sealed class SiteConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SiteConfigurationException(string message)
        : base(message)
    {
    }
}
