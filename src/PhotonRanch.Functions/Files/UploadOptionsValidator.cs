using Microsoft.Extensions.Options;

namespace PhotonRanch.Functions.Files;

internal sealed class UploadOptionsValidator : IValidateOptions<UploadOptions>
{
    public ValidateOptionsResult Validate(string? name, UploadOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!string.IsNullOrEmpty(options.SigningKey) && options.SigningKey.Length < UploadOptions.MinSigningKeyLength)
        {
            failures.Add($"Uploads:SigningKey must be at least {UploadOptions.MinSigningKeyLength} characters (or empty for a random key per process).");
        }

        if (options.MaxFileBytes <= 0)
        {
            failures.Add("Uploads:MaxFileBytes must be a positive number of bytes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
