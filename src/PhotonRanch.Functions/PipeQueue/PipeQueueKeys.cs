namespace PhotonRanch.Functions.PipeQueue;

/// <summary>
/// The original's single-table pk/sk design on Table Storage: PartitionKey/RowKey <c>QUEUE|{name}</c> /
/// <c>METADATA</c> or <c>ITEM|{id}</c>, and <c>STATUS|{pipe_id}</c> / <c>INFO</c>. The original separated with
/// <c>#</c>, which Azure Table Storage forbids in keys, so <c>|</c> takes its place.
/// </summary>
internal static class PipeQueueKeys
{
    public const string MetadataRowKey = "METADATA";
    public const string StatusRowKey = "INFO";

    /// <summary>Longest queue name or PIPE id accepted.</summary>
    public const int MaxNameLength = 200;

    private const char Separator = '|';

    // The character after the separator bounds a prefix range query: "ITEM|" <= key < "ITEM}".
    private const char AfterSeparator = (char)(Separator + 1);

    private const string QueuePrefix = "QUEUE|";
    private const string ItemPrefix = "ITEM|";
    private const string StatusPrefix = "STATUS|";
    private const string DeadPrefix = "DEAD|";
    private const string DedupePrefix = "DEDUPE|";

    public static string QueuePartition(string queueName) => QueuePrefix + queueName;

    public static string ItemRowKey(string itemId) => ItemPrefix + itemId;

    /// <summary>A dead letter: an item moved out of the queue after too many deliveries.</summary>
    public static string DeadRowKey(string itemId) => DeadPrefix + itemId;

    /// <summary>The RowKey that holds an enqueue's <c>dedupe_key</c> and the item it added.</summary>
    public static string DedupeRowKey(string dedupeKey) => DedupePrefix + dedupeKey;

    /// <summary>
    /// A delete's marker row in the queue's partition, outside the item range: written in one transaction with the
    /// metadata's removal, its Timestamp is the moment the queue stopped existing.
    /// </summary>
    public static string DeletionMarkerRowKey(Guid deletion) => "DELETED" + Separator + deletion.ToString("N");

    public static string StatusPartition(string pipeId) => StatusPrefix + pipeId;

    public static string QueueName(string partitionKey) => partitionKey[QueuePrefix.Length..];

    public static string PipeId(string partitionKey) => partitionKey[StatusPrefix.Length..];

    // Each range: the smallest key and the first one too large.
    public static (string From, string Before) ItemRowKeyRange { get; } = (ItemPrefix, "ITEM" + AfterSeparator);

    public static (string From, string Before) DeadRowKeyRange { get; } = (DeadPrefix, "DEAD" + AfterSeparator);

    public static (string From, string Before) QueuePartitionRange { get; } = (QueuePrefix, "QUEUE" + AfterSeparator);

    public static (string From, string Before) StatusPartitionRange { get; } = (StatusPrefix, "STATUS" + AfterSeparator);

    /// <summary>
    /// Why <paramref name="name"/> cannot be part of a key, or null when it can: empty, longer than
    /// <see cref="MaxNameLength"/>, or holding a character Table Storage forbids in keys.
    /// </summary>
    /// <remarks>https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#characters-disallowed-in-key-fields</remarks>
    public static string? Problem(string field, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return MessageTemplate.Fill(PipeQueueMessages.MissingField, ("field", field));
        }

        if (name.Length > MaxNameLength)
        {
            return MessageTemplate.Fill(PipeQueueMessages.NameTooLong, ("field", field));
        }

        foreach (var c in name)
        {
            if (c is '/' or '\\' or '#' or '?' || c <= '\u001f' || c is >= '\u007f' and <= '\u009f')
            {
                return MessageTemplate.Fill(PipeQueueMessages.NameForbiddenCharacter, ("field", field));
            }
        }

        return null;
    }
}
