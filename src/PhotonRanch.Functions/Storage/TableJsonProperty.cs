using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace PhotonRanch.Functions.Storage;

/// <summary>
/// A JSON value (object, array, anything) kept in one Table Storage entity. A table property holds at most 64 KiB,
/// so the value's UTF-8 text is split into binary properties <c>{name}_0</c>, <c>{name}_1</c>, … with the count in
/// <c>{name}_parts</c>. Binary rather than string properties, because strings are stored as UTF-16 and would halve
/// what fits in the 1 MiB an entity may hold. Numbers are stored as <see cref="DynamoDbNumbers"/> writes them.
/// </summary>
internal static class TableJsonProperty
{
    public const int PartBytes = 64 * 1024;

    /// <summary>The most parts one value is split into; 15 × 64 KiB leaves room in the 1 MiB entity for keys and other properties.</summary>
    public const int MaxParts = 15;

    /// <summary>The largest value (UTF-8 JSON text) an entity can hold: 960 KiB.</summary>
    public const int MaxBytes = PartBytes * MaxParts;

    private static readonly JsonDocumentOptions ReadOptions = new() { MaxDepth = 128 };

    /// <exception cref="RefusedException">Too large when the value is larger than <see cref="MaxBytes"/>; invalid when a number cannot be stored.</exception>
    public static void Set(TableEntity entity, string name, JsonNode? value)
    {
        ArgumentNullException.ThrowIfNull(entity);
        var utf8 = DynamoDbNumbers.ToUtf8(value);
        if (utf8.Length > MaxBytes)
        {
            throw new RefusedException(
                Refusal.TooLarge,
                MessageTemplate.Fill(StorageMessages.ValueTooLarge, ("name", name), ("bytes", $"{utf8.Length}"), ("max", $"{MaxBytes}")));
        }

        var parts = 0;
        for (var offset = 0; offset < utf8.Length; offset += PartBytes)
        {
            entity[PartName(name, parts++)] = utf8.AsSpan(offset, Math.Min(PartBytes, utf8.Length - offset)).ToArray();
        }

        entity[name + "_parts"] = parts;
    }

    /// <summary>Null when the entity has no value under <paramref name="name"/>.</summary>
    /// <exception cref="InvalidDataException">The parts are incomplete (the entity was not written by <see cref="Set"/>).</exception>
    public static JsonNode? Get(TableEntity entity, string name)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (entity.GetInt32(name + "_parts") is not { } parts)
        {
            return null;
        }

        using var utf8 = new MemoryStream();
        for (var part = 0; part < parts; part++)
        {
            var bytes = entity.GetBinary(PartName(name, part))
                ?? throw new InvalidDataException($"Entity {entity.PartitionKey}/{entity.RowKey} lacks part {part} of '{name}'.");
            utf8.Write(bytes);
        }

        return JsonNode.Parse(utf8.GetBuffer().AsSpan(0, (int)utf8.Length), documentOptions: ReadOptions);
    }

    private static string PartName(string name, int part) => $"{name}_{part}";
}
