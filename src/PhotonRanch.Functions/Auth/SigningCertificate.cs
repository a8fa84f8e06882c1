using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace PhotonRanch.Functions.Auth;

/// <summary>
/// Reads the certificate whose RSA key signs the tokens, in the forms the original's <c>public_key</c> file took:
/// ordinary PEM, or PEM whose line breaks became spaces (one line, as environment variables and app settings hold it).
/// </summary>
internal static class SigningCertificate
{
    private const string Begin = "-----BEGIN CERTIFICATE-----";
    private const string End = "-----END CERTIFICATE-----";

    /// <exception cref="FormatException">The text is not one PEM certificate.</exception>
    /// <exception cref="CryptographicException">The certificate cannot be read, or its key is not RSA.</exception>
    public static X509Certificate2 Parse(string pem)
    {
        ArgumentNullException.ThrowIfNull(pem);
        var start = pem.IndexOf(Begin, StringComparison.Ordinal);
        var end = pem.IndexOf(End, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new FormatException($"Expected the certificate between '{Begin}' and '{End}'.");
        }

        // The base64 body may be wrapped by newlines or, in the one-line form, by spaces: drop all whitespace.
        var body = string.Concat(pem.AsSpan(start + Begin.Length, end - start - Begin.Length).ToString().Where(c => !char.IsWhiteSpace(c)));
        var certificate = X509CertificateLoader.LoadCertificate(Convert.FromBase64String(body));
        using var key = certificate.GetRSAPublicKey();
        if (key is null)
        {
            certificate.Dispose();
            throw new CryptographicException("The certificate's key is not an RSA key; tokens are signed with RS256.");
        }

        return certificate;
    }
}
