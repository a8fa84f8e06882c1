using System.Text.Json;
using Azure.Data.Tables;

namespace PhotonRanch.Functions.PipeQueue;

/// <summary>
/// Stores a JSON value in a table entity as UTF-8 split over binary properties (<c>{name}_0</c>, <c>{name}_1</c>, …)
/// because one property holds at most 64 KiB and an entity at most 1 MiB. The JSON text is kept as the caller sent
/// it, so numbers, nesting and key order come back unchanged.
/// </summary>
public static class JsonColumns
{
    /// <summary>The largest JSON value (payload or details) one entity can hold here: 15 × 64 KiB.</summary>
    public const int MaxJsonBytes = MaxParts * PartBytes;

    private const int PartBytes = 64 * 1024;
    private const int MaxParts = 15;

    /// <summary>Writes <paramref name="utf8Json"/> into <paramref name="entity"/> under <paramref name="name"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The JSON is longer than <see cref="MaxJsonBytes"/>.</exception>
    public static void Write(TableEntity entity, string name, ReadOnlyMemory<byte> utf8Json)
    {
        ArgumentNullException.ThrowIfNull(entity);
        if (utf8Json.Length > MaxJsonBytes)
        {
            throw new ArgumentOutOfRangeException(nameof(utf8Json), utf8Json.Length, $"JSON values are limited to {MaxJsonBytes} bytes.");
        }

        var parts = 0;
        for (var offset = 0; offset < utf8Json.Length || parts == 0; offset += PartBytes, parts++)
        {
            entity[$"{name}_{parts}"] = utf8Json.Slice(offset, Math.Min(PartBytes, utf8Json.Length - offset)).ToArray();
        }

        entity[$"{name}_parts"] = parts;
    }

    /// <summary>Reads the JSON value written under <paramref name="name"/>, or <paramref name="fallbackJson"/> when there is none.</summary>
    public static JsonElement Read(TableEntity entity, string name, string fallbackJson = "{}")
    {
        ArgumentNullException.ThrowIfNull(entity);
        var parts = entity.GetInt32($"{name}_parts") ?? 0;
        if (parts == 0)
        {
            using var fallback = JsonDocument.Parse(fallbackJson);
            return fallback.RootElement.Clone();
        }

        using var buffer = new MemoryStream();
        for (var part = 0; part < parts; part++)
        {
            var bytes = entity.GetBinary($"{name}_{part}") ?? [];
            buffer.Write(bytes, 0, bytes.Length);
        }

        using var document = JsonDocument.Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length));
        return document.RootElement.Clone();
    }

    /// <summary>The property names a value of <paramref name="name"/> can occupy, for projections.</summary>
    public static IEnumerable<string> PropertyNames(string name) =>
        Enumerable.Range(0, MaxParts).Select(part => $"{name}_{part}").Append($"{name}_parts");
}
