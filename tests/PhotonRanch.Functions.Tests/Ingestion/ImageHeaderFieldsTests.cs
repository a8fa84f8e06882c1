using PhotonRanch.Fits;
using PhotonRanch.Functions.Ingestion;

namespace PhotonRanch.Functions.Tests.Ingestion;

/// <summary>FITS header → images columns, without a database.</summary>
public sealed class ImageHeaderFieldsTests
{
    [Fact]
    public void Every_column_comes_from_its_keyword()
    {
        var header = Header(
            ("CRVAL1", 150.25), ("RAHRS", 10.0), ("CRVAL2", -20.5), ("DEC", -1.0), ("ALTITUDE", 45.5), ("AZIMUTH", 180L),
            ("FILTER", "PL"), ("AIRMASS", 1.4), ("EXPTIME", 30L), ("USERID", "google-oauth2|1"), ("USERNAME", "Wendy"),
            ("DATE-OBS", "2022-06-29T04:12:33.250"));

        var fields = ImageHeaderFields.From(header);

        Assert.Equal(150.25, fields.RightAscension);
        Assert.Equal(-20.5, fields.Declination);
        Assert.Equal(45.5, fields.Altitude);
        Assert.Equal(180, fields.Azimuth);
        Assert.Equal("PL", fields.FilterUsed);
        Assert.Equal(1.4, fields.Airmass);
        Assert.Equal(30, fields.ExposureTime);
        Assert.Equal("google-oauth2|1", fields.UserId);
        Assert.Equal("Wendy", fields.Username);
        Assert.Equal(new DateTime(2022, 6, 29, 4, 12, 33, 250), fields.CaptureDate);
        Assert.Equal(DateTimeKind.Unspecified, fields.CaptureDate!.Value.Kind);
        Assert.Equal("PL", fields.Header["FILTER"]!.GetValue<string>());
        Assert.Equal(30, fields.Header["EXPTIME"]!.GetValue<long>());
    }

    [Fact]
    public void Without_crval_the_site_keywords_give_the_coordinates_and_numeric_strings_count()
    {
        var fields = ImageHeaderFields.From(Header(("RAHRS", "10.5"), ("DEC", 12.0), ("DATE-OBS", "2022-06-29T04:12:33Z")));

        Assert.Equal(10.5, fields.RightAscension);
        Assert.Equal(12.0, fields.Declination);
        Assert.Equal(new DateTime(2022, 6, 29, 4, 12, 33), fields.CaptureDate);
    }

    [Fact]
    public void Missing_or_unreadable_values_are_null()
    {
        var fields = ImageHeaderFields.From(Header(("RAHRS", "10:30:00"), ("EXPTIME", "long"), ("DATE-OBS", "yesterday")));

        Assert.Null(fields.RightAscension);
        Assert.Null(fields.Declination);
        Assert.Null(fields.ExposureTime);
        Assert.Null(fields.FilterUsed);
        Assert.Null(fields.CaptureDate);
        Assert.Equal("10:30:00", fields.Header["RAHRS"]!.GetValue<string>());
    }

    [Fact]
    public void A_text_header_parses_into_the_same_fields()
    {
        var text = string.Join("\n", Header(("CRVAL1", 1.5), ("CRVAL2", 2.5), ("DATE-OBS", "2021-01-02T03:04:05.6")).ToRecords().Chunk(80).Select(c => new string(c)));

        var fields = ImageHeaderFields.From(FitsHeader.ParseText(text));

        Assert.Equal(1.5, fields.RightAscension);
        Assert.Equal(2.5, fields.Declination);
        Assert.Equal(new DateTime(2021, 1, 2, 3, 4, 5, 600), fields.CaptureDate);
    }

    private static FitsHeader Header(params (string Keyword, object Value)[] cards)
    {
        var header = new FitsHeader();
        foreach (var (keyword, value) in cards)
        {
            header.Set(keyword, value);
        }

        return header;
    }
}
