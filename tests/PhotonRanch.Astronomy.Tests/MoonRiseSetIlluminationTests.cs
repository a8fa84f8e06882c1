namespace PhotonRanch.Astronomy.Tests;

public class MoonRiseSetIlluminationTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 10, 6, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(90.5, 0.0)]
    [InlineData(-91.0, 0.0)]
    [InlineData(0.0, 180.5)]
    [InlineData(0.0, -181.0)]
    [InlineData(double.NaN, 0.0)]
    public void CoordinatesOutOfRange_Throw(double latitude, double longitude) =>
        Assert.ThrowsAny<ArgumentException>(() => MoonRiseSetIllumination.Calculate(latitude, longitude, Start, Start.AddDays(1)));

    [Fact]
    public void EndNotAfterStart_Throws()
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => MoonRiseSetIllumination.Calculate(34, -119, Start, Start));
        Assert.Contains("end must be after start", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WindowLongerThan366Days_Throws() =>
        Assert.ThrowsAny<ArgumentException>(() => MoonRiseSetIllumination.Calculate(34, -119, Start, Start.AddDays(366.01)));

    [Fact]
    public void ShortWindowWithoutACompletePass_IsEmpty() =>
        Assert.Empty(MoonRiseSetIllumination.Calculate(34.4208, -119.6982, Start, Start.AddHours(2)));

    [Fact]
    public void ThirtyDays_GiveOrderedPassesInsideTheWindow()
    {
        var end = Start.AddDays(30);

        var passes = MoonRiseSetIllumination.Calculate(34.4208, -119.6982, Start, end);

        Assert.InRange(passes.Count, 26, 30);
        foreach (var pass in passes)
        {
            Assert.True(pass.Rise >= Start.UtcDateTime && pass.Set <= end.UtcDateTime);
            Assert.True(pass.Rise < pass.Transit && pass.Transit < pass.Set);
            Assert.InRange(pass.Illumination, 0.0, 1.0);
            Assert.Matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", pass.RiseIso);
        }

        Assert.Equal(passes.OrderBy(p => p.Rise), passes);
    }
}
