using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace PhotonRanch.Functions.Auth;

/// <summary>
/// Checks <see cref="AuthOptions"/> at start-up. An empty section is valid (auth is off, protected endpoints answer
/// 503); a section with some settings must be complete, so a typo cannot silently switch auth off.
/// </summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    /// <summary>The largest clock skew accepted; more would let expired tokens through for too long.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);

    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.IsConfigured)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add("Auth:ClientId must be set (the token audience) when Auth:CertificatePem or Auth:JwksUri is set.");
        }

        var hasCertificate = !string.IsNullOrWhiteSpace(options.CertificatePem);
        if (hasCertificate == (options.JwksUri is not null))
        {
            failures.Add("Exactly one of Auth:CertificatePem and Auth:JwksUri must be set.");
        }

        if (hasCertificate)
        {
            try
            {
                using var certificate = SigningCertificate.Parse(options.CertificatePem!);
            }
            catch (Exception exception) when (exception is FormatException or CryptographicException)
            {
                failures.Add($"Auth:CertificatePem is not a PEM X.509 certificate with an RSA key: {exception.Message}");
            }
        }

        if (options.JwksUri is { } uri && !(uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback))))
        {
            failures.Add($"Auth:JwksUri '{uri}' must be an absolute https URL (http only on a loopback address).");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > MaxClockSkew)
        {
            failures.Add($"Auth:ClockSkew must be between 00:00:00 and {MaxClockSkew}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
