namespace PhotonRanch.Astronomy;

/// <summary>
/// Nutation tabulated every half day over a search window and interpolated linearly, so that the hundreds of
/// altitude evaluations of an event search do not each re-sum the 63-term IAU 1980 series.
/// </summary>
/// <remarks>
/// The fastest significant nutation terms of Meeus Table 22.A have periods of 9.1-13.7 days and amplitudes of at
/// most 0.23"; the linear-interpolation error A (2 pi / P)^2 h^2 / 8 for h = 0.5 day is below 0.002", far inside
/// the 1" (Sun) and 10" (Moon) accuracy of the positions. Outside the tabulated span the series is evaluated
/// directly.
/// </remarks>
internal sealed class InterpolatedNutation
{
    private const double Step = 0.5;

    private readonly double first;
    private readonly NutationAngles[] samples;

    /// <summary>Tabulates nutation to cover [startTt, endTt] with half a step of margin each side.</summary>
    /// <param name="startTerrestrialJulianDate">Start of the span (TT Julian date).</param>
    /// <param name="endTerrestrialJulianDate">End of the span (TT Julian date).</param>
    internal InterpolatedNutation(double startTerrestrialJulianDate, double endTerrestrialJulianDate)
    {
        first = startTerrestrialJulianDate - Step;
        var count = (int)Math.Ceiling((endTerrestrialJulianDate + Step - first) / Step) + 1;
        samples = new NutationAngles[count];
        for (var i = 0; i < count; i++)
        {
            samples[i] = Nutation.Calculate(first + (i * Step));
        }
    }

    /// <summary>Nutation at a TT Julian date, interpolated inside the span and computed exactly outside it.</summary>
    /// <param name="terrestrialJulianDate">TT Julian date.</param>
    /// <returns>The nutation angles.</returns>
    internal NutationAngles At(double terrestrialJulianDate)
    {
        var position = (terrestrialJulianDate - first) / Step;
        var index = (int)Math.Floor(position);
        if (index < 0 || index >= samples.Length - 1)
        {
            return Nutation.Calculate(terrestrialJulianDate);
        }

        var fraction = position - index;
        var a = samples[index];
        var b = samples[index + 1];
        return new NutationAngles(
            a.LongitudeDegrees + (fraction * (b.LongitudeDegrees - a.LongitudeDegrees)),
            a.ObliquityDegrees + (fraction * (b.ObliquityDegrees - a.ObliquityDegrees)),
            a.MeanObliquityDegrees + (fraction * (b.MeanObliquityDegrees - a.MeanObliquityDegrees)));
    }
}
