namespace PhotonRanch.Functions.SiteEvents;

/// <summary>
/// Every message the site-events routes answer with, once: the code fills these templates in
/// (<see cref="MessageTemplate.Fill"/>) and the API description quotes them.
/// </summary>
internal static class SiteEventsMessages
{
    public const string MissingSite = "Missing 'site' query string request parameter.";
    public const string SiteNotFound = "The specified sitecode did not match any config file.";
    public const string WhenOutOfRange = "'when' must be a Unix time in seconds from 63331200 to 4102444800.";
    public const string StartInvalid = "'start' must be a date as YYYY-MM-DD, and the nights from it must lie from 1972-01-04 to 2099-12-30.";
    public const string NightsInvalid = "'nights' must be a whole number from 1 to 366.";
    public const string WhenWithRange = "'when' cannot be combined with 'start' and 'nights'.";
    public const string NightsWithoutStart = "'nights' needs 'start'.";
    public const string FormatNotIso = "'format' must be 'iso' when given.";

    public const string LatitudeInvalid = "'lat' must be a number of degrees from -90 to 90.";
    public const string LongitudeInvalid = "'lng' must be a number of degrees from -180 to 180.";
    public const string TimeFormatInvalid = "Error with format of start/end times. Format should be like: '2020-12-31T01:00:00Z'.";
    public const string EndNotAfterStart = "'end' must be after 'start'.";
    public const string WindowTooLong = "The window from start to end must not exceed 366 days.";
    public const string TimeOutOfRange = "'start' and 'end' must be from 1972-01-01T00:00:00Z to 2100-01-01T00:00:00Z.";

    /// <summary>The original's message for a configuration that lacks a field or holds a malformed one.</summary>
    public const string ConfigurationIncomplete =
        "Site config missing required parameters. Please ensure it includes latitude, longitude, elevation, " +
        "reference_ambient, reference_pressure, and TZ_database_name.";

    public const string TimeZoneInvalid = "Invalid timezone name from site config: '{name}'";
    public const string OffsetsNotObject = "Invalid event_offsets in site config: it must be an object of minutes.";
    public const string OffsetKeyUnknown = "Invalid event_offsets in site config: unknown key '{key}'.";
    public const string OffsetOutOfRange = "Invalid event_offsets in site config: '{key}' must be a number of minutes from 0 to {longest}.";
    public const string EveningOffsetsTooLong =
        "Invalid event_offsets in site config: the evening offsets (Eve Bias Dark back from Sun Set) must add up to at most {longest} minutes.";
}
