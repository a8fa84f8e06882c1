using System.Text.RegularExpressions;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Deployment;

/// <summary>
/// The operator documentation is finished: no page under docs/ nor the README still holds a placeholder left for
/// another issue to fill in.
/// </summary>
public sealed partial class DocumentationTests
{
    [Fact]
    public void No_document_holds_a_placeholder()
    {
        var files = Directory.GetFiles(RepositoryFiles.PathOf("docs"), "*", SearchOption.AllDirectories)
            .Append(RepositoryFiles.PathOf("README.md"))
            .ToList();

        var placeholders =
            from file in files
            from line in File.ReadLines(file).Select((text, index) => (Text: text, Number: index + 1))
            where Placeholder().IsMatch(line.Text)
            select $"{Path.GetRelativePath(RepositoryFiles.Root, file)}:{line.Number}: {line.Text.Trim()}";
        var found = placeholders.ToList();

        Assert.Contains(files, file => file.EndsWith("architecture.md", StringComparison.Ordinal));
        Assert.True(found.Count == 0, "Placeholders left in the documentation:\n" + string.Join('\n', found));
    }

    // TODO and TBD as words, in capitals; the phrases in any case.
    [GeneratedRegex(@"\b(TODO|TBD)\b|(?i:to be filled|to be written|later issue|other services add)")]
    private static partial Regex Placeholder();
}
