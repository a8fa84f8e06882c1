namespace PhotonRanch.Astronomy;

/// <summary>
/// The Sun's and the Moon's topocentric altitudes over one search window, from geocentric positions computed on a
/// coarse grid and interpolated, so the hundreds of altitude evaluations of an event search do not each sum the
/// VSOP87 and ELP-2000/82 series. Only the Earth's rotation (sidereal time) and the parallax are evaluated per call.
/// </summary>
/// <remarks>
/// Apparent right ascension (unwrapped), declination and distance are tabulated every 12 hours for the Sun and every
/// 4 hours for the Moon and interpolated with 4-point (cubic) Lagrange polynomials. The interpolation error of a
/// term A sin(2 pi t / P) is about 3/128 A (2 pi h / P)^4: for the Moon's equation of the centre (6.3 deg, P = 27.6
/// days) and variation (0.66 deg, P = 14.8 days) with h = 4 hours that is below 0.01"; for the Sun's equation of the
/// centre and the 9- and 14-day nutation terms (0.2") with h = 12 hours below 0.001": nothing next to the series'
/// own 1" (Sun) and 10" (Moon). The reference comparisons in docs/accuracy.md are unchanged to the hundredth of a second.
/// TAI - UTC, needed for UT1 (taken as UTC), is fixed over the window unless a leap second falls inside it.
/// </remarks>
internal sealed class InterpolatedNight
{
    private const double SunStep = 0.5;
    private const double MoonStep = 1.0 / 6.0;

    // Degrees of sidereal rotation per day of UT1 (Meeus eq. 12.4).
    private const double MeanSiderealRate = 360.98564736629;

    private readonly TopocentricObserver observer;
    private readonly InterpolatedNutation nutation;
    private readonly Track sun;
    private readonly Track moon;
    private readonly double startTai;
    private readonly double siderealAtStart;
    private readonly double siderealRate;

    /// <summary>Tabulates the Sun and the Moon to cover [start, end] (TAI Julian dates) for <paramref name="observer"/>.</summary>
    internal InterpolatedNight(TopocentricObserver observer, InterpolatedNutation nutation, double startTai, double endTai)
    {
        this.observer = observer;
        this.nutation = nutation;
        sun = new Track(startTai, endTai, SunStep, tt => SunPosition.Calculate(tt, nutation.At(tt)));
        moon = new Track(startTai, endTai, MoonStep, tt => MoonPosition.Calculate(tt, nutation.At(tt)));
        this.startTai = startTai;

        // Apparent sidereal time is linear over a window but for the equation of the equinoxes, whose change over a
        // day (at most 0.3") is itself linear to within 0.02", and the GMST's t^2 term (1e-8 deg a day). A leap
        // second inside the window makes UT1 (= UTC) jump: there it is computed exactly at every call.
        siderealAtStart = Sidereal(startTai);
        siderealRate = TaiMinusUtcDays(startTai) == TaiMinusUtcDays(endTai)
            ? WholeTurns(Sidereal(endTai) - siderealAtStart, (endTai - startTai) * MeanSiderealRate) / (endTai - startTai)
            : double.NaN;
    }


    /// <summary>Topocentric altitude of the Sun's centre, degrees, without refraction.</summary>
    internal double SunAltitude(double taiJulianDate) => Altitude(sun, taiJulianDate);

    /// <summary>Topocentric altitude of the Moon's centre, degrees, without refraction.</summary>
    internal double MoonAltitude(double taiJulianDate) => Altitude(moon, taiJulianDate);

    private static double TaiMinusUtcDays(double taiJulianDate) =>
        TimeScales.TaiMinusUtcSeconds(TimeScales.UtcFromTaiJulianDate(taiJulianDate)) / TimeScales.SecondsPerDay;

    /// <summary>A difference of two angles in [0, 360) with the whole turns put back that bring it nearest <paramref name="approximate"/>.</summary>
    private static double WholeTurns(double difference, double approximate) =>
        difference + (360.0 * Math.Round((approximate - difference) / 360.0));

    private double Sidereal(double taiJulianDate) =>
        SiderealTime.GreenwichApparentDegrees(
            TimeScales.Ut1JulianDateFromTai(taiJulianDate), nutation.At(TimeScales.TerrestrialJulianDateFromTai(taiJulianDate)));

    private double Altitude(Track track, double taiJulianDate)
    {
        var sidereal = double.IsNaN(siderealRate)
            ? Sidereal(taiJulianDate)
            : siderealAtStart + (siderealRate * (taiJulianDate - startTai));
        var (rightAscension, declination, distance) = track.At(taiJulianDate);
        return observer.AltitudeDegrees(rightAscension, declination, distance, sidereal);
    }

    /// <summary>Right ascension (unwrapped), declination and distance on a uniform grid of TAI Julian dates.</summary>
    private sealed class Track
    {
        private readonly double first;
        private readonly double step;
        private readonly double[] rightAscension;
        private readonly double[] declination;
        private readonly double[] distance;

        internal Track(double startTai, double endTai, double step, Func<double, GeocentricPosition> position)
        {
            this.step = step;
            first = startTai - step;
            var count = (int)Math.Ceiling((endTai + step - first) / step) + 2;
            rightAscension = new double[count];
            declination = new double[count];
            distance = new double[count];
            for (var i = 0; i < count; i++)
            {
                var body = position(TimeScales.TerrestrialJulianDateFromTai(first + (i * step)));
                var ra = body.RightAscensionDegrees;
                if (i > 0)
                {
                    // Keep the right ascension continuous across 0/360 so the polynomial sees a smooth curve.
                    ra += 360.0 * Math.Round((rightAscension[i - 1] - ra) / 360.0);
                }

                rightAscension[i] = ra;
                declination[i] = body.DeclinationDegrees;
                distance[i] = body.DistanceKm;
            }
        }

        internal (double RightAscensionDegrees, double DeclinationDegrees, double DistanceKm) At(double taiJulianDate)
        {
            var position = (taiJulianDate - first) / step;
            var index = Math.Clamp((int)Math.Floor(position) - 1, 0, rightAscension.Length - 4);
            var u = position - index;

            // Lagrange weights for the nodes at u = 0, 1, 2, 3.
            var u0 = u;
            var u1 = u - 1;
            var u2 = u - 2;
            var u3 = u - 3;
            var w0 = -(u1 * u2 * u3) / 6.0;
            var w1 = u0 * u2 * u3 / 2.0;
            var w2 = -(u0 * u1 * u3) / 2.0;
            var w3 = u0 * u1 * u2 / 6.0;
            return (
                Interpolate(rightAscension, index, w0, w1, w2, w3),
                Interpolate(declination, index, w0, w1, w2, w3),
                Interpolate(distance, index, w0, w1, w2, w3));
        }

        private static double Interpolate(double[] values, int index, double w0, double w1, double w2, double w3) =>
            (w0 * values[index]) + (w1 * values[index + 1]) + (w2 * values[index + 2]) + (w3 * values[index + 3]);
    }
}
