namespace PhotonRanch.Functions.Files;

/// <summary>
/// The original S3 bucket's prefixes ("s3_directory") and the object names callers may use under them. Blob names
/// are built from both, so a name must not climb out of its prefix or carry characters a URL would mangle.
/// </summary>
public static class StorageObjectName
{
    /// <summary>The prefixes callers may upload to and download from.</summary>
    public static readonly IReadOnlySet<string> Directories = new HashSet<string>(StringComparer.Ordinal) { "data", "info-images", "allsky", "test" };

    /// <summary>The original's message (and 403) for any other prefix.</summary>
    public const string DirectoryMessage = "s3_directory must be either 'data', 'info-images', or 'allsky'.";

    /// <summary>The longest object name accepted.</summary>
    public const int MaxLength = 1024;

    /// <summary>Why <paramref name="objectName"/> cannot be used, or null when it can.</summary>
    public static string? Problem(string? objectName)
    {
        if (string.IsNullOrEmpty(objectName))
        {
            return "Missing required field: object_name";
        }

        if (objectName.Length > MaxLength)
        {
            return $"object_name is longer than {MaxLength} characters.";
        }

        if (objectName.StartsWith('/') || objectName.Split('/').Any(segment => segment is ".." or "."))
        {
            return "object_name must be a relative name without '.' or '..' segments.";
        }

        return objectName.Any(char.IsControl) ? "object_name must not contain control characters." : null;
    }

    /// <summary>The blob name of <paramref name="objectName"/> under <paramref name="directory"/>, as the original's S3 key.</summary>
    public static string BlobName(string directory, string objectName) => $"{directory}/{objectName}";
}
