using System.Reflection;
using PhotonRanch.Functions.Hosting;

namespace PhotonRanch.Functions.Tests.Infrastructure;

/// <summary>
/// The settings the app binds, read from its options classes: every exported type with a <c>SectionName</c>
/// constant contributes its settable properties, nested classes as <c>Section__Child__Name</c>. A new options class
/// is picked up without a change here, so every check built on this list (local.settings.example.json, the Bicep
/// app settings, docs/configuration.md) fails until the new setting is added there too.
/// </summary>
internal static class BoundSettings
{
    public static IReadOnlyList<string> Names() => NamesIn(typeof(HttpFunctionCatalog).Assembly);

    /// <summary>The settings only the local host binds (its ingestion poller): documented, but not deployed to Azure.</summary>
    public static IReadOnlyList<string> LocalHostNames() => NamesIn(typeof(PhotonRanch.Functions.LocalHost.LocalApi).Assembly);

    private static IReadOnlyList<string> NamesIn(Assembly assembly)
    {
        var names = new List<string>();
        var optionsTypes = assembly.GetTypes()
            .Where(type => type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true });
        foreach (var type in optionsTypes)
        {
            var section = (string)type.GetField("SectionName")!.GetRawConstantValue()!;
            names.AddRange(SettingNames(section, type));
        }

        return names;
    }

    private static IEnumerable<string> SettingNames(string prefix, Type type)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var name = $"{prefix}__{property.Name}";
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (propertyType.IsClass && propertyType != typeof(string) && propertyType != typeof(Uri))
            {
                foreach (var nested in SettingNames(name, propertyType))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return name;
            }
        }
    }
}
