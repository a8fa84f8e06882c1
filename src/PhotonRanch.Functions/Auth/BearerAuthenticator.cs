using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using PhotonRanch.Functions.Http;

namespace PhotonRanch.Functions.Auth;

/// <summary>
/// Checks the <c>Authorization: Bearer &lt;JWT&gt;</c> header of a request as the original's API Gateway authorizer
/// did: RS256 only, signed by a configured key, audience = the client id, issuer when configured, within its
/// lifetime. Protected functions call <see cref="AuthenticateAsync"/> before they read or write anything; a refusal
/// is an <see cref="ApiException"/> (401, or 503 when auth is not configured), so nothing is written.
/// </summary>
internal sealed partial class BearerAuthenticator(IOptions<AuthOptions> options, SigningKeySource keys, ILogger<BearerAuthenticator> logger)
{
    /// <summary>Holds the caller's Photon Ranch metadata, including <c>roles</c>.</summary>
    public const string UserMetadataClaim = "https://photonranch.org/user_metadata";

    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly AuthOptions _options = options.Value;

    /// <exception cref="ApiException">
    /// 401 when the token is missing or invalid (with a <c>WWW-Authenticate</c> header); 503 when auth is not
    /// configured or the signing keys cannot be fetched.
    /// </exception>
    public async Task<AuthenticatedCaller> AuthenticateAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!_options.IsConfigured)
        {
            LogNotConfigured(request.Method, request.Path);
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, AuthMessages.NotConfigured);
        }

        var token = BearerToken(request);
        var result = await ValidateAsync(token, cancellationToken);
        if (!result.IsValid && result.Exception is SecurityTokenSignatureKeyNotFoundException && keys.RequestRefresh())
        {
            // The JWKS may have been rotated since it was cached: fetch it again (rate-limited) and retry once.
            result = await ValidateAsync(token, cancellationToken);
        }

        if (!result.IsValid)
        {
            LogRejected(request.Method, request.Path, result.Exception?.GetType().Name ?? "unknown");
            throw Unauthorized(request, Reason(result.Exception), invalidToken: true);
        }

        var caller = new AuthenticatedCaller(result.ClaimsIdentity.FindFirst("sub")?.Value, Roles(result.ClaimsIdentity));
        LogAuthenticated(request.Method, request.Path, caller.Subject);
        return caller;
    }

    private async Task<TokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        IReadOnlyCollection<SecurityKey> signingKeys;
        try
        {
            signingKeys = await keys.GetKeysAsync(cancellationToken);
        }
        catch (InvalidOperationException exception)
        {
            LogKeysUnavailable(exception);
            throw new ApiException(StatusCodes.Status503ServiceUnavailable, AuthMessages.KeysUnavailable);
        }

        return await _handler.ValidateTokenAsync(token, new TokenValidationParameters
        {
            IssuerSigningKeys = signingKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            ValidAudience = _options.ClientId,
            ValidateAudience = true,
            ValidIssuer = _options.Issuer,
            ValidateIssuer = !string.IsNullOrWhiteSpace(_options.Issuer),
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = _options.ClockSkew,
        });
    }

    private static string BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw Unauthorized(request, AuthMessages.MissingHeader, invalidToken: false);
        }

        var parts = header.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !parts[0].Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            throw Unauthorized(request, AuthMessages.NotBearer, invalidToken: false);
        }

        return parts[1];
    }

    private static IReadOnlyList<string> Roles(ClaimsIdentity identity)
    {
        if (identity.FindFirst(UserMetadataClaim)?.Value is not { } metadata)
        {
            return [];
        }

        try
        {
            using var document = JsonDocument.Parse(metadata);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("roles", out var roles)
                && roles.ValueKind == JsonValueKind.Array
                ? roles.EnumerateArray().Where(role => role.ValueKind == JsonValueKind.String).Select(role => role.GetString()!).ToList()
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string Reason(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => AuthMessages.Expired,
        SecurityTokenNotYetValidException => AuthMessages.NotYetValid,
        SecurityTokenNoExpirationException => AuthMessages.NoExpiry,
        SecurityTokenInvalidAudienceException => AuthMessages.WrongAudience,
        SecurityTokenInvalidIssuerException => AuthMessages.WrongIssuer,
        SecurityTokenInvalidAlgorithmException => AuthMessages.NotRs256,
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => AuthMessages.BadSignature,
        SecurityTokenMalformedException => AuthMessages.Malformed,
        _ => AuthMessages.Invalid,
    };

    private static ApiException Unauthorized(HttpRequest request, string message, bool invalidToken)
    {
        request.HttpContext.Response.Headers.WWWAuthenticate = invalidToken ? "Bearer error=\"invalid_token\"" : "Bearer";
        return new ApiException(StatusCodes.Status401Unauthorized, message);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} refused: authentication is not configured")]
    private partial void LogNotConfigured(string method, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} refused: bearer token rejected ({Reason})")]
    private partial void LogRejected(string method, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} authenticated as {Subject}")]
    private partial void LogAuthenticated(string method, string path, string? subject);

    [LoggerMessage(Level = LogLevel.Error, Message = "The token signing keys could not be fetched")]
    private partial void LogKeysUnavailable(Exception exception);
}
