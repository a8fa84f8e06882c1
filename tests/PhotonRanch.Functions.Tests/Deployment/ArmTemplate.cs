using System.Text.Json;

namespace PhotonRanch.Functions.Tests.Deployment;

/// <summary>A compiled ARM template (main.json, or a module's template nested in it), navigated by type and name.</summary>
public sealed class ArmTemplate(JsonElement root)
{
    public JsonElement Root { get; } = root;

    /// <summary>The resources, whether the template lists them (classic) or names them (symbolic names).</summary>
    public IEnumerable<JsonElement> Resources =>
        Root.GetProperty("resources") switch
        {
            { ValueKind: JsonValueKind.Array } list => list.EnumerateArray(),
            var named => named.EnumerateObject().Select(property => property.Value),
        };

    public IEnumerable<JsonElement> OfType(string type) =>
        Resources.Where(resource => string.Equals(resource.GetProperty("type").GetString(), type, StringComparison.OrdinalIgnoreCase));

    public JsonElement Single(string type) => Assert.Single(OfType(type));

    /// <summary>The nested deployment a <c>module</c> declaration compiled to.</summary>
    public JsonElement Module(string name) =>
        Assert.Single(OfType("Microsoft.Resources/deployments"), deployment => deployment.GetProperty("name").GetString() == name);

    public ArmTemplate ModuleTemplate(string name) => new(Module(name).GetProperty("properties").GetProperty("template"));

    /// <summary>The value main.bicep passes to a module parameter.</summary>
    public JsonElement ModuleArgument(string module, string parameter) =>
        Module(module).GetProperty("properties").GetProperty("parameters").GetProperty(parameter).GetProperty("value");

    public JsonElement ParameterDefault(string name) =>
        Root.GetProperty("parameters").GetProperty(name).GetProperty("defaultValue");

    public JsonElement Variable(string name) => Root.GetProperty("variables").GetProperty(name);
}
