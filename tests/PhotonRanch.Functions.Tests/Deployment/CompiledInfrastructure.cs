using System.Text.Json;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Deployment;

/// <summary>
/// infra/ linted and compiled once per test class with the Bicep CLI: every .bicep file to ARM JSON and every
/// .bicepparam file to a parameters file, in a temporary folder.
/// </summary>
public sealed class CompiledInfrastructure : IDisposable
{
    private readonly string _output = Directory.CreateTempSubdirectory("photonranch-bicep-").FullName;

    public CompiledInfrastructure()
    {
        var root = RepositoryFiles.Root;
        TemplateFiles = Directory.GetFiles(RepositoryFiles.PathOf("infra"), "*.bicep", SearchOption.AllDirectories);
        ParameterFiles = Directory.GetFiles(RepositoryFiles.PathOf("infra"), "*.bicepparam", SearchOption.AllDirectories);
        Runs = new Dictionary<string, BicepCli.BicepRun>(StringComparer.Ordinal)
        {
            ["lint *.bicep"] = BicepCli.Run(root, "lint", "--pattern", "infra/**/*.bicep"),
            ["lint *.bicepparam"] = BicepCli.Run(root, "lint", "--pattern", "infra/**/*.bicepparam"),
            ["build *.bicep"] = BicepCli.Run(root, "build", "--pattern", "infra/**/*.bicep", "--outdir", Path.Combine(_output, "templates")),
            ["build-params *.bicepparam"] = BicepCli.Run(root, "build-params", "--pattern", "infra/**/*.bicepparam", "--outdir", Path.Combine(_output, "parameters")),
        };

        var mainJson = Path.Combine(_output, "templates", "main.json");
        Main = File.Exists(mainJson) ? new ArmTemplate(JsonDocument.Parse(File.ReadAllText(mainJson)).RootElement) : null;
        CompiledTemplates = Directory.Exists(Path.Combine(_output, "templates"))
            ? Directory.GetFiles(Path.Combine(_output, "templates"), "*.json", SearchOption.AllDirectories)
            : [];
        StageParameters = Directory.Exists(Path.Combine(_output, "parameters"))
            ? Directory.GetFiles(Path.Combine(_output, "parameters"), "*.json", SearchOption.AllDirectories)
                .ToDictionary(file => Path.GetFileNameWithoutExtension(file), file => JsonDocument.Parse(File.ReadAllText(file)).RootElement.GetProperty("parameters"), StringComparer.Ordinal)
            : [];
    }

    public IReadOnlyList<string> TemplateFiles { get; }

    public IReadOnlyList<string> ParameterFiles { get; }

    public IReadOnlyDictionary<string, BicepCli.BicepRun> Runs { get; }

    public ArmTemplate? Main { get; }

    public IReadOnlyList<string> CompiledTemplates { get; }

    /// <summary>The compiled parameter files by stage file name (test, dev, prod).</summary>
    public IReadOnlyDictionary<string, JsonElement> StageParameters { get; }

    public ArmTemplate RequireMain() => Main ?? throw new InvalidOperationException("main.bicep did not compile: " + Runs["build *.bicep"]);

    public void Dispose() => Directory.Delete(_output, recursive: true);
}
