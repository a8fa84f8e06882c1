using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;

namespace PhotonRanch.Functions.NightLog;

/// <summary>
/// Night log notes: one per site, each living <c>ttl_hours</c> from its creation. An expired note is never
/// returned; it is deleted when it is next read (DynamoDB's TTL also deleted lazily).
/// </summary>
internal sealed partial class NightLogService(NightLogStore store, TimeProvider clock, ILogger<NightLogService> logger)
{
    // Ten years: far beyond a night, but short of overflowing a timestamp.
    private const double MaxTtlHours = 24 * 365 * 10;

    private const int SecondsPerHour = 60 * 60;

    /// <summary>Null when the site has no note or it has expired (an expired note is deleted).</summary>
    public async Task<NightLogNote?> GetAsync(string site, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(site, cancellationToken) is not { } stored)
        {
            return null;
        }

        if (stored.Note.TtlTimestampSeconds > Now())
        {
            return stored.Note;
        }

        // Only this expired version is deleted: a note written meanwhile has another ETag and stays.
        if (await store.DeleteAsync(site, stored.ETag, cancellationToken))
        {
            LogExpiredDeleted(site, stored.Note.TtlTimestampSeconds);
        }

        return null;
    }

    /// <summary>Replaces the site's note with <c>{"note_data": {..., "ttl_hours": n}}</c>, expiring <c>ttl_hours</c> from now.</summary>
    public async Task<NightLogNote> CreateAsync(string site, JsonObject body, string? caller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body["note_data"] is not JsonObject noteData)
        {
            throw new RefusedException(Refusal.Invalid, NightLogMessages.NoteDataNotObject);
        }

        var ttlSeconds = (long)Math.Ceiling(TtlHours(noteData) * SecondsPerHour);
        var now = Now();
        var note = new NightLogNote(site, now, now + ttlSeconds, noteData);
        await store.SaveAsync(note, cancellationToken);
        LogCreated(site, note.TtlTimestampSeconds, caller);
        return note;
    }

    public async Task DeleteAsync(string site, string? caller, CancellationToken cancellationToken)
    {
        await store.DeleteAsync(site, ETag.All, cancellationToken);
        LogDeleted(site, caller);
    }

    // The original took int(ttl_hours), so a number or a numeric string; fractions are kept here rather than cut.
    private static double TtlHours(JsonObject noteData)
    {
        var hours = noteData["ttl_hours"] switch
        {
            JsonValue value when value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<double>(out var number) => number,
            JsonValue value when value.GetValueKind() == JsonValueKind.String
                && double.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => double.NaN,
        };
        if (!(hours > 0 && hours <= MaxTtlHours))
        {
            throw new RefusedException(Refusal.Invalid, NightLogMessages.TtlOutOfRange);
        }

        return hours;
    }

    private long Now() => clock.GetUtcNow().ToUnixTimeSeconds();

    [LoggerMessage(Level = LogLevel.Information, Message = "Night log note of site {Site} created by {Caller}, expiring at {TtlTimestampSeconds}")]
    private partial void LogCreated(string site, long ttlTimestampSeconds, string? caller);

    [LoggerMessage(Level = LogLevel.Information, Message = "Night log note of site {Site} deleted by {Caller}")]
    private partial void LogDeleted(string site, string? caller);

    [LoggerMessage(Level = LogLevel.Information, Message = "Expired night log note of site {Site} (expired at {TtlTimestampSeconds}) deleted")]
    private partial void LogExpiredDeleted(string site, long ttlTimestampSeconds);
}
