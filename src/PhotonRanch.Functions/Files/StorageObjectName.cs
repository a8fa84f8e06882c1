using static PhotonRanch.Functions.Files.FilesMessages;

namespace PhotonRanch.Functions.Files;

/// <summary>
/// The original S3 bucket's prefixes ("s3_directory") and the object names callers may use under them. Blob names
/// are built from both, so a name must not climb out of its prefix, carry characters a URL would mangle, or make a
/// blob name longer than Blob Storage accepts.
/// </summary>
internal static class StorageObjectName
{
    public static readonly IReadOnlySet<string> Directories = new HashSet<string>(StringComparer.Ordinal) { "data", "info-images", "allsky", "test" };

    /// <summary>The longest blob name Blob Storage accepts; a longer one is refused by the service with a 400.</summary>
    public const int MaxBlobNameLength = 1024;

    /// <summary>
    /// Why <paramref name="objectName"/> cannot be used under <paramref name="directory"/>, or null when it can.
    /// The length limit applies to the whole blob name, <c>{directory}/{objectName}</c>.
    /// </summary>
    public static string? Problem(string directory, string? objectName)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (string.IsNullOrEmpty(objectName))
        {
            return MissingObjectName;
        }

        if (!IsWithinLengthLimit(BlobName(directory, objectName)))
        {
            return MessageTemplate.Fill(ObjectNameTooLong, ("directory", directory), ("max", $"{MaxBlobNameLength}"));
        }

        // The rule is "no '..'" anywhere, not only as a whole path segment; '.' segments would be folded
        // away by URL normalization, so the blob reached would not be the one named.
        if (objectName.StartsWith('/') || objectName.Contains("..", StringComparison.Ordinal) || objectName.Split('/').Any(segment => segment == "."))
        {
            return ObjectNameNotRelative;
        }

        return objectName.Any(char.IsControl) ? ObjectNameControlCharacters : null;
    }

    /// <summary>The original's S3 key.</summary>
    public static string BlobName(string directory, string objectName) => $"{directory}/{objectName}";

    public static bool IsWithinLengthLimit(string blobName)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        return blobName.Length <= MaxBlobNameLength;
    }
}
