namespace PhotonRanch.Functions.NightLog;

/// <summary>Every message of the night log, once: the code uses these and the API description quotes them.</summary>
internal static class NightLogMessages
{
    public const string NoteCreated = "Note created successfully";
    public const string NoteDataNotObject = "'note_data' must be a JSON object holding the note and its 'ttl_hours'.";

    // 87600 is NightLogService.MaxTtlHours, ten years.
    public const string TtlOutOfRange = "'note_data.ttl_hours' must be a number of hours greater than 0 and at most 87600.";
}
