using System.Globalization;
using AcaKernels.Experiments.Plotting;
using ScottPlot;

namespace AcaKernels.Experiments.Toy;

/// <summary>
/// The toy experiment's PNGs, per α: relative error of ∂L/∂α against the analytic gradient along T (the paper's
/// figure) and along the tolerance, and against the discrete gradient along T; one line per method, with the
/// forward solve's own error in z(T) as a dashed reference.
/// </summary>
public static class ToyPlots
{
    /// <summary>Size of every PNG, pixels.</summary>
    public const int Width = 900, Height = 560;

    private static readonly Color[] MethodColors = [Colors.Blue, Colors.OrangeRed, Colors.Green];

    /// <summary>Writes the plots into <paramref name="folder"/> and returns their paths.</summary>
    public static IReadOnlyList<string> Write(ToyReport report, string folder, double? tolerance = null, double? endTime = null)
    {
        double tol = tolerance ?? ToyTables.DefaultTolerance(report), t = endTime ?? ToyTables.DefaultEndTime(report);
        var paths = new List<string>();
        foreach (double alpha in report.Alphas)
        {
            if (!report.Measurements.Any(m => m.Alpha == alpha)) continue;   // a stopped run had not reached it
            string tag = alpha.ToString("+0.###;-0.###", CultureInfo.InvariantCulture);
            var byT = new LogLogChart($"dz/dt = {tag} z, L = z(T)^2: gradient error vs T (rtol = atol = {tol:0.#E+0})",
                "end time T", "relative error of dL/dalpha (vs analytic)", logX: false);
            Lines(report, byT, m => m.Alpha == alpha && m.Tolerance == tol, m => m.EndTime, report.EndTimes, m => m.ErrorAlphaVsAnalytic);
            paths.Add(Save(byT, folder, $"toy-error-vs-T-alpha{tag}.png"));

            var discrete = new LogLogChart($"dz/dt = {tag} z: error vs the discrete gradient of the steps taken (rtol = atol = {tol:0.#E+0})",
                "end time T", "relative error of dL/dalpha (vs complex step)", logX: false);
            Lines(report, discrete, m => m.Alpha == alpha && m.Tolerance == tol, m => m.EndTime, report.EndTimes, m => m.ErrorAlphaVsDiscrete,
                withForwardError: false);   // the forward error is against the analytic solution: not this reference
            paths.Add(Save(discrete, folder, $"toy-discrete-error-vs-T-alpha{tag}.png"));

            var byTol = new LogLogChart($"dz/dt = {tag} z, L = z(T)^2: gradient error vs tolerance (T = {t:0.###})",
                "tolerance (rtol = atol)", "relative error of dL/dalpha (vs analytic)", logX: true);
            Lines(report, byTol, m => m.Alpha == alpha && m.EndTime == t, m => m.Tolerance, report.Tolerances, m => m.ErrorAlphaVsAnalytic);
            paths.Add(Save(byTol, folder, $"toy-error-vs-tol-alpha{tag}.png"));
        }
        return paths;
    }

    private static void Lines(ToyReport report, LogLogChart chart, Func<ToyMeasurement, bool> select,
        Func<ToyMeasurement, double> x, IReadOnlyList<double> grid, Func<ToyMeasurement, double?> error, bool withForwardError = true)
    {
        for (int k = 0; k < report.Methods.Count; k++)
        {
            string method = report.Methods[k];
            double?[] ys = [.. grid.Select(g => Find(report, select, x, g, method) is { } cell ? error(cell) : null)];
            chart.Add(method, grid, ys, MethodColors[k % MethodColors.Length]);
        }
        if (!withForwardError) return;
        double?[] forward = [.. grid.Select(g => Find(report, select, x, g, report.Methods[0])?.StateError)];
        chart.Add("forward z(T) error", grid, forward, Colors.Gray, dashed: true);
    }

    private static ToyMeasurement? Find(ToyReport report, Func<ToyMeasurement, bool> select,
        Func<ToyMeasurement, double> x, double value, string method) =>
        report.Measurements.FirstOrDefault(m => m.Method == method && select(m) && x(m) == value);

    private static string Save(LogLogChart chart, string folder, string name)
    {
        string path = Path.Combine(folder, name);
        chart.Save(path, Width, Height);
        return path;
    }
}
