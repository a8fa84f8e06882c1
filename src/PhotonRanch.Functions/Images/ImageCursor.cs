using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace PhotonRanch.Functions.Images;

/// <summary>
/// Where a page of <c>filtered_images</c> ended: the sort date and id of its last row read. The next page holds the
/// rows after it in newest-first order (keyset pagination), so rows inserted meanwhile — newer, or older with a
/// smaller place — neither shift nor repeat what follows. Sent as an opaque base64url token.
/// </summary>
/// <param name="SortDate">UTC wall clock; null for a row without one (those sort first).</param>
internal sealed record ImageCursor(DateTime? SortDate, int ImageId)
{
    /// <summary><c>{ticks or -}.{image_id}</c>, base64url.</summary>
    public string Encode() =>
        Base64Url.EncodeToString(Encoding.ASCII.GetBytes(
            (SortDate is { } date ? date.Ticks.ToString(CultureInfo.InvariantCulture) : "-") + "." + ImageId.ToString(CultureInfo.InvariantCulture)));

    /// <returns>False for anything <see cref="Encode"/> did not make.</returns>
    public static bool TryDecode(string token, out ImageCursor cursor)
    {
        ArgumentNullException.ThrowIfNull(token);
        cursor = new ImageCursor(null, 0);
        if (token.Length is 0 or > 64 || !Base64Url.IsValid(token))
        {
            return false;
        }

        var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(token)).Split('.');
        if (parts.Length != 2 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return false;
        }

        if (parts[0] == "-")
        {
            cursor = new ImageCursor(null, id);
            return true;
        }

        if (!long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var ticks) || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        cursor = new ImageCursor(new DateTime(ticks, DateTimeKind.Unspecified), id);
        return true;
    }
}
