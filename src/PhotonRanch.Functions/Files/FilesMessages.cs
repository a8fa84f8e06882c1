namespace PhotonRanch.Functions.Files;

/// <summary>
/// Every message the file functions answer with, once: the code fills these templates in
/// (<see cref="MessageTemplate.Fill"/>) and the API description quotes them. A <c>{name}</c> is filled in by the code.
/// </summary>
internal static class FilesMessages
{
    public const string DirectoryRefused = "s3_directory must be either 'data', 'info-images', or 'allsky'.";
    public const string MissingObjectName = "Missing required field: object_name";
    public const string ObjectNameTooLong = "object_name is too long: '{directory}/' and object_name together must be at most {max} characters.";
    public const string ObjectNameNotRelative = "object_name must be a relative name: no leading '/', no '..' anywhere, no '.' segments.";
    public const string ObjectNameControlCharacters = "object_name must not contain control characters.";

    public const string ObjectNameProblems =
        "`" + MissingObjectName + "`, `" + ObjectNameTooLong + "`, `" + ObjectNameNotRelative + "`, `" + ObjectNameControlCharacters + "`";

    public const string InvalidMetadata = "metadata must be JSON (an object, or a string holding JSON).";
    public const string InvalidInfoChannel = "info_channel must be 1, 2 or 3.";
    public const string InfoChannelRefused = "Value for info_channel must be either 1, 2, or 3. Received {channel} instead.";
    public const string InfoImageNotFrame = "An info image's object_name must be a frame filename such as 'tst-inst-20211231-00000001-EX10.jpg'.";
    public const string UnknownStretch = "stretch must be 'arcsinh' or 'linear', not '{stretch}'.";
    public const string FileMissing = "File not found: {name}";
    public const string NotConvertible = "{name} cannot be converted: {reason}";
    public const string ImageEnded = "The image ended after {rows} of {height} rows.";
    public const string ConvertedNameTooLong = "object_name is too long to convert: the generated file's name would exceed {max} characters.";
    public const string TooManyPixels = "{name} declares a {axes} image ({pixels} pixels); a conversion makes at most {max} pixels (Downloads__MaxImagePixels).";
    public const string TooManyBytes = "{name} declares a {axes} image of {bytes} bytes; a conversion writes at most {max} bytes (Downloads__MaxOutputBytes).";
    public const string ExpandsTooMuch = "{name} is {stored} bytes but declares {bytes} bytes of image; a conversion expands a file at most {max} times (Downloads__MaxExpansionRatio).";
    public const string InvalidTimestamp = "{field} must be a number of Unix seconds (a number or a numeric string) from 1970 to 9999.";
    public const string InvalidFitsSize = "fits_size must be either \"small\", \"large\", or \"best\".";
    public const string NoImages = "No images exist for the given query.";
    public const string ZipTooManyFiles = "The zip would hold {files} files; at most {max_files} files and {max_bytes} bytes fit in one. Ask for a shorter time range.";
    public const string ZipTooLarge = "The zip would hold {files} files of more than {bytes} bytes; at most {max_files} files and {max_bytes} bytes fit in one. Ask for a shorter time range.";

    public const string FormUsage =
        "POST url as multipart/form-data: every entry of fields as a form field, unchanged, then the file as the part named 'file' (last). 204 when stored; 403 when the policy expired or a field was changed.";

    public const string PutUsage = "PUT the file as the request body to url with headers. 201 when stored. Up to 5,000 MiB in one PUT.";
    public const string UploadTooLarge = "Uploads are limited to {max} bytes.";
    public const string NotMultipart = "The upload must be multipart/form-data: the fields from POST /upload, then the file as the part named 'file'.";
    public const string PartWithoutName = "Every part of the upload must be form-data with a name.";
    public const string TooManyFields = "The upload has more than {max} fields before the file.";
    public const string FieldTooLong = "The field '{name}' is longer than {max} bytes.";
    public const string NoFilePart = "The upload has no part named 'file'.";
    public const string PolicyFieldsMissing = "The form must carry the fields key, policy and signature (from POST /upload) before the file.";
    public const string SignatureMismatch = "The policy's signature does not match: the fields must be sent exactly as POST /upload gave them.";
    public const string PolicyMalformed = "The policy is malformed.";
    public const string PolicyExpired = "The upload policy has expired; ask POST /upload for a new one.";
    public const string KeyMismatch = "The key field is not the key the policy was signed for.";
    public const string FileTooLarge = "The file is larger than the {max} bytes its upload policy allows.";
}
