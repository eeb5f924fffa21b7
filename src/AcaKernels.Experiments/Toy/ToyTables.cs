using System.Globalization;
using AcaKernels.Experiments.Common;

namespace AcaKernels.Experiments.Toy;

/// <summary>
/// The toy experiment's tables: relative error of ∂L/∂α against the analytic and the discrete gradient per method,
/// along T at one tolerance (the paper's figure), and along the tolerances at one T with the cost.
/// </summary>
public static class ToyTables
{
    /// <summary>The grid tolerance nearest (in decades) to 1e-6, shown in the error-vs-T table by default.</summary>
    public static double DefaultTolerance(ToyReport report) =>
        report.Tolerances.MinBy(t => Math.Abs(Math.Log10(t) + 6));

    /// <summary>The grid end time nearest to 10, shown in the error-vs-tolerance table by default.</summary>
    public static double DefaultEndTime(ToyReport report) => report.EndTimes.MinBy(t => Math.Abs(t - 10));

    /// <summary>Both tables.</summary>
    public static string Render(ToyReport report, double? tolerance = null, double? endTime = null) =>
        ErrorVersusEndTime(report, tolerance ?? DefaultTolerance(report)) + "\n" +
        ErrorVersusTolerance(report, endTime ?? DefaultEndTime(report));

    /// <summary>Errors of ∂L/∂α along T, at tolerance <paramref name="tolerance"/>.</summary>
    public static string ErrorVersusEndTime(ToyReport report, double tolerance)
    {
        var table = new TextTable($"Relative error of dL/dalpha along T (rtol = atol = {Scientific(tolerance)}; z0 = {report.InitialState}; {report.Tableau})",
            [.. Head("alpha", "T"), .. Errors(report)]);
        foreach (double alpha in report.Alphas)
            foreach (double t in report.EndTimes)
            {
                var cells = Cells(report, alpha, t, tolerance);
                if (cells is null) continue;
                table.Add([Number(alpha), Number(t), .. cells.Value.Errors]);
            }
        return table.ToString();
    }

    /// <summary>Errors of ∂L/∂α and the cost along the tolerances, at end time <paramref name="endTime"/>.</summary>
    public static string ErrorVersusTolerance(ToyReport report, double endTime)
    {
        var table = new TextTable($"Relative error of dL/dalpha and cost along the tolerance (T = {Number(endTime)})",
            [.. Head("alpha", "tol"), .. Errors(report), "steps", .. report.Methods.Select(m => $"evals {m}"), .. report.Methods.Select(m => $"us {m}")]);
        foreach (double alpha in report.Alphas)
            foreach (double tol in report.Tolerances)
            {
                var cells = Cells(report, alpha, endTime, tol);
                if (cells is null) continue;
                table.Add([Number(alpha), Scientific(tol), .. cells.Value.Errors, cells.Value.Steps, .. cells.Value.Evaluations, .. cells.Value.Micros]);
            }
        return table.ToString() +
            "(error vs analytic: against 2T z0^2 e^(2 alpha T); vs discrete: against the complex-step gradient of the steps taken;\n" +
            " steps: accepted/rejected; evals: f evaluations + vector-Jacobian products, forward and backward; us: solve + gradient, fastest of the repeats)\n";
    }

    private static string[] Head(string a, string b) => [a, b];

    private static IEnumerable<string> Errors(ToyReport report) =>
        report.Methods.Select(m => $"{m} analytic").Concat(report.Methods.Select(m => $"{m} discrete"));

    private static (string[] Errors, string Steps, string[] Evaluations, string[] Micros)? Cells(
        ToyReport report, double alpha, double endTime, double tolerance)
    {
        var row = report.Measurements.Where(m => m.Alpha == alpha && m.EndTime == endTime && m.Tolerance == tolerance).ToArray();
        if (row.Length == 0) return null;   // not reached before the run was stopped
        ToyMeasurement? Of(string method) => row.FirstOrDefault(m => m.Method == method);
        string[] errors = [.. report.Methods.Select(m => Error(Of(m)?.ErrorAlphaVsAnalytic, Of(m))),
                           .. report.Methods.Select(m => Error(Of(m)?.ErrorAlphaVsDiscrete, Of(m)))];
        string steps = $"{row[0].AcceptedSteps}/{row[0].RejectedSteps}";
        string[] evaluations = [.. report.Methods.Select(m => Of(m) is { } x ? (x.ForwardEvaluations + x.BackwardEvaluations + x.BackwardVjps).ToString(CultureInfo.InvariantCulture) : "-")];
        string[] micros = [.. report.Methods.Select(m => Of(m) is { } x ? (x.SolveMicroseconds + x.GradientMicroseconds).ToString("F1", CultureInfo.InvariantCulture) : "-")];
        return (errors, steps, evaluations, micros);
    }

    private static string Error(double? value, ToyMeasurement? cell) =>
        cell is null ? "-" : value is { } v ? Scientific(v) : "failed";

    private static string Scientific(double value) => value.ToString("0.0E+00", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
