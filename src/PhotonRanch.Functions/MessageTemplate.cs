using System.Text.RegularExpressions;

namespace PhotonRanch.Functions;

/// <summary>
/// Fills in the templates of the features' message catalogs (<c>*Messages</c>): each message a caller can see is
/// written once, as a constant the code fills in and the API description quotes, so the two cannot drift.
/// </summary>
internal static partial class MessageTemplate
{
    /// <summary>
    /// <paramref name="template"/> with each <c>{name}</c> replaced by its value, in one pass: a value that itself holds
    /// <c>{name}</c> (a caller's text) is kept as it is.
    /// </summary>
    public static string Fill(string template, params (string Name, string Value)[] values) =>
        Placeholder().Replace(template, placeholder =>
        {
            foreach (var (name, value) in values)
            {
                if (name == placeholder.Groups["name"].Value)
                {
                    return value;
                }
            }

            return placeholder.Value;
        });

    [GeneratedRegex(@"\{(?<name>[A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Placeholder();
}
