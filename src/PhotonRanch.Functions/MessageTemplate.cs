namespace PhotonRanch.Functions;

/// <summary>
/// Fills in the templates of the features' message catalogs (<c>*Messages</c>): each message a caller can see is
/// written once, as a constant the code fills in and the API description quotes, so the two cannot drift.
/// </summary>
internal static class MessageTemplate
{
    /// <summary><paramref name="template"/> with each <c>{name}</c> replaced by its value.</summary>
    public static string Fill(string template, params (string Name, string Value)[] values) =>
        values.Aggregate(template, (text, value) => text.Replace("{" + value.Name + "}", value.Value, StringComparison.Ordinal));
}
