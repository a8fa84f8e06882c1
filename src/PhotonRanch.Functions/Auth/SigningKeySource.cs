using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace PhotonRanch.Functions.Auth;

/// <summary>
/// The keys tokens may be signed with: the configured certificate's key, or the keys of the configured JWKS
/// document, fetched on first use and cached by <see cref="ConfigurationManager{T}"/> (refreshed every 12 hours,
/// and at most every 5 minutes on request when a token names a key the cached set lacks).
/// </summary>
internal sealed class SigningKeySource(IOptions<AuthOptions> options)
{
    private static readonly HttpClient KeysClient = new() { Timeout = TimeSpan.FromSeconds(10) };

    private readonly IReadOnlyCollection<SecurityKey> _certificateKeys = string.IsNullOrWhiteSpace(options.Value.CertificatePem)
        ? []
        : [new X509SecurityKey(SigningCertificate.Parse(options.Value.CertificatePem))];

    private readonly ConfigurationManager<OpenIdConnectConfiguration>? _jwks =
        string.IsNullOrWhiteSpace(options.Value.CertificatePem) && options.Value.JwksUri is { } uri
            ? new(uri.AbsoluteUri, new JwksRetriever(), new HttpDocumentRetriever(KeysClient) { RequireHttps = !uri.IsLoopback })
            : null;

    /// <exception cref="InvalidOperationException">The JWKS document could not be fetched or read.</exception>
    public async Task<IReadOnlyCollection<SecurityKey>> GetKeysAsync(CancellationToken cancellationToken)
    {
        if (_jwks is null)
        {
            return _certificateKeys;
        }

        var configuration = await _jwks.GetConfigurationAsync(cancellationToken);
        return configuration.SigningKeys.ToList();
    }

    /// <summary>Asks for the JWKS document to be fetched again; false when the keys come from a certificate.</summary>
    public bool RequestRefresh()
    {
        _jwks?.RequestRefresh();
        return _jwks is not null;
    }

    /// <summary>Reads either a JWKS document (<c>{"keys": [...]}</c>) or OpenID Connect metadata that names one in <c>jwks_uri</c>.</summary>
    private sealed class JwksRetriever : IConfigurationRetriever<OpenIdConnectConfiguration>
    {
        public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
        {
            var document = await retriever.GetDocumentAsync(address, cancel);
            using var parsed = JsonDocument.Parse(document);
            OpenIdConnectConfiguration configuration;
            if (parsed.RootElement.TryGetProperty("jwks_uri", out _))
            {
                configuration = OpenIdConnectConfiguration.Create(document);
                document = await retriever.GetDocumentAsync(configuration.JwksUri, cancel);
            }
            else
            {
                configuration = new OpenIdConnectConfiguration();
            }

            configuration.JsonWebKeySet = JsonWebKeySet.Create(document);
            foreach (var key in configuration.JsonWebKeySet.GetSigningKeys())
            {
                configuration.SigningKeys.Add(key);
            }

            return configuration;
        }
    }
}
