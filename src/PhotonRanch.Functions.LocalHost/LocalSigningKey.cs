using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PhotonRanch.Functions.Auth;

namespace PhotonRanch.Functions.LocalHost;

/// <summary>
/// The RSA key and self-signed certificate that sign bearer tokens for local runs (what <c>dotnet user-jwts</c> does
/// for ASP.NET Core apps): generated once into a directory (<c>.local/run/auth</c> under <c>scripts/run.sh</c>,
/// git-ignored) and reused, so a token minted earlier stays valid when the API restarts. The API checks these tokens
/// exactly as it checks Auth0's in production; only the key, audience and issuer are local.
/// </summary>
internal sealed class LocalSigningKey(RSA key, string certificatePem) : IDisposable
{
    /// <summary>The audience of local tokens (<c>Auth__ClientId</c> of a local run).</summary>
    public const string ClientId = "photonranch-local";

    /// <summary>The issuer of local tokens (<c>Auth__Issuer</c> of a local run).</summary>
    public const string Issuer = "https://photonranch.local/";

    public const string Subject = "local|developer";

    private const string KeyFile = "signing-key.pem";
    private const string CertificateFile = "signing-certificate.pem";

    /// <summary>The PEM certificate the API checks signatures with (<c>Auth__CertificatePem</c>).</summary>
    public string CertificatePem { get; } = certificatePem;

    /// <summary>The key in <paramref name="directory"/>, generating it there first when it is not there yet.</summary>
    public static LocalSigningKey LoadOrCreate(string directory)
    {
        var keyPath = Path.Combine(directory, KeyFile);
        var certificatePath = Path.Combine(directory, CertificateFile);
        if (!File.Exists(keyPath) || !File.Exists(certificatePath))
        {
            Create(directory, keyPath, certificatePath);
        }

        var key = RSA.Create();
        key.ImportFromPem(File.ReadAllText(keyPath));
        return new LocalSigningKey(key, File.ReadAllText(certificatePath));
    }

    /// <summary>A signed token for <see cref="ClientId"/> carrying <paramref name="roles"/>, valid from now for <paramref name="lifetime"/>.</summary>
    public string Mint(IReadOnlyList<string> roles, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(roles);
        var now = DateTime.UtcNow;
        var claims = new Dictionary<string, object> { ["sub"] = Subject };
        if (roles.Count > 0)
        {
            // Where Auth0's Photon Ranch tokens carry the user's roles.
            claims[BearerAuthenticator.UserMetadataClaim] = new Dictionary<string, object> { ["roles"] = roles.ToArray() };
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Audience = ClientId,
            Issuer = Issuer,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key), SecurityAlgorithms.RsaSha256),
        });
    }

    public void Dispose() => key.Dispose();

    private static void Create(string directory, string keyPath, string certificatePath)
    {
        Directory.CreateDirectory(directory);
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=photonranch-local-signing", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(10));

        // Each file appears whole or not at all, so a run and a token command starting together never read half a key.
        WriteWhole(keyPath, key.ExportPkcs8PrivateKeyPem(), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        WriteWhole(certificatePath, certificate.ExportCertificatePem(), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    private static void WriteWhole(string path, string text, UnixFileMode mode)
    {
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        File.WriteAllText(temporary, text);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temporary, mode);
        }

        File.Move(temporary, path, overwrite: true);
    }
}
