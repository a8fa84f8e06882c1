using System.Text.RegularExpressions;

namespace PhotonRanch.Functions.SiteConfigs;

/// <summary>
/// Checks the site codes callers pass in paths and query strings (<c>saf</c>, <c>mrc</c>, <c>tst</c>, …) before they
/// become Table Storage keys. Keys may not hold <c>/ \ # ?</c> or control characters, and an odd key is more
/// likely a caller's mistake than a site, so only letters, digits, <c>.</c>, <c>_</c> and <c>-</c> are accepted.
/// </summary>
internal static partial class SiteCode
{
    /// <summary>The longest site code accepted.</summary>
    public const int MaxLength = 64;

    /// <summary>Returns <paramref name="value"/> when it is a valid site code.</summary>
    /// <param name="value">The caller's value.</param>
    /// <param name="parameterName">The path or query parameter it came from, named in the error.</param>
    /// <exception cref="RefusedException">Invalid, naming the parameter, when the value is not a site code.</exception>
    public static string Validate(string? value, string parameterName = "site")
    {
        if (value is null || !Pattern().IsMatch(value))
        {
            throw new RefusedException(Refusal.Invalid,
                $"'{parameterName}' must be 1-{MaxLength} letters, digits, '.', '_' or '-', starting with a letter or digit.");
        }

        return value;
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}\z")]
    private static partial Regex Pattern();
}
