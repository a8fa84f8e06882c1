namespace PhotonRanch.Functions.PipeQueue;

/// <summary>
/// Every message the PIPE queue answers with, once: the code fills these templates in (<see cref="MessageTemplate.Fill"/>) and the API
/// description quotes them, so the two cannot drift. A <c>{name}</c> in a template is what the caller sent.
/// </summary>
internal static class PipeQueueMessages
{
    public const string MissingField = "Missing required field: {field}";
    public const string NameTooLong = "{field} is longer than 200 characters.";
    public const string NameForbiddenCharacter = "{field} must not contain '/', '\\', '#', '?' or control characters.";
    public const string TextTooLong = "{field} is longer than 1024 characters.";
    public const string MissingStatusFields = "Missing required fields: pipe_id and status";
    public const string QueueCreated = "Queue created: {queue_name}";
    public const string QueueExists = "Queue already exists: {queue_name}";
    public const string QueueMissing = "Queue does not exist: {queue_name}";
    public const string QueueEmpty = "Queue is empty: {queue_name}";
    public const string QueueDeleted = "Queue deleted: {queue_name}";
    public const string ItemAcknowledged = "Item acknowledged: {id}";
    public const string ReceiptMismatch = "Receipt does not match the current lease of item {id}.";
    public const string ItemMissing = "Item not found in queue {queue_name}: {id}";
    public const string ItemReleased = "Item released: {id}";
    public const string ItemsRedriven = "Dead letters put back in queue {queue_name}: {count}";
    public const string WholeNumberRange = "Field '{field}' must be a whole number from {min} to {max}.";
    public const string HeartbeatRange = "Field 'heartbeat_seconds' must be a number greater than 0 and at most 86400.";
    public const string IdsNotStrings = "Field 'ids' must be an array of item ids (strings).";
    public const string MachineMissing = "PIPE machine not found: {pipe_id}";
    public const string StatusDeleted = "Status deleted for PIPE: {pipe_id}";

    public const string QueueNameProblems =
        "`Missing required field: queue_name`, `queue_name is longer than 200 characters.` or " +
        "`queue_name must not contain '/', '\\', '#', '?' or control characters.`";

    public const string PipeIdProblems =
        "`pipe_id is longer than 200 characters.` or `pipe_id must not contain '/', '\\', '#', '?' or control characters.`";
}
