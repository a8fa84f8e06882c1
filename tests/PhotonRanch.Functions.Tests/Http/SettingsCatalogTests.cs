using System.Text.Json;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Http;

/// <summary>local.settings.example.json names every setting the app binds (see <see cref="BoundSettings"/>).</summary>
public sealed class SettingsCatalogTests
{
    [Fact]
    public void Local_settings_example_names_every_bound_setting()
    {
        using var example = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("local.settings.example.json")));
        var values = example.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        var settings = BoundSettings.Names();

        Assert.NotEmpty(settings);
        Assert.All(settings, setting => Assert.Contains(setting, values));
    }
}
