using System.Text.Json;
using System.Text.RegularExpressions;
using PhotonRanch.Functions.Ingestion;
using PhotonRanch.Functions.Storage;
using PhotonRanch.Functions.Tests.Infrastructure;

namespace PhotonRanch.Functions.Tests.Deployment;

/// <summary>
/// infra/ compiles and lints clean, and the compiled ARM template deploys what the app needs: every setting its
/// options classes bind, no secret in plain text, storage locked to identities and TLS 1.2, the lifecycle rules,
/// the managed identity's roles, platform CORS off, and the Event Grid subscription as a separate, optional step.
/// </summary>
public sealed partial class DeploymentTemplateTests(CompiledInfrastructure infrastructure) : IClassFixture<CompiledInfrastructure>
{
    private const string BlobDataContributor = "ba92f5b4-2d11-453d-a403-e96b0029c9fe";
    private const string BlobDataOwner = "b7e6dc6d-f1e8-4753-8033-0f276bb0955b";
    private const string TableDataContributor = "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3";
    private const string QueueDataContributor = "974c5e8b-45b9-4653-ba55-5f855dd0fb88";
    private const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";

    // Identifies the Application Insights resource; it authorizes nothing to read
    // (https://learn.microsoft.com/azure/azure-monitor/app/connection-strings), so it needs no Key Vault.
    private static readonly string[] NotSecretDespiteTheName = ["APPLICATIONINSIGHTS_CONNECTION_STRING"];

    private ArmTemplate Main => infrastructure.RequireMain();

