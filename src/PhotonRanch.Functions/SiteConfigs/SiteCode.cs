using System.Text.RegularExpressions;

namespace PhotonRanch.Functions.SiteConfigs;

/// <summary>
/// Checks the site codes callers pass in paths and query strings (<c>saf</c>, <c>mrc</c>, <c>tst</c>, …) before they
/// become Table Storage keys. Keys may not hold <c>/ \ # ?</c> or control characters, and an odd key is more
/// likely a caller's mistake than a site, so only letters, digits, <c>.</c>, <c>_</c> and <c>-</c> are accepted.
/// </summary>
internal static partial class SiteCode
{
    public const int MaxLength = 64;

    /// <summary><paramref name="value"/> when it is a site code; refused as invalid, naming the parameter, when not.</summary>
    public static string Validate(string? value, string parameterName = "site")
    {
        if (value is null || !Pattern().IsMatch(value))
        {
            throw new RefusedException(Refusal.Invalid, MessageTemplate.Fill(SiteConfigMessages.InvalidSiteCode, ("parameter", parameterName)));
        }

        return value;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex Pattern();
}
