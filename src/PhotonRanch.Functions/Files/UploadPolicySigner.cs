using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using static PhotonRanch.Functions.Files.FilesMessages;

namespace PhotonRanch.Functions.Files;

/// <summary>
/// Signs and checks upload policies, as S3's presigned POST does: the policy (base64 JSON naming the blob, the
/// expiry and the largest size) travels as a form field beside its HMAC-SHA256 signature, so the receiver trusts
/// exactly what this server signed and nothing the caller changed.
/// </summary>
internal sealed class UploadPolicySigner(IOptions<UploadOptions> options, TimeProvider clock)
{
    // With no configured key, a random one: right only for a single local process.
    private readonly byte[] _key = string.IsNullOrEmpty(options.Value.SigningKey)
        ? RandomNumberGenerator.GetBytes(32)
        : Encoding.UTF8.GetBytes(options.Value.SigningKey);

    /// <summary>The form fields that let a caller upload one file to <paramref name="blobName"/> within <paramref name="lifetime"/>.</summary>
    public UploadFormFields Sign(string blobName, TimeSpan lifetime, long maxBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(blobName);
        var expiration = clock.GetUtcNow() + lifetime;
        var policy = Convert.ToBase64String(PolicyJson(blobName, expiration, maxBytes));
        return new UploadFormFields(blobName, policy, Signature(policy));
    }

    /// <summary>
    /// The policy the fields carry when its signature is this server's, it has not expired and its key is the
    /// <c>key</c> field; otherwise null and why, for a 403.
    /// </summary>
    public UploadPolicy? Verify(IReadOnlyDictionary<string, string> fields, out string problem)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var parsed = default(UploadPolicy);
        problem = !fields.TryGetValue("policy", out var policy) || !fields.TryGetValue("signature", out var signature) || !fields.TryGetValue("key", out var key)
            ? PolicyFieldsMissing
            : !IsSignature(policy, signature) ? SignatureMismatch
            : (parsed = Parse(policy)) is null ? PolicyMalformed
            : parsed.Expiration <= clock.GetUtcNow() ? PolicyExpired
            : !string.Equals(parsed.Key, key, StringComparison.Ordinal) ? KeyMismatch
            : string.Empty;
        return problem.Length == 0 ? parsed : null;
    }

    private string Signature(string policy) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(policy)));

    private bool IsSignature(string policy, string signature)
    {
        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (signature.Length != given.Length * 2 || Convert.FromHexString(signature, given, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(given, HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(policy)));
    }

    // The shape of S3's POST policy: an expiration and conditions on the key and the content length.
    private static byte[] PolicyJson(string blobName, DateTimeOffset expiration, long maxBytes)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("expiration", expiration.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
            writer.WriteStartArray("conditions");
            writer.WriteStartObject();
            writer.WriteString("key", blobName);
            writer.WriteEndObject();
            writer.WriteStartArray();
            writer.WriteStringValue("content-length-range");
            writer.WriteNumberValue(0);
            writer.WriteNumberValue(maxBytes);
            writer.WriteEndArray();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static UploadPolicy? Parse(string policy)
    {
        var bytes = new byte[Base64.GetMaxDecodedFromUtf8Length(policy.Length)];
        if (!Convert.TryFromBase64String(policy, bytes, out var length))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(bytes.AsMemory(0, length));
            var root = document.RootElement;
            var expiration = DateTimeOffset.Parse(root.GetProperty("expiration").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            string? key = null;
            long? maxBytes = null;
            foreach (var condition in root.GetProperty("conditions").EnumerateArray())
            {
                if (condition.ValueKind == JsonValueKind.Object && condition.TryGetProperty("key", out var keyCondition))
                {
                    key = keyCondition.GetString();
                }
                else if (condition.ValueKind == JsonValueKind.Array && condition[0].GetString() == "content-length-range")
                {
                    maxBytes = condition[2].GetInt64();
                }
            }

            return key is not null && maxBytes is { } max ? new UploadPolicy(key, expiration, max) : null;
        }
        catch (Exception exception) when (exception is JsonException or FormatException or InvalidOperationException or KeyNotFoundException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}

/// <summary>What a signed policy allows: one file at <paramref name="Key"/> (<c>{s3_directory}/{object_name}</c>), until <paramref name="Expiration"/>, of at most <paramref name="MaxBytes"/>.</summary>
internal sealed record UploadPolicy(string Key, DateTimeOffset Expiration, long MaxBytes);

/// <summary>The form fields of an upload, as S3's presigned POST <c>fields</c>: sent as they are, before the file.</summary>
/// <param name="Policy">Base64 JSON: expiration, key and the largest size.</param>
/// <param name="Signature">Hex HMAC-SHA256 of <paramref name="Policy"/> with the server's key.</param>
internal sealed record UploadFormFields(string Key, string Policy, string Signature);
