using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace PhotonRanch.Functions.Storage;

/// <summary>Checks <see cref="StorageOptions"/> at start-up, so a misconfigured app fails fast with a clear message.</summary>
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (!options.UsesConnectionString && (options.BlobServiceUri is null || options.TableServiceUri is null))
        {
            failures.Add("Storage:ConnectionString, or both Storage:BlobServiceUri and Storage:TableServiceUri (managed identity), must be set.");
        }

        if (!ContainerNamePattern().IsMatch(options.ContainerName ?? string.Empty))
        {
            failures.Add($"Storage:ContainerName '{options.ContainerName}' is not a valid container name (3-63 lowercase letters, digits and single dashes).");
        }

        foreach (var (setting, table) in options.Tables.All)
        {
            if (!TableNamePattern().IsMatch(table ?? string.Empty))
            {
                failures.Add($"Storage:Tables:{setting} '{table}' is not a valid table name (3-63 letters and digits, starting with a letter).");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // https://learn.microsoft.com/rest/api/storageservices/naming-and-referencing-containers--blobs--and-metadata
    [GeneratedRegex("^(?=.{3,63}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex ContainerNamePattern();

    // https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model#table-names
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,62}$")]
    private static partial Regex TableNamePattern();
}