    [Fact]
    public void Every_bicep_and_bicepparam_file_compiles_and_lints_without_errors_or_warnings()
    {
        Assert.Contains(infrastructure.TemplateFiles, file => file.EndsWith("main.bicep", StringComparison.Ordinal));
        Assert.Equal(["dev", "prod", "test"], infrastructure.ParameterFiles.Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal));
        Assert.All(infrastructure.Runs, run =>
        {
            Assert.True(run.Value.ExitCode == 0, $"bicep {run.Key} exited with {run.Value.ExitCode}: {run.Value.Errors}");
            Assert.True(run.Value.Diagnostics.Count == 0, $"bicep {run.Key}:\n{string.Join('\n', run.Value.Diagnostics)}");
        });
        Assert.Equal(infrastructure.TemplateFiles.Count, infrastructure.CompiledTemplates.Count);
        Assert.Equal(infrastructure.ParameterFiles.Count, infrastructure.StageParameters.Count);
    }

    [Fact]
    public void Each_stage_parameter_file_deploys_its_own_stage()
    {
        Assert.All(infrastructure.StageParameters, stage =>
            Assert.Equal(stage.Key, stage.Value.GetProperty("stage").GetProperty("value").GetString()));
    }

    [Fact]
    public void The_function_app_gets_every_setting_the_app_binds()
    {
        var settings = AppSettings().Keys.ToHashSet(StringComparer.Ordinal);

        Assert.All(BoundSettings.Names(), setting => Assert.Contains(setting, settings));
        Assert.Contains("AzureWebJobsStorage__accountName", settings);
        Assert.Contains("APPLICATIONINSIGHTS_CONNECTION_STRING", settings);
    }

    [Fact]
    public void The_hosts_homepage_is_off_in_azure_and_under_func_start()
    {
        Assert.Equal("true", AppSettings()["AzureWebJobsDisableHomepage"]);
        using var example = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("local.settings.example.json")));
        Assert.Equal("true", example.RootElement.GetProperty("Values").GetProperty("AzureWebJobsDisableHomepage").GetString());
    }

    [Fact]
    public void No_app_setting_holds_a_secret_in_plain_text()
    {
        var settings = AppSettings();
        var secretNamed = settings.Where(setting => SecretName().IsMatch(setting.Key) && !NotSecretDespiteTheName.Contains(setting.Key)).ToList();

        Assert.Contains(secretNamed, setting => setting.Key == "Postgres__ConnectionString");
        Assert.All(secretNamed, setting => Assert.True(
            setting.Value.Length == 0 || KeyVaultReference().IsMatch(setting.Value),
            $"{setting.Key} must be empty or a Key Vault reference, not {setting.Value}"));
        Assert.All(settings, setting => Assert.DoesNotMatch(CredentialLiteral(), setting.Value));
        Assert.Equal(string.Empty, settings["Storage__ConnectionString"]);
        Assert.Equal("false", settings["Storage__CreateIfMissing"]);
    }

    [Fact]
    public void Storage_accounts_admit_only_identities_over_tls_1_2_and_nothing_anonymous()
    {
        var accounts = new[] { "data-storage", "runtime-storage" }
            .Select(module => Main.ModuleTemplate(module))
            .ToList();

        Assert.All(accounts, template =>
        {
            var properties = template.Single("Microsoft.Storage/storageAccounts").GetProperty("properties");
            Assert.Equal("TLS1_2", properties.GetProperty("minimumTlsVersion").GetString());
            Assert.False(properties.GetProperty("allowBlobPublicAccess").GetBoolean());
            Assert.False(properties.GetProperty("allowSharedKeyAccess").GetBoolean());
            Assert.True(properties.GetProperty("supportsHttpsTrafficOnly").GetBoolean());
            Assert.All(
                template.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"),
                container => Assert.Equal("None", container.GetProperty("properties").GetProperty("publicAccess").GetString()));
        });
    }

    [Fact]
    public void The_data_account_holds_the_apps_container_and_tables_by_their_default_names()
    {
        var defaults = new StorageOptions();
        var tableNames = Main.ParameterDefault("tableNames").EnumerateObject().ToDictionary(table => table.Name, table => table.Value.GetString()!, StringComparer.Ordinal);

        Assert.Equal(defaults.ContainerName, Main.ParameterDefault("containerName").GetString());
        Assert.Equal(defaults.Tables.All.OrderBy(t => t.Key, StringComparer.Ordinal), tableNames.OrderBy(t => t.Key, StringComparer.Ordinal));
        var dataStorage = Main.ModuleTemplate("data-storage");
        Assert.Single(dataStorage.OfType("Microsoft.Storage/storageAccounts/blobServices/containers"));
        Assert.Contains("copy", dataStorage.Single("Microsoft.Storage/storageAccounts/tableServices/tables").EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void Lifecycle_rules_delete_downloads_and_info_images_after_2_days_and_cool_data_after_30()
    {
        var rules = Main.ModuleTemplate("data-storage").Single("Microsoft.Storage/storageAccounts/managementPolicies")
            .GetProperty("properties").GetProperty("policy").GetProperty("rules").EnumerateArray()
            .Select(rule => rule.GetProperty("definition"))
            .ToList();
        var container = Main.ParameterDefault("containerName").GetString()!;

        var deleted = Assert.Single(rules, rule => rule.GetProperty("actions").GetProperty("baseBlob").TryGetProperty("delete", out _));
        Assert.Equal(
            [$"{container}/downloads/", $"{container}/info-images/"],
            deleted.GetProperty("filters").GetProperty("prefixMatch").EnumerateArray().Select(prefix => ResolveInDataStorage(prefix.GetString()!)));
        Assert.Equal(2, ResolveNumberInDataStorage(deleted.GetProperty("actions").GetProperty("baseBlob").GetProperty("delete").GetProperty("daysAfterModificationGreaterThan")));

        var cooled = Assert.Single(rules, rule => rule.GetProperty("actions").GetProperty("baseBlob").TryGetProperty("tierToCool", out _));
        Assert.Equal(
            [$"{container}/data/"],
            cooled.GetProperty("filters").GetProperty("prefixMatch").EnumerateArray().Select(prefix => ResolveInDataStorage(prefix.GetString()!)));
        Assert.Equal(30, ResolveNumberInDataStorage(cooled.GetProperty("actions").GetProperty("baseBlob").GetProperty("tierToCool").GetProperty("daysAfterModificationGreaterThan")));
    }

    [Fact]
    public void The_function_app_is_a_linux_flex_consumption_dotnet_10_isolated_app_with_its_own_identity_and_platform_cors_off()
    {
        var template = Main.ModuleTemplate("function-app");
        var plan = template.Single("Microsoft.Web/serverfarms");
        var site = template.Single("Microsoft.Web/sites");
        var properties = site.GetProperty("properties");
        var runtime = properties.GetProperty("functionAppConfig").GetProperty("runtime");

        Assert.Equal("FC1", plan.GetProperty("sku").GetProperty("name").GetString());
        Assert.Contains("linux", site.GetProperty("kind").GetString(), StringComparison.Ordinal);
        Assert.Equal("SystemAssigned", site.GetProperty("identity").GetProperty("type").GetString());
        Assert.Equal("dotnet-isolated", runtime.GetProperty("name").GetString());
        Assert.Equal("10.0", runtime.GetProperty("version").GetString());
        Assert.True(properties.GetProperty("httpsOnly").GetBoolean());
        Assert.Equal("1.2", properties.GetProperty("siteConfig").GetProperty("minTlsVersion").GetString());
        Assert.Empty(properties.GetProperty("siteConfig").GetProperty("cors").GetProperty("allowedOrigins").EnumerateArray());
        Assert.Equal(
            "SystemAssignedIdentity",
            properties.GetProperty("functionAppConfig").GetProperty("deployment").GetProperty("storage").GetProperty("authentication").GetProperty("type").GetString());
    }

    [Fact]
    public void The_apps_identity_gets_the_data_host_storage_and_key_vault_roles_it_needs()
    {
        var template = Main.ModuleTemplate("role-assignments");
        string[] RoleIds(string variable) => template.Variable(variable).EnumerateArray().Select(role => role.GetProperty("id").GetString()!).ToArray();

        Assert.Equal(3, template.OfType("Microsoft.Authorization/roleAssignments").Count());
        // Owner, as Microsoft documents for an identity-based blob trigger (IngestBlob); Contributor would be redundant.
        Assert.Contains(BlobDataOwner, RoleIds("dataStorageRoles"));
        Assert.DoesNotContain(BlobDataContributor, RoleIds("dataStorageRoles"));
        Assert.Contains(TableDataContributor, RoleIds("dataStorageRoles"));
        Assert.Contains(QueueDataContributor, RoleIds("dataStorageRoles"));
        Assert.Contains(BlobDataOwner, RoleIds("runtimeStorageRoles"));
        Assert.Contains(QueueDataContributor, RoleIds("runtimeStorageRoles"));
        Assert.Equal([KeyVaultSecretsUser], RoleIds("keyVaultRoles"));
        // The settings (and the Key Vault reference in them) are applied once the roles exist.
        Assert.Contains(
            Main.Module("function-app-settings").GetProperty("dependsOn").EnumerateArray(),
            dependency => dependency.GetString()!.Contains("'role-assignments'", StringComparison.Ordinal));
    }

    [Fact]
    public void The_ingestion_subscription_is_optional_and_sends_blob_created_under_data_and_info_images_to_the_blobs_webhook()
    {
        Assert.False(Main.ParameterDefault("deployIngestionSubscription").GetBoolean());
        Assert.Equal("IngestBlob", Main.ParameterDefault("ingestionFunctionName").GetString());
        var events = Main.ModuleTemplate("ingestion-events");
        Assert.Equal("Microsoft.Storage.StorageAccounts", events.Single("Microsoft.EventGrid/systemTopics").GetProperty("properties").GetProperty("topicType").GetString());
        Assert.Contains("deploySubscription", events.Module("ingestion-subscription").GetProperty("condition").GetString(), StringComparison.Ordinal);

        var subscriptionTemplate = events.ModuleTemplate("ingestion-subscription");
        var subscription = subscriptionTemplate.Single("Microsoft.EventGrid/systemTopics/eventSubscriptions").GetProperty("properties");
        Assert.Equal(["Microsoft.Storage.BlobCreated"], subscription.GetProperty("filter").GetProperty("includedEventTypes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["data/", "info-images/"], subscriptionTemplate.ParameterDefault("ingestedPrefixes").EnumerateArray().Select(p => p.GetString()));
        var endpoint = subscription.GetProperty("destination").GetProperty("properties").GetProperty("endpointUrl").GetString()!;
        Assert.Contains("/runtime/webhooks/blobs?functionName=Host.Functions.", endpoint, StringComparison.Ordinal);
        Assert.Contains("blobs_extension", subscriptionTemplate.Root.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_configuration_reference_documents_every_bound_and_every_deployed_setting()
    {
        var reference = File.ReadAllText(RepositoryFiles.PathOf("docs", "configuration.md"));

        Assert.All(
            BoundSettings.Names().Concat(BoundSettings.LocalHostNames()).Concat(AppSettings().Keys).Append(IngestionFunctions.StorageConnection).Distinct(),
            setting => Assert.Contains($"`{setting}`", reference, StringComparison.Ordinal));
    }

    [Fact]
    public void The_ingestion_blob_triggers_connection_is_the_data_account_through_the_managed_identity()
    {
        // Not an options class, so BoundSettings cannot see it: the trigger's Connection names these settings.
        var settings = AppSettings();
        var connection = IngestionFunctions.StorageConnection;

        Assert.Equal(settings["Storage__BlobServiceUri"], settings[$"{connection}__blobServiceUri"]);
        Assert.Equal(settings["Storage__BlobServiceUri"].Replace("blobEndpoint", "queueEndpoint", StringComparison.Ordinal), settings[$"{connection}__queueServiceUri"]);
        Assert.Equal("managedidentity", settings[$"{connection}__credential"]);
        Assert.Equal("IngestBlob", Main.ParameterDefault("ingestionFunctionName").GetString());
        Assert.NotNull(typeof(IngestionFunctions).GetMethod(nameof(IngestionFunctions.IngestBlobAsync))!
            .GetCustomAttributes(typeof(Microsoft.Azure.Functions.Worker.FunctionAttribute), false)
            .Cast<Microsoft.Azure.Functions.Worker.FunctionAttribute>()
            .SingleOrDefault(function => function.Name == "IngestBlob"));

        using var example = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("local.settings.example.json")));
        Assert.Equal("UseDevelopmentStorage=true", example.RootElement.GetProperty("Values").GetProperty(connection).GetString());
    }

    private Dictionary<string, string> AppSettings() =>
        Main.ModuleArgument("function-app-settings", "appSettings").EnumerateObject()
            .ToDictionary(setting => setting.Name, setting => setting.Value.GetString()!, StringComparer.Ordinal);

    // Resolves the two expression shapes data-storage.bicep uses: a parameter, and format('{0}...', parameter).
    private string ResolveInDataStorage(string value)
    {
        var format = FormatOfParameter().Match(value);
        if (format.Success)
        {
            return format.Groups["before"].Value + ResolveParameterInDataStorage(format.Groups["name"].Value).GetString() + format.Groups["after"].Value;
        }

        var parameter = ParameterReference().Match(value);
        return parameter.Success ? ResolveParameterInDataStorage(parameter.Groups["name"].Value).GetString()! : value;
    }

    private int ResolveNumberInDataStorage(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Number)
        {
            return value.GetInt32();
        }

        var parameter = ParameterReference().Match(value.GetString()!);
        Assert.True(parameter.Success, $"Unexpected expression {value}");
        return ResolveParameterInDataStorage(parameter.Groups["name"].Value).GetInt32();
    }

    private JsonElement ResolveParameterInDataStorage(string name)
    {
        var arguments = Main.Module("data-storage").GetProperty("properties").GetProperty("parameters");
        if (!arguments.TryGetProperty(name, out var argument))
        {
            return Main.ModuleTemplate("data-storage").ParameterDefault(name);
        }

        var value = argument.GetProperty("value");
        var mainParameter = value.ValueKind == JsonValueKind.String ? ParameterReference().Match(value.GetString()!) : Match.Empty;
        return mainParameter.Success ? Main.ParameterDefault(mainParameter.Groups["name"].Value) : value;
    }

    [GeneratedRegex("(?i)connection_?string|password|secret|key")]
    private static partial Regex SecretName();

    [GeneratedRegex(@"^\[format\('@Microsoft\.KeyVault\(SecretUri=\{0\}\)', .+\)\]$")]
    private static partial Regex KeyVaultReference();

    [GeneratedRegex("(?i)(AccountKey|Password|SharedAccessKey|SharedAccessSignature|sig)=")]
    private static partial Regex CredentialLiteral();

    [GeneratedRegex(@"^\[parameters\('(?<name>\w+)'\)\]$")]
    private static partial Regex ParameterReference();

    [GeneratedRegex(@"^\[format\('(?<before>[^{']*)\{0\}(?<after>[^']*)', parameters\('(?<name>\w+)'\)\)\]$")]
    private static partial Regex FormatOfParameter();
}
