using System.Globalization;
using System.Web;

namespace PhotonRanch.Functions.Tests.Files;

/// <summary>The signed fields of a SAS URL that say what it allows and for how long.</summary>
internal sealed record SasParameters(DateTimeOffset StartsOn, DateTimeOffset ExpiresOn, string Permissions, string Resource)
{
    // "se"/"st" are written to the second, and the issuer back-dates "st" by 5 minutes for callers' clock skew.
    private static readonly TimeSpan Resolution = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan BackDating = TimeSpan.FromMinutes(5);

    public static SasParameters Of(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var query = HttpUtility.ParseQueryString(url.Query);
        return new SasParameters(
            Time(query["st"], "st"),
            Time(query["se"], "se"),
            query["sp"] ?? throw new InvalidDataException($"No sp in {url}"),
            query["sr"] ?? throw new InvalidDataException($"No sr in {url}"));
    }

    /// <summary>
    /// Asserts a SAS for one blob with exactly <paramref name="permissions"/>, issued between <paramref name="before"/>
    /// and <paramref name="after"/>, that works for <paramref name="lifetime"/> from then.
    /// </summary>
    public static void AssertBlobSas(Uri url, string permissions, TimeSpan lifetime, DateTimeOffset before, DateTimeOffset after)
    {
        var sas = Of(url);
        Assert.Equal("b", sas.Resource);
        Assert.Equal(permissions, sas.Permissions);
        Assert.InRange(sas.ExpiresOn, before + lifetime - Resolution, after + lifetime + Resolution);
        Assert.InRange(sas.StartsOn, before - BackDating - Resolution, after - BackDating + Resolution);
    }

    private static DateTimeOffset Time(string? value, string field) =>
        DateTimeOffset.Parse(value ?? throw new InvalidDataException($"No {field} in the SAS."), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
}
