using System.Reflection;
using System.Text.Json;
using PhotonRanch.Functions.Http;

namespace PhotonRanch.Functions.Tests.Http;

/// <summary>
/// local.settings.example.json names every setting the app binds: each options class (a type with a
/// <c>SectionName</c> constant) contributes its settable properties, nested classes as <c>Section__Child__Name</c>.
/// </summary>
public sealed class SettingsCatalogTests
{
    [Fact]
    public void Local_settings_example_names_every_bound_setting()
    {
        using var example = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "local.settings.example.json")));
        var values = example.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        var settings = BoundSettingNames().ToList();

        Assert.NotEmpty(settings);
        Assert.All(settings, setting => Assert.Contains(setting, values));
    }

    internal static IEnumerable<string> BoundSettingNames()
    {
        var optionsTypes = typeof(HttpFunctionCatalog).Assembly.GetExportedTypes()
            .Where(type => type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true });
        foreach (var type in optionsTypes)
        {
            var section = (string)type.GetField("SectionName")!.GetRawConstantValue()!;
            foreach (var name in SettingNames(section, type))
            {
                yield return name;
            }
        }
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

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "PhotonRanch.Functions.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (PhotonRanch.Functions.sln) was not found above the test output.");
    }
}
