using PhotonRanch.Functions.Images;

namespace PhotonRanch.Functions.Tests.Images;

/// <summary>Filter parsing is pure: query values in, a typed filter or every problem out.</summary>
public sealed class ImageFilterTests
{
    [Fact]
    public void No_values_give_an_empty_filter_with_the_default_limit()
    {
        Assert.True(ImageFilter.TryParse(new Dictionary<string, string>(), out var filter, out var errors));

        Assert.Empty(errors);
        Assert.Equal(new ImageFilter(), filter);
        Assert.Equal(ImageFilter.DefaultLimit, filter.Limit);
    }

    [Fact]
    public void Every_known_key_is_read_into_its_typed_field_and_unknown_keys_are_ignored()
    {
        var query = new Dictionary<string, string>
        {
            ["username"] = "Tim Beccue",
            ["user_id"] = "google-oauth2|1",
            ["site"] = "wmd",
            ["filter"] = "air",
            ["exposure_time_min"] = "0.1",
            ["exposure_time_max"] = "60",
            ["start_date"] = "2010-08-30+12",
            ["end_date"] = "2030-08-30T21:15:30.25Z",
            ["filename"] = "wmd-%-2020____-_%",
            ["limit"] = "250",
            ["order_by"] = "1; DROP TABLE images",
        };

        Assert.True(ImageFilter.TryParse(query, out var filter, out _));

        Assert.Equal(
            new ImageFilter(
                Username: "Tim Beccue",
                UserId: "google-oauth2|1",
                Site: "wmd",
                FilterUsed: "air",
                ExposureTimeMin: 0.1,
                ExposureTimeMax: 60,
                StartDate: new DateTime(2010, 8, 30),
                EndDate: new DateTime(2030, 8, 30, 21, 15, 30, 250),
                FilenamePattern: "wmd-%-2020____-_%",
                Limit: 250),
            filter);
    }

    [Fact]
    public void Empty_text_values_are_equality_filters_as_in_the_original()
    {
        Assert.True(ImageFilter.TryParse(new Dictionary<string, string> { ["username"] = string.Empty, ["filename"] = string.Empty }, out var filter, out _));

        Assert.Equal(string.Empty, filter.Username);
        Assert.Equal(string.Empty, filter.FilenamePattern);
    }

    [Theory]
    [InlineData("2020-08-30", 2020, 8, 30, 0, 0, 0)]
    [InlineData("2020-08-30+12", 2020, 8, 30, 0, 0, 0)]
    [InlineData("2020-08-30 12", 2020, 8, 30, 0, 0, 0)]
    [InlineData("2020-08-30-07", 2020, 8, 30, 0, 0, 0)]
    [InlineData("2020-08-30+05:30", 2020, 8, 30, 0, 0, 0)]
    [InlineData("2020-08-30T05:06", 2020, 8, 30, 5, 6, 0)]
    [InlineData("2020-08-30 05:06:07", 2020, 8, 30, 5, 6, 7)]
    [InlineData("2020-08-30T05:06:07Z", 2020, 8, 30, 5, 6, 7)]
    [InlineData("2020-08-30T05:06:07+02:00", 2020, 8, 30, 5, 6, 7)]
    [InlineData("2020-08-30T05:06:07 0200", 2020, 8, 30, 5, 6, 7)]
    [InlineData("2020-02-29T23:59:59", 2020, 2, 29, 23, 59, 59)]
    public void Dates_read_like_the_original_database_read_them(string text, int year, int month, int day, int hour, int minute, int second)
    {
        Assert.True(ImageFilter.TryParseDate(text, out var value));

        Assert.Equal(new DateTime(year, month, day, hour, minute, second), value);
        Assert.Equal(DateTimeKind.Unspecified, value.Kind);
    }

    [Fact]
    public void Fractional_seconds_keep_their_precision()
    {
        Assert.True(ImageFilter.TryParseDate("2020-08-30T05:06:07.1234567", out var value));

        Assert.Equal(new DateTime(2020, 8, 30, 5, 6, 7).AddTicks(1_234_567), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2020-8-30")]
    [InlineData("2020-02-30")]
    [InlineData("2021-02-29")]
    [InlineData("2020-08-30T24:00:00")]
    [InlineData("2020-08-30T12")]
    [InlineData("2020-08-30T12:00:00 PST")]
    [InlineData("2020-08-30\n")]
    [InlineData("０２０２-08-30")]
    [InlineData("0000-01-01")]
    [InlineData("1598745600")]
    public void Values_that_are_not_dates_are_refused(string text)
    {
        Assert.False(ImageFilter.TryParseDate(text, out _));
        Assert.False(ImageFilter.TryParse(new Dictionary<string, string> { ["start_date"] = text }, out _, out var errors));
        Assert.Contains(errors, error => error.StartsWith("start_date", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("exposure_time_min", "abc")]
    [InlineData("exposure_time_min", "")]
    [InlineData("exposure_time_max", "NaN")]
    [InlineData("exposure_time_max", "Infinity")]
    [InlineData("exposure_time_max", "1e999")]
    [InlineData("exposure_time_min", "1,5")]
    [InlineData("limit", "0")]
    [InlineData("limit", "5001")]
    [InlineData("limit", "-1")]
    [InlineData("limit", "ten")]
    [InlineData("filename", "abc\\")]
    [InlineData("filename", "abc\\\\\\")]
    [InlineData("site", "s\0")]
    public void Unusable_values_are_errors_naming_the_key(string key, string value)
    {
        Assert.False(ImageFilter.TryParse(new Dictionary<string, string> { [key] = value }, out _, out var errors));

        Assert.Contains(errors, error => error.StartsWith(key, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("abc\\\\")]
    [InlineData("100\\%")]
    [InlineData("a\\_b")]
    public void Escaped_wildcards_and_escaped_backslashes_are_valid_patterns(string pattern)
    {
        Assert.True(ImageFilter.TryParse(new Dictionary<string, string> { ["filename"] = pattern }, out var filter, out _));

        Assert.Equal(pattern, filter.FilenamePattern);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var query = new Dictionary<string, string> { ["exposure_time_min"] = "x", ["end_date"] = "y", ["limit"] = "z" };

        Assert.False(ImageFilter.TryParse(query, out _, out var errors));

        Assert.Equal(3, errors.Count);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("20", 20)]
    [InlineData("0020", 20)]
    [InlineData("1000", 1000)]
    public void Latest_images_take_a_whole_number_from_1_to_1000(string text, int expected)
    {
        Assert.True(LatestImagesQuery.TryParse("saf", text, null, out var query, out _));

        Assert.Equal(expected, query.NumberOfImages);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("5.0")]
    [InlineData("")]
    [InlineData("2147483648")]
    public void Latest_images_refuse_other_counts(string text)
    {
        Assert.False(LatestImagesQuery.TryParse("saf", text, null, out _, out var error));

        Assert.StartsWith("number_of_images", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData("alice", "alice")]
    public void An_empty_userid_is_no_user_filter(string? userId, string? expected)
    {
        Assert.True(LatestImagesQuery.TryParse("saf", "5", userId, out var query, out _));

        Assert.Equal(expected, query.UserId);
    }
}
