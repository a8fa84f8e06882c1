using System.Text.Json;

namespace PhotonRanch.Functions.Images;

/// <summary>
/// Drops intermediate smart stacks from a list of packages, so the UI receives only each stack's final frame:
/// among packages whose <c>SMARTSTK</c> and <c>SSTKNUM</c> are both digit strings, only those with the highest
/// <c>SSTKNUM</c> of their <c>SMARTSTK</c> are kept; every other package is kept as it is, in its place.
/// </summary>
/// <remarks>
/// A digit string is a non-empty run of ASCII digits; a JSON integer written without sign, fraction or exponent
/// counts as one too (the original crashed on numbers). <c>SSTKNUM</c> values compare as numbers (<c>"010"</c> equals
/// <c>"10"</c>) of any length. An empty or non-digit <c>SSTKNUM</c> keeps the package, where the original crashed.
/// </remarks>
internal static class SmartStackReduction
{
    /// <summary>The packages not superseded, in their original order.</summary>
    public static IReadOnlyList<ImagePackage> KeepFinalStacks(IReadOnlyList<ImagePackage> packages)
    {
        ArgumentNullException.ThrowIfNull(packages);

        // One pass: a later, higher frame of a stack blanks the slots of the frames it supersedes.
        var slots = new List<ImagePackage?>(packages.Count);
        var stacks = new Dictionary<string, (string Highest, List<int> Slots)>(StringComparer.Ordinal);
        var dropped = 0;
        foreach (var package in packages)
        {
            if (!TryDigits(package.SmartStack, out var stack) || !TryDigits(package.SmartStackNumber, out var number))
            {
                slots.Add(package);
                continue;
            }

            number = number.TrimStart('0');
            if (!stacks.TryGetValue(stack, out var best))
            {
                stacks[stack] = (number, [slots.Count]);
                slots.Add(package);
                continue;
            }

            var comparison = CompareNumbers(number, best.Highest);
            if (comparison < 0)
            {
                dropped++;
                continue;
            }

            if (comparison > 0)
            {
                foreach (var slot in best.Slots)
                {
                    slots[slot] = null;
                }

                dropped += best.Slots.Count;
                stacks[stack] = (number, [slots.Count]);
            }
            else
            {
                best.Slots.Add(slots.Count);
            }

            slots.Add(package);
        }

        if (dropped == 0)
        {
            return packages;
        }

        var kept = new List<ImagePackage>(slots.Count - dropped);
        foreach (var slot in slots)
        {
            if (slot is not null)
            {
                kept.Add(slot);
            }
        }

        return kept;
    }

    /// <summary>
    /// Each smart stack of <paramref name="packages"/> as one package, its newest frame of the highest
    /// <c>SSTKNUM</c>, in that frame's place, with <see cref="ImagePackage.StackMembers"/> (every frame of the stack
    /// among <paramref name="packages"/>) and <see cref="ImagePackage.StackExposureSeconds"/> (their exposure times'
    /// sum); any other package stays, as a stack of one.
    /// </summary>
    public static IReadOnlyList<ImagePackage> Collapse(IReadOnlyList<ImagePackage> packages)
    {
        ArgumentNullException.ThrowIfNull(packages);
        var stacks = new Dictionary<string, (int Final, string Highest, int Members, double Exposure)>(StringComparer.Ordinal);
        for (var i = 0; i < packages.Count; i++)
        {
            if (!TryDigits(packages[i].SmartStack, out var stack) || !TryDigits(packages[i].SmartStackNumber, out var number))
            {
                continue;
            }

            number = number.TrimStart('0');
            var exposure = packages[i].ExposureTime ?? 0;
            stacks[stack] = stacks.TryGetValue(stack, out var seen)
                ? (CompareNumbers(number, seen.Highest) > 0 ? i : seen.Final, CompareNumbers(number, seen.Highest) > 0 ? number : seen.Highest, seen.Members + 1, seen.Exposure + exposure)
                : (i, number, 1, exposure);
        }

        var collapsed = new List<ImagePackage>(packages.Count);
        for (var i = 0; i < packages.Count; i++)
        {
            var package = packages[i];
            if (!TryDigits(package.SmartStack, out var stack) || !TryDigits(package.SmartStackNumber, out _))
            {
                collapsed.Add(package with { StackMembers = 1, StackExposureSeconds = package.ExposureTime ?? 0 });
            }
            else if (stacks[stack] is var final && final.Final == i)
            {
                collapsed.Add(package with { StackMembers = final.Members, StackExposureSeconds = final.Exposure });
            }
        }

        return collapsed;
    }

    private static bool TryDigits(JsonElement value, out string digits)
    {
        digits = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString()!,
            JsonValueKind.Number => value.GetRawText(),
            _ => string.Empty,
        };
        return digits.Length > 0 && digits.All(char.IsAsciiDigit);
    }

    // Both without leading zeros: the longer is larger, equal lengths compare digit by digit.
    private static int CompareNumbers(string left, string right) =>
        left.Length != right.Length ? left.Length.CompareTo(right.Length) : string.CompareOrdinal(left, right);
}
