namespace PhotonRanch.Functions.Storage;

/// <summary>
/// Every refusal of the storage code, once: the code fills these templates in (<see cref="MessageTemplate.Fill"/>)
/// and the API description quotes them.
/// </summary>
internal static class StorageMessages
{
    public const string ValueTooLarge = "The JSON value '{name}' is {bytes} bytes; at most {max} bytes can be stored.";
    public const string NumberTooLarge = "The number {number} is too large to be stored.";
}
