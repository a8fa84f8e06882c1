using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace PhotonRanch.Functions.OpenApi;

/// <summary>
/// The XML documentation comments the compiler writes beside an assembly (<c>GenerateDocumentationFile</c>), read so
/// that <c>GET /openapi.json</c> describes each function with the same words as its source. When the file is
/// missing, every lookup answers <see langword="null"/> and the document simply has no summaries.
/// </summary>
internal sealed partial class XmlDocumentation(Dictionary<string, XElement> members)
{
    /// <summary>Reads <c>{assembly}.xml</c> from the assembly's folder.</summary>
    public static XmlDocumentation For(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (string.IsNullOrEmpty(assembly.Location) || !File.Exists(path))
        {
            return new XmlDocumentation([]);
        }

        // Whitespace is kept: the space between two elements, as in "<c>POST /x</c> <c>{body}</c>", is text.
        var members = XDocument.Load(path, LoadOptions.PreserveWhitespace).Descendants("member")
            .Where(member => member.Attribute("name") is not null)
            .ToDictionary(member => member.Attribute("name")!.Value, StringComparer.Ordinal);
        return new XmlDocumentation(members);
    }

    /// <summary>The method's <c>&lt;summary&gt;</c> as plain text (Markdown code spans for <c>&lt;c&gt;</c>).</summary>
    public string? Summary(MethodInfo method) => Text(Member(method)?.Element("summary"));

    public string? Remarks(MethodInfo method) => Text(Member(method)?.Element("remarks"));

    public string? Parameter(MethodInfo method, string name) =>
        Text(Member(method)?.Elements("param").FirstOrDefault(param => string.Equals(param.Attribute("name")?.Value, name, StringComparison.OrdinalIgnoreCase)));

    // Member ids are "M:Namespace.Type.Method(Parameter.Types)"; nested types are joined with '.'. Function names are
    // unique, so the id up to the parameter list identifies the method.
    private XElement? Member(MethodInfo method)
    {
        var id = $"M:{method.DeclaringType!.FullName!.Replace('+', '.')}.{method.Name}";
        return members.TryGetValue(id, out var exact)
            ? exact
            : members.FirstOrDefault(member => member.Key.StartsWith(id + "(", StringComparison.Ordinal)).Value;
    }

    private static string? Text(XElement? element)
    {
        if (element is null)
        {
            return null;
        }

        var text = new StringBuilder();
        foreach (var node in element.Nodes())
        {
            text.Append(node switch
            {
                XText plain => plain.Value,
                XElement { Name.LocalName: "c" } code => $"`{code.Value}`",
                XElement { Name.LocalName: "see" or "seealso" } reference => ReferenceName(reference),
                XElement { Name.LocalName: "paramref" or "typeparamref" } reference => reference.Attribute("name")?.Value,
                XElement other => other.Value,
                _ => string.Empty,
            });
        }

        var normalized = Whitespace().Replace(text.ToString(), " ").Trim();
        return normalized.Length == 0 ? null : normalized;
    }

    private static string ReferenceName(XElement reference)
    {
        if (reference.Attribute("langword")?.Value is { } keyword)
        {
            return keyword;
        }

        var target = reference.Attribute("cref")?.Value ?? reference.Attribute("href")?.Value ?? string.Empty;
        var name = target.Split('(')[0];
        return reference.Value is { Length: > 0 } label ? label : name[(name.LastIndexOfAny([':', '.']) + 1)..];
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
