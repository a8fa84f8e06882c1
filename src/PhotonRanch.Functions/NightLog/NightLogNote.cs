using System.Text.Json.Nodes;

namespace PhotonRanch.Functions.NightLog;

/// <summary>A site's night log note, as the original's <c>night-log</c> table row and response.</summary>
/// <param name="Site">The site code.</param>
/// <param name="CreatedTimestamp">When the note was created, in Unix seconds.</param>
/// <param name="TtlTimestampSeconds">When the note expires, in Unix seconds; from then on it is not returned.</param>
/// <param name="NoteData">The caller's <c>note_data</c> object as it was posted (including <c>ttl_hours</c>).</param>
internal sealed record NightLogNote(string Site, long CreatedTimestamp, long TtlTimestampSeconds, JsonNode? NoteData);
