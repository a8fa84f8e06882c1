using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using PhotonRanch.Functions.Storage;

namespace PhotonRanch.Functions.NightLog;

/// <summary>
/// The night log table (original DynamoDB <c>night-log</c>, key <c>site</c>): one note per site, PartitionKey =
/// site, empty RowKey, <c>created_timestamp</c> and <c>ttl_timestamp_seconds</c> as Int64 properties and
/// <c>note_data</c> as a <see cref="TableJsonProperty"/>.
/// </summary>
internal sealed class NightLogStore(TableServiceClient tables, IOptions<StorageOptions> options)
{
    private const string RowKey = "";
    private const string CreatedProperty = "created_timestamp";
    private const string TtlProperty = "ttl_timestamp_seconds";
    private const string NoteDataProperty = "note_data";

    private readonly TableClient _table = tables.GetTableClient(options.Value.Tables.NightLog);

    /// <summary>The note with its ETag, expired or not.</summary>
    public async Task<StoredNightLogNote?> GetAsync(string site, CancellationToken cancellationToken)
    {
        var response = await _table.GetEntityIfExistsAsync<TableEntity>(site, RowKey, cancellationToken: cancellationToken);
        if (!response.HasValue)
        {
            return null;
        }

        var entity = response.Value!;
        var note = new NightLogNote(
            site,
            entity.GetInt64(CreatedProperty) ?? 0,
            entity.GetInt64(TtlProperty) ?? 0,
            TableJsonProperty.Get(entity, NoteDataProperty));
        return new StoredNightLogNote(note, entity.ETag);
    }

    /// <exception cref="RefusedException">Too large to store; nothing is written.</exception>
    public async Task SaveAsync(NightLogNote note, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(note);
        var entity = new TableEntity(note.Site, RowKey)
        {
            [CreatedProperty] = note.CreatedTimestamp,
            [TtlProperty] = note.TtlTimestampSeconds,
        };
        TableJsonProperty.Set(entity, NoteDataProperty, note.NoteData);
        await _table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    /// <returns>False when the note is no longer the <paramref name="ifMatch"/> version and was kept.</returns>
    public async Task<bool> DeleteAsync(string site, ETag ifMatch, CancellationToken cancellationToken)
    {
        try
        {
            await _table.DeleteEntityAsync(site, RowKey, ifMatch, cancellationToken);
            return true;
        }
        catch (RequestFailedException exception) when (exception.Status == StatusCodes.Status412PreconditionFailed)
        {
            return false;
        }
    }
}

/// <summary>A note with the ETag that identifies this version, for deleting exactly it.</summary>
internal sealed record StoredNightLogNote(NightLogNote Note, ETag ETag);
