using System.Globalization;

namespace PhotonRanch.Functions.Images;

/// <summary>What <c>GET /{site}/latest_images/{number_of_images}?userid=U</c> asks for.</summary>
/// <param name="NumberOfImages">Newest first, 1..<see cref="MaxNumberOfImages"/>.</param>
/// <param name="UserId">Only this user's images; null for everyone's (an empty <c>userid</c> is no filter, as in the original).</param>
internal sealed record LatestImagesQuery(string Site, int NumberOfImages, string? UserId)
{
    public const int MaxNumberOfImages = 1000;

    /// <returns>False with the reason in <paramref name="error"/> when a value is not usable.</returns>
    public static bool TryParse(string site, string numberOfImages, string? userId, out LatestImagesQuery query, out string error)
    {
        ArgumentNullException.ThrowIfNull(site);
        ArgumentNullException.ThrowIfNull(numberOfImages);
        query = new LatestImagesQuery(site, 0, string.IsNullOrEmpty(userId) ? null : userId);
        error = string.Empty;

        if (!int.TryParse(numberOfImages, NumberStyles.None, CultureInfo.InvariantCulture, out var count) || count is < 1 or > MaxNumberOfImages)
        {
            error = MessageTemplate.Fill(ImagesMessages.NumberOfImages, ("number_of_images", numberOfImages));
            return false;
        }

        if (site.Contains('\0', StringComparison.Ordinal) || (userId?.Contains('\0', StringComparison.Ordinal) ?? false))
        {
            error = ImagesMessages.SiteOrUserIdNul;
            return false;
        }

        query = query with { NumberOfImages = count };
        return true;
    }
}
