namespace PhotonRanch.Functions.Files;

/// <summary>
/// How the upload receiver (<c>POST /upload/receive</c>, the S3 presigned-POST replacement) signs and limits uploads.
/// Bound from the <c>Uploads</c> section (<c>Uploads__SigningKey</c> etc. as app settings).
/// </summary>
internal sealed class UploadOptions
{
    public const string SectionName = "Uploads";

    /// <summary>The shortest signing key accepted: 32 characters, as many bytes as the HMAC-SHA256 output.</summary>
    public const int MinSigningKeyLength = 32;

    /// <summary>
    /// The secret that signs upload policies (HMAC-SHA256), at least <see cref="MinSigningKeyLength"/> characters.
    /// Every instance must share it: a policy signed by one is checked by whichever receives the file. When empty,
    /// each process makes a random key at start-up, which is right only for a single local process.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>The largest file a signed policy allows (500 MiB by default; site computers send up to ~100 MB).</summary>
    public long MaxFileBytes { get; set; } = 500L * 1024 * 1024;
}
