using System.Text.RegularExpressions;

namespace PhotonRanch.Functions.Files;

/// <summary>
/// An observatory frame's filename: <c>{site}-{instrument}-{YYYYMMDD}-{8-digit counter}-{data type}{2-digit
/// reduction level}.{ext}[.{ext2}]</c>, e.g. <c>sro-kb001ms-20220629-00010442-EX10.fits.fz</c> (the contract's
/// "Filenames"). Reduction levels: <c>00</c>/<c>01</c> large FITS, <c>10</c>/<c>13</c> small FITS and medium JPG,
/// <c>11</c> thumbnail JPG.
/// </summary>
internal sealed partial record FrameFilename(
    string Site,
    string Instrument,
    string Date,
    string Counter,
    string DataType,
    string ReductionLevel,
    string Extension)
{
    /// <summary>The first four dash-separated parts: the key of the image in the database.</summary>
    public string BaseFilename => $"{Site}-{Instrument}-{Date}-{Counter}";

    /// <summary>Reads a filename without any folder; null when it is not a frame filename.</summary>
    public static FrameFilename? Parse(string filename)
    {
        ArgumentNullException.ThrowIfNull(filename);
        var match = Pattern().Match(filename);
        return match.Success
            ? new FrameFilename(
                match.Groups["site"].Value,
                match.Groups["instrument"].Value,
                match.Groups["date"].Value,
                match.Groups["counter"].Value,
                match.Groups["type"].Value,
                match.Groups["level"].Value,
                match.Groups["ext"].Value)
            : null;
    }

    [GeneratedRegex(@"^(?<site>[A-Za-z0-9]{3,6})-(?<instrument>[A-Za-z0-9]+)-(?<date>\d{8})-(?<counter>\d{8})-(?<type>[A-Za-z]+)(?<level>\d{2})\.(?<ext>[A-Za-z0-9]+(\.[A-Za-z0-9]+)?)\z")]
    private static partial Regex Pattern();
}
