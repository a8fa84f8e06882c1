namespace PhotonRanch.Astronomy;

/// <summary>Whether a function crossed its threshold upward (a rise) or downward (a set).</summary>
public enum CrossingDirection
{
    /// <summary>The value went from below the threshold to above it (rise, morning crossing).</summary>
    Rising,

    /// <summary>The value went from above the threshold to below it (set, evening crossing).</summary>
    Setting,
}

/// <summary>One threshold crossing found by <see cref="EventSearch"/>.</summary>
/// <param name="JulianDate">Instant of the crossing, on the time scale of the searched function's argument.</param>
/// <param name="Direction">Upward or downward.</param>
public readonly record struct Crossing(double JulianDate, CrossingDirection Direction);

/// <summary>
/// Finds the instants at which a smooth function of time crosses thresholds: samples the function on a
/// uniform grid, brackets each sign change of (value - threshold), and refines it with Brent's method until the
/// root is located within <see cref="Tolerance"/>. The direction comes from the sign of the change across the
/// bracket (the sign of the derivative). Two crossings closer together than the grid step (a body grazing
/// the threshold) can be missed; callers choose the step accordingly (10 min for the Sun, 5 min for the Moon).
/// </summary>
public static class EventSearch
{
    /// <summary>Refinement tolerance: 0.01 s expressed in days.</summary>
    public const double Tolerance = 0.01 / TimeScales.SecondsPerDay;

    /// <summary>Spacing of doubles at 1.0 (2^-52); <see cref="double.Epsilon"/> is the smallest subnormal instead.</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Finds every crossing of one threshold inside [start, end).</summary>
    /// <param name="function">The function of time (Julian date).</param>
    /// <param name="threshold">Value whose crossings are sought.</param>
    /// <param name="start">Start of the search window (inclusive).</param>
    /// <param name="end">End of the search window (exclusive).</param>
    /// <param name="step">Grid step in days.</param>
    /// <returns>Crossings in time order.</returns>
    public static IReadOnlyList<Crossing> FindCrossings(Func<double, double> function, double threshold, double start, double end, double step) =>
        FindCrossings(function, [threshold], start, end, step)[0];

    /// <summary>
    /// Finds every crossing of several thresholds inside [start, end), sampling the function on the grid once
    /// and sharing the samples between thresholds.
    /// </summary>
    /// <param name="function">The function of time (Julian date).</param>
    /// <param name="thresholds">Values whose crossings are sought.</param>
    /// <param name="start">Start of the search window (inclusive).</param>
    /// <param name="end">End of the search window (exclusive).</param>
    /// <param name="step">Grid step in days.</param>
    /// <returns>For each threshold, in the same order, its crossings in time order.</returns>
    public static IReadOnlyList<IReadOnlyList<Crossing>> FindCrossings(Func<double, double> function, IReadOnlyList<double> thresholds, double start, double end, double step)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(thresholds);
        if (!(end > start) || !(step > 0))
        {
            throw new ArgumentException("The window must have end > start and a positive step.");
        }

        var intervals = (int)Math.Ceiling((end - start) / step);
        var times = new double[intervals + 1];
        var values = new double[intervals + 1];
        for (var i = 0; i <= intervals; i++)
        {
            times[i] = Math.Min(start + (i * step), end);
            values[i] = function(times[i]);
        }

        var results = new List<Crossing>[thresholds.Count];
        for (var k = 0; k < thresholds.Count; k++)
        {
            var threshold = thresholds[k];
            var found = new List<Crossing>();
            for (var i = 0; i < intervals; i++)
            {
                var below0 = values[i] < threshold;
                var below1 = values[i + 1] < threshold;
                if (below0 == below1)
                {
                    continue;
                }

                var instant = RefineRoot(function, threshold, times[i], values[i] - threshold, times[i + 1], values[i + 1] - threshold);
                if (instant < end)
                {
                    found.Add(new Crossing(instant, below0 ? CrossingDirection.Rising : CrossingDirection.Setting));
                }
            }

            results[k] = found;
        }

        return results;
    }

    /// <summary>
    /// Brent's method (R. P. Brent, "Algorithms for Minimization without Derivatives", 1973, ch. 4, procedure
    /// <c>zero</c>): inverse quadratic interpolation and secant steps safeguarded by bisection, so it converges
    /// superlinearly on smooth altitude curves yet never leaves the bracket. Stops when the bracket around the
    /// root is within <see cref="Tolerance"/>.
    /// </summary>
    private static double RefineRoot(Func<double, double> function, double threshold, double a, double fa, double b, double fb)
    {
        var c = b;
        var fc = fb;
        var d = b - a;
        var e = d;
        for (var iteration = 0; iteration < 200; iteration++)
        {
            if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0))
            {
                c = a;
                fc = fa;
                d = b - a;
                e = d;
            }

            if (Math.Abs(fc) < Math.Abs(fb))
            {
                (a, b, c) = (b, c, b);
                (fa, fb, fc) = (fb, fc, fb);
            }

            var tolerance = (2.0 * MachineEpsilon * Math.Abs(b)) + (0.5 * Tolerance);
            var half = 0.5 * (c - b);
            if (Math.Abs(half) <= tolerance || fb == 0)
            {
                return b;
            }

            if (Math.Abs(e) >= tolerance && Math.Abs(fa) > Math.Abs(fb))
            {
                double p;
                double q;
                var s = fb / fa;
                if (a == c)
                {
                    p = 2.0 * half * s;
                    q = 1.0 - s;
                }
                else
                {
                    var qa = fa / fc;
                    var r = fb / fc;
                    p = s * ((2.0 * half * qa * (qa - r)) - ((b - a) * (r - 1.0)));
                    q = (qa - 1.0) * (r - 1.0) * (s - 1.0);
                }

                if (p > 0)
                {
                    q = -q;
                }

                p = Math.Abs(p);
                if (2.0 * p < Math.Min((3.0 * half * q) - Math.Abs(tolerance * q), Math.Abs(e * q)))
                {
                    e = d;
                    d = p / q;
                }
                else
                {
                    d = half;
                    e = d;
                }
            }
            else
            {
                d = half;
                e = d;
            }

            a = b;
            fa = fb;
            b += Math.Abs(d) > tolerance ? d : Math.CopySign(tolerance, half);
            fb = function(b) - threshold;
        }

        return b;
    }
}
