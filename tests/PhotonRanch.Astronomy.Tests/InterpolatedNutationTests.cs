namespace PhotonRanch.Astronomy.Tests;

public class InterpolatedNutationTests
{
    [Fact]
    public void AgreesWithTheSeriesWithinAFewThousandthsOfAnArcsecond()
    {
        const double start = 2460700.3;
        var table = new InterpolatedNutation(start, start + 31.0);
        var worst = 0.0;
        for (var t = start - 2.0; t < start + 33.0; t += 0.0137)
        {
            var exact = Nutation.Calculate(t);
            var interpolated = table.At(t);
            worst = Math.Max(worst, Math.Abs(exact.LongitudeDegrees - interpolated.LongitudeDegrees));
            worst = Math.Max(worst, Math.Abs(exact.ObliquityDegrees - interpolated.ObliquityDegrees));
            worst = Math.Max(worst, Math.Abs(exact.MeanObliquityDegrees - interpolated.MeanObliquityDegrees));
        }

        Assert.True(worst * 3600.0 < 0.003, $"worst interpolation error {worst * 3600.0:F5}\"");
    }
}
