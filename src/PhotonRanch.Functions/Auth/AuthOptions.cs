namespace PhotonRanch.Functions.Auth;

/// <summary>
/// How bearer tokens (Auth0 JWTs, RS256) are checked on the protected endpoints. Bound from the <c>Auth</c> section
/// (<c>Auth__ClientId</c> etc. as app settings). With neither <see cref="ClientId"/> nor a key source set, auth is
/// off and protected endpoints answer 503; a half-set section stops the app at start-up.
/// </summary>
internal sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>The audience every token must carry: the Auth0 application's client id (the original's <c>AUTH0_CLIENT_ID</c>).</summary>
    public string? ClientId { get; set; }

    /// <summary>When set, the issuer every token must carry, e.g. <c>https://photonranch.auth0.com/</c>; when empty, any issuer.</summary>
    public string? Issuer { get; set; }

    /// <summary>
    /// The PEM X.509 certificate whose key signs the tokens (the original's <c>public_key</c> file). Line breaks may
    /// be spaces, as in a one-line app setting. Set this or <see cref="JwksUri"/>.
    /// </summary>
    public string? CertificatePem { get; set; }

    /// <summary>
    /// Where to fetch the signing keys instead: a JWKS document (Auth0: <c>https://&lt;tenant&gt;/.well-known/jwks.json</c>)
    /// or an OpenID Connect metadata document that names one. Fetched once and cached (refreshed every 12 hours and
    /// when a token names an unknown key). HTTPS is required except on loopback addresses.
    /// </summary>
    public Uri? JwksUri { get; set; }

    /// <summary>
    /// Require a valid token for <c>PUT</c> and <c>DELETE /{site}/config</c>, which the original left open to anyone.
    /// Off by default: site computers write their configuration without a token, and turning this on stops them.
    /// </summary>
    public bool ProtectConfigWrites { get; set; }

    /// <summary>How far a token's lifetime may be off from this server's clock.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>True when any auth setting is given; then all of them must be valid.</summary>
    public bool IsConfigured =>
        !string.IsNullOrWhiteSpace(ClientId) || !string.IsNullOrWhiteSpace(CertificatePem) || JwksUri is not null;
}
