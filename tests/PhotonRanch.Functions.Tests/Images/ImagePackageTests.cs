using System.Text.Json;
using PhotonRanch.Functions.Http;
using PhotonRanch.Functions.Images;

namespace PhotonRanch.Functions.Tests.Images;

/// <summary>How a row and its header become the package the UI reads.</summary>
public sealed class ImagePackageTests
{
    private static readonly ImageRow Row = new(
        42, "sro-kb001ms-20220629-00010442", "EX", "sro",
        new DateTime(2022, 6, 29, 3, 4, 5, 678).AddTicks(9999), new DateTime(2022, 6, 29, 3, 4, 6),
        12.5, -30.25, true, false, true, true, 45.5, 180.25, 1.4, 30, "w", "Tim", "uid-1", null);

    [Fact]
    public void The_package_serializes_with_the_original_names_order_and_values()
    {
        var header = Header("""{"SITEID": "sro", "INSTRUME": "kb001ms", "DAY-OBS": "20220629", "ORIGNAME": "sro-kb001ms-20220629-00010442-e00.fits", "SMARTSTK": "12", "SSTKNUM": 3}""");

        var json = JsonSerializer.Serialize(ImagePackage.Create(Row, header, "https://jpg", "https://thumb"), ApiJson.Options);

        Assert.Equal(
            """{"image_id":42,"base_filename":"sro-kb001ms-20220629-00010442","data_type":"EX","site":"sro","exposure_time":30,"filter_used":"w","right_ascension":12.5,"declination":-30.25,"azimuth":180.25,"altitude":45.5,"airmass":1.4,"fits_01_exists":true,"fits_10_exists":false,"jpg_medium_exists":true,"jpg_small_exists":true,"s3_directory":"data","username":"Tim","user_id":"uid-1","fits_filename":"sro-kb001ms-20220629-00010442-e00.fits","fits_path":"sro/kb001ms/20220629/raw","SMARTSTK":"12","SSTKNUM":3,"capture_date":1656471845678,"sort_date":1656471846000,"jpg_url":"https://jpg","jpg_thumbnail_url":"https://thumb"}""",
            json);
    }

    [Fact]
    public void Without_a_header_the_header_fields_are_empty_strings()
    {
        var package = ImagePackage.Create(Row, null, string.Empty, string.Empty);

        Assert.Equal(string.Empty, package.FitsFilename);
        Assert.Equal(string.Empty, package.FitsPath);
        Assert.Equal("\"\"", package.SmartStack.GetRawText());
        Assert.Equal("\"\"", package.SmartStackNumber.GetRawText());
    }

    [Fact]
    public void An_empty_header_gives_an_empty_path_and_a_partial_one_a_path_with_empty_parts()
    {
        var empty = ImagePackage.Create(Row, Header("{}"), string.Empty, string.Empty);
        var partial = ImagePackage.Create(Row, Header("""{"SITEID": "sro", "DAY-OBS": 20220629, "INSTRUME": null}"""), string.Empty, string.Empty);

        Assert.Equal(string.Empty, empty.FitsPath);
        Assert.Equal("sro//20220629/raw", partial.FitsPath);
        Assert.Equal(string.Empty, partial.FitsFilename);
    }

    [Fact]
    public void Values_json_cannot_hold_become_null_rather_than_failing_the_answer()
    {
        var package = ImagePackage.Create(Row with { Airmass = double.NaN, ExposureTime = double.PositiveInfinity, CaptureDate = null }, null, string.Empty, string.Empty);

        var json = JsonSerializer.Serialize(package, ApiJson.Options);

        Assert.Contains("\"airmass\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"exposure_time\":null", json, StringComparison.Ordinal);
        Assert.Contains("\"capture_date\":null", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1970, 1, 1, 0L)]
    [InlineData(2022, 6, 29, 1656460800000L)]
    [InlineData(1969, 12, 31, -86400000L)]
    public void Timestamps_are_unix_milliseconds_of_the_utc_wall_clock(int year, int month, int day, long expected)
    {
        Assert.Equal(expected, ImageTimestamps.ToUnixMilliseconds(new DateTime(year, month, day, 0, 0, 0, DateTimeKind.Unspecified)));
    }

    [Fact]
    public void Sub_millisecond_parts_are_truncated_toward_zero_as_the_original_did()
    {
        Assert.Equal(1, ImageTimestamps.ToUnixMilliseconds(DateTime.UnixEpoch.AddTicks(19_999)));
        Assert.Equal(-1, ImageTimestamps.ToUnixMilliseconds(DateTime.UnixEpoch.AddTicks(-19_999)));
    }

    private static JsonElement Header(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
