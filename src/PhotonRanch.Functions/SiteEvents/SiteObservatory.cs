using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using PhotonRanch.Astronomy;
using static PhotonRanch.Functions.SiteEvents.SiteEventsMessages;

namespace PhotonRanch.Functions.SiteEvents;

/// <summary>
/// Where a site is and which time zone it keeps, read from its site configuration the way the original read it:
/// <c>latitude</c>, <c>longitude</c>, <c>elevation</c> (numbers or numeric strings), <c>reference_ambient</c> and
/// <c>reference_pressure</c> (lists whose first entry is a number; required though unused, as in the original) and
/// <c>TZ_database_name</c> (an IANA zone); and, new here, the optional <c>event_offsets</c> object (minutes, keyed by
/// <see cref="OffsetKeys"/>), each key absent falling back to the contract's constant.
/// </summary>
internal sealed record SiteObservatory(SiteLocation Location, TimeZoneInfo TimeZone, EventOffsets Offsets)
{
    public const string OffsetsField = "event_offsets";

    /// <summary>
    /// The keys of <c>event_offsets</c>, each a number of minutes, with the offset it sets and how it reads it from
    /// and writes it to <see cref="EventOffsets"/>.
    /// </summary>
    public static IReadOnlyList<(string Key, Func<EventOffsets, TimeSpan> Read, Func<EventOffsets, TimeSpan, EventOffsets> With)> OffsetKeys { get; } =
    [
        ("eve_bias_dark_minutes", o => o.EveBiasDark, (o, v) => o with { EveBiasDark = v }),
        ("bias_dark_to_screen_flats_minutes", o => o.BiasDarkToScreenFlats, (o, v) => o with { BiasDarkToScreenFlats = v }),
        ("eve_screen_flats_minutes", o => o.EveScreenFlats, (o, v) => o with { EveScreenFlats = v }),
        ("screen_flats_to_ops_window_minutes", o => o.ScreenFlatsToOpsWindow, (o, v) => o with { ScreenFlatsToOpsWindow = v }),
        ("ops_window_before_sunset_minutes", o => o.OpsWindowBeforeSunSet, (o, v) => o with { OpsWindowBeforeSunSet = v }),
        ("cool_down_after_ops_window_minutes", o => o.CoolDownAfterOpsWindow, (o, v) => o with { CoolDownAfterOpsWindow = v }),
        ("eve_sky_flats_before_sunset_minutes", o => o.EveSkyFlatsBeforeSunSet, (o, v) => o with { EveSkyFlatsBeforeSunSet = v }),
        ("focus_after_eve_sky_flats_minutes", o => o.FocusAfterEveSkyFlats, (o, v) => o with { FocusAfterEveSkyFlats = v }),
        ("observing_after_naut_dusk_minutes", o => o.ObservingAfterNautDusk, (o, v) => o with { ObservingAfterNautDusk = v }),
        ("observing_before_naut_dawn_minutes", o => o.ObservingBeforeNautDawn, (o, v) => o with { ObservingBeforeNautDawn = v }),
        ("final_focus_before_naut_dawn_minutes", o => o.FinalFocusBeforeNautDawn, (o, v) => o with { FinalFocusBeforeNautDawn = v }),
        ("ops_window_after_morn_sky_flats_minutes", o => o.OpsWindowAfterMornSkyFlats, (o, v) => o with { OpsWindowAfterMornSkyFlats = v }),
    ];

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
            throw new SiteConfigurationException(ConfigurationIncomplete);
        }

        SiteLocation location;
        try
        {
            location = new SiteLocation(latitude, longitude, elevation);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new SiteConfigurationException(ConfigurationIncomplete);
        }

        TimeZoneInfo timeZone;
        try
        {
            timeZone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneName);
        }
        catch (Exception exception) when (exception is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new SiteConfigurationException(MessageTemplate.Fill(TimeZoneInvalid, ("name", timeZoneName)));
        }

        return new SiteObservatory(location, timeZone, ReadOffsets(config[OffsetsField]));
    }

    private static EventOffsets ReadOffsets(JsonNode? node)
    {
        if (node is null)
        {
            return EventOffsets.Default;
        }

        var longest = EventOffsets.Longest.TotalMinutes.ToString(CultureInfo.InvariantCulture);
        if (node is not JsonObject given)
        {
            throw new SiteConfigurationException(OffsetsNotObject);
        }

        var offsets = EventOffsets.Default;
        foreach (var (key, value) in given)
        {
            var entry = OffsetKeys.FirstOrDefault(k => k.Key == key);
            if (entry.Key is null)
            {
                throw new SiteConfigurationException(MessageTemplate.Fill(OffsetKeyUnknown, ("key", key)));
            }

            if (value is null)
            {
                continue;
            }

            if (Number(value) is not { } minutes || minutes < 0 || minutes > EventOffsets.Longest.TotalMinutes)
            {
                throw new SiteConfigurationException(MessageTemplate.Fill(OffsetOutOfRange, ("key", key), ("longest", longest)));
            }

            offsets = entry.With(offsets, TimeSpan.FromMinutes(minutes));
        }

        return offsets.IsValid
            ? offsets
            : throw new SiteConfigurationException(MessageTemplate.Fill(EveningOffsetsTooLong, ("longest", longest)));
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
internal sealed class SiteConfigurationException(string message) : Exception(message);
