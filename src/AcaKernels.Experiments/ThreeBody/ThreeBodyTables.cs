using System.Globalization;
using AcaKernels.Experiments.Common;

namespace AcaKernels.Experiments.ThreeBody;

/// <summary>The text tables of `aca three-body`: the mass estimates and loss along the epochs, one column group
/// per method, and a summary of each fit (final masses, relative errors, loss, cost, time).</summary>
public static class ThreeBodyTables
{
    /// <summary>Both tables, the epoch table listing every <paramref name="every"/>-th epoch (and the first and last).</summary>
    public static string Render(ThreeBodyReport report, int every = 10) => Epochs(report, every) + "\n" + Summary(report);

    /// <summary>m1, m2, m3 after each listed epoch and the loss at its start, per method.</summary>
    public static string Epochs(ThreeBodyReport report, int every)
    {
        if (every < 1) throw new ArgumentException($"every = {every}: list at least every epoch (1).", nameof(every));
        string[] methods = [.. report.Fits.Select(f => f.Method)];
        var table = new TextTable(
            $"Mass estimates after each epoch and the loss before its step (true masses {Masses(report.TrueMasses)}, start {Masses(report.InitialMasses)})",
            ["epoch", .. methods.SelectMany(m => (string[])[$"{m} m1", $"{m} m2", $"{m} m3", $"{m} loss"])]);
        int longest = report.Fits.Count == 0 ? 0 : report.Fits.Max(f => f.EpochLog.Count);
        for (int e = 1; e <= longest; e++)
        {
            if (e != 1 && e != longest && e % every != 0) continue;
            var cells = new List<string> { e.ToString(CultureInfo.InvariantCulture) };
            foreach (ThreeBodyFit fit in report.Fits)
            {
                if (e > fit.EpochLog.Count) { cells.AddRange(["-", "-", "-", "-"]); continue; }
                ThreeBodyEpoch epoch = fit.EpochLog[e - 1];
                cells.AddRange([.. epoch.Masses.Select(Mass), Scientific(epoch.Loss)]);
            }
            table.Add([.. cells]);
        }
        return table.ToString();
    }

    /// <summary>Per method: final masses, their relative errors, the final loss, steps, work and time.</summary>
    public static string Summary(ThreeBodyReport report)
    {
        var table = new TextTable(
            $"Fitted masses after {report.Epochs} epochs (Adam lr {Number(report.Optimiser.LearningRate)}, betas ({Number(report.Optimiser.Beta1)}, {Number(report.Optimiser.Beta2)}), " +
            $"lr x {Number(report.Optimiser.LearningRateDecay)} per epoch; {report.Tableau} rtol = atol = {Scientific(report.Tolerance)}; {report.ObservationCount} observations on [0, {Number(report.EndTime)}])",
            "method", "epochs", "m1", "m2", "m3", "rel err m1", "rel err m2", "rel err m3", "final loss", "steps", "evals+vjps", "ms/epoch", "s total", "status");
        foreach (ThreeBodyFit fit in report.Fits)
        {
            ThreeBodyCost cost = fit.LastEpochCost;
            table.Add(fit.Method, fit.EpochLog.Count.ToString(CultureInfo.InvariantCulture),
                Mass(fit.FinalMasses[0]), Mass(fit.FinalMasses[1]), Mass(fit.FinalMasses[2]),
                Scientific(fit.RelativeMassErrors[0]), Scientific(fit.RelativeMassErrors[1]), Scientific(fit.RelativeMassErrors[2]),
                fit.FinalLoss is { } l ? Scientific(l) : "-", $"{cost.AcceptedSteps}/{cost.RejectedSteps}",
                (cost.Evaluations + cost.Vjps).ToString(CultureInfo.InvariantCulture),
                ((fit.SolveMicroseconds + fit.GradientMicroseconds) / 1000).ToString("F2", CultureInfo.InvariantCulture),
                fit.Seconds.ToString("F2", CultureInfo.InvariantCulture), fit.Status == "Success" ? "ok" : "failed");
        }
        return table.ToString() +
            $"(true masses {Masses(report.TrueMasses)}; steps: accepted/rejected and evals+vjps: f evaluations and vector-Jacobian\n" +
            " products, forward and backward, of the last epoch; ms/epoch: solve + gradient, mean; s total: the whole fit)\n";
    }

    private static string Masses(IReadOnlyList<double> masses) => "(" + string.Join(", ", masses.Select(Mass)) + ")";

    private static string Mass(double value) => value.ToString("F6", CultureInfo.InvariantCulture);

    private static string Scientific(double value) => value.ToString("0.0E+00", CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
