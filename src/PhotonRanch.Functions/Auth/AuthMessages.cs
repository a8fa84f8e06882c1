namespace PhotonRanch.Functions.Auth;

/// <summary>
/// Every message of the bearer-token check, once: the code answers with these and the API description quotes them.
/// They say what to fix without echoing the token or the library's diagnostics.
/// </summary>
internal static class AuthMessages
{
    public const string Authorized = "successful authorization";
    public const string NotConfigured = "Authentication is not configured on this server (Auth:ClientId with Auth:CertificatePem or Auth:JwksUri).";
    public const string KeysUnavailable = "The token signing keys cannot be fetched; try again later.";
    public const string MissingHeader = "Missing Authorization header; send 'Authorization: Bearer <token>'.";
    public const string NotBearer = "The Authorization header must be 'Bearer <token>'.";
    public const string Expired = "The token has expired.";
    public const string NotYetValid = "The token is not valid yet.";
    public const string NoExpiry = "The token has no expiry time.";
    public const string WrongAudience = "The token was not issued for this API (audience).";
    public const string WrongIssuer = "The token was not issued by the accepted issuer.";
    public const string NotRs256 = "The token is not signed with RS256.";
    public const string BadSignature = "The token's signature is not valid.";
    public const string Malformed = "The token is not a well-formed JWT.";
    public const string Invalid = "The token is not valid.";
}
