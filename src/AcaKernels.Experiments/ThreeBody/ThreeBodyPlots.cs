using AcaKernels.Experiments.Plotting;
using ScottPlot;

namespace AcaKernels.Experiments.ThreeBody;

/// <summary>
/// The three-body PNGs: the loss along the epochs, one line per method (three-body-loss.png), and per method the
/// orbits in the x-y plane over the observation window: true (solid), with the fitted masses (dashed) and with the
/// start masses (dotted) (three-body-orbits-{method}.png).
/// </summary>
public static class ThreeBodyPlots
{
    /// <summary>Size of every PNG, pixels.</summary>
    public const int Width = 900, Height = 560;

    /// <summary>Points along each drawn orbit.</summary>
    private const int OrbitPoints = 400;

    private static readonly Color[] MethodColors = [Colors.Blue, Colors.OrangeRed, Colors.Green];
    private static readonly Color[] BodyColors = [Colors.Blue, Colors.OrangeRed, Colors.Green];

    /// <summary>Writes the plots into <paramref name="folder"/> and returns their paths. The orbits are solved
    /// again here (at the observation tolerance), so the report need not carry them.</summary>
    public static IReadOnlyList<string> Write(ThreeBodyReport report, string folder)
    {
        var paths = new List<string>();
        var loss = new LogLogChart("Three-body mass fit: loss along the epochs", "epoch", "loss (sum of 0.01^t-weighted squared position errors)", logX: false);
        for (int k = 0; k < report.Fits.Count; k++)
        {
            ThreeBodyFit fit = report.Fits[k];
            loss.Add(fit.Method, [.. fit.EpochLog.Select(e => (double)e.Epoch)], [.. fit.EpochLog.Select(e => (double?)e.Loss)],
                MethodColors[k % MethodColors.Length]);
        }
        paths.Add(Save(folder, "three-body-loss.png", loss.Save));

        double[] times = ThreeBodySystem.Times(OrbitPoints, report.EndTime);
        double[] truth = ThreeBodySystem.Solve(report.TrueMasses, times, report.ObservationTolerance);
        double[] start = ThreeBodySystem.Solve(report.InitialMasses, times, report.ObservationTolerance);
        foreach (ThreeBodyFit fit in report.Fits)
        {
            var chart = new LineChart($"Three-body orbits (x-y plane, t in [0, {report.EndTime:0.###}]): true vs fitted by {fit.Method}",
                "x (units of r_nd = 5.326e12 m)", "y (units of r_nd)", equalScale: true);
            double[]? fitted = Solvable(fit.FinalMasses, times, report.ObservationTolerance);
            for (int body = 0; body < 3; body++)
            {
                Color color = BodyColors[body];
                Orbit(chart, $"body {body + 1} true (m = {report.TrueMasses[body]:0.###})", truth, body, color, LinePattern.Solid, 3);
                if (fitted is not null)
                    Orbit(chart, $"body {body + 1} fitted (m = {fit.FinalMasses[body]:0.####})", fitted, body, color.Darken(0.4), LinePattern.Dashed, 2);
                Orbit(chart, $"body {body + 1} start (m = {report.InitialMasses[body]:0.###})", start, body, color.WithAlpha(0.5), LinePattern.Dotted, 2);
                chart.Mark(truth[3 * body], truth[3 * body + 1], color);
            }
            paths.Add(Save(folder, $"three-body-orbits-{fit.Method}.png", chart.Save));
        }
        return paths;
    }

    /// <summary>The states for <paramref name="masses"/>, or null when the solve fails (the fitted line is then left out).</summary>
    private static double[]? Solvable(IReadOnlyList<double> masses, double[] times, double tolerance)
    {
        try { return ThreeBodySystem.Solve(masses, times, tolerance); }
        catch (Solving.OdeSolveException) { return null; }
    }

    /// <summary>One body's path in the (x, y) plane from rows of three-body states (<see cref="ThreeBodyDynamics"/>'s
    /// layout), as a line of <paramref name="chart"/>; also the unknown-force variant's orbit plots.</summary>
    internal static void Orbit(LineChart chart, string label, double[] states, int body, Color color, LinePattern pattern, float width)
    {
        int rows = states.Length / ThreeBodyDynamics.StateSize;
        var x = new double[rows];
        var y = new double[rows];
        for (int k = 0; k < rows; k++)
        {
            x[k] = states[k * ThreeBodyDynamics.StateSize + 3 * body];
            y[k] = states[k * ThreeBodyDynamics.StateSize + 3 * body + 1];
        }
        chart.Add(label, x, y, color, pattern, width);
    }

    private static string Save(string folder, string name, Action<string, int, int> save) =>
        PngFile.SaveInto(folder, name, save, Width, Height);
}
