using System.Globalization;
using AcaKernels.Experiments.Common;

namespace AcaKernels.Experiments.TimeSeries;

/// <summary>The text tables of `aca timeseries`: the training loss and held-out errors along the epochs, one column
/// group per method, and a summary of each fit against the mean predictor.</summary>
public static class TimeSeriesTables
{
    /// <summary>Both tables, the epoch table listing every <paramref name="every"/>-th epoch (and the first and last).</summary>
    public static string Render(TimeSeriesReport report, int every = 25) => Epochs(report, every) + "\n" + Summary(report);

    /// <summary>Loss, interpolation and extrapolation MSE at the start of each listed epoch, per method.</summary>
    public static string Epochs(TimeSeriesReport report, int every)
    {
        if (every < 1) throw new ArgumentException($"every = {every}: list at least every epoch (1).", nameof(every));
        var table = new TextTable(
            $"Training loss and held-out MSE at the start of each epoch (mean predictor: interpolation {Scientific(report.MeanPredictor.Interpolation)}, " +
            $"extrapolation {Scientific(report.MeanPredictor.Extrapolation)}; noise floor {Scientific(report.Data.Noise * report.Data.Noise)})",
            ["epoch", .. report.Fits.SelectMany(f => (string[])[$"{f.Method} loss", $"{f.Method} interp", $"{f.Method} extrap"])]);
        int longest = report.Fits.Count == 0 ? 0 : report.Fits.Max(f => f.EpochLog.Count);
        for (int e = 1; e <= longest; e++)
        {
            if (e != 1 && e != longest && e % every != 0) continue;
            var cells = new List<string> { e.ToString(CultureInfo.InvariantCulture) };
            foreach (TimeSeriesFit fit in report.Fits)
            {
                if (e > fit.EpochLog.Count) { cells.AddRange(["-", "-", "-"]); continue; }
                TimeSeriesEpoch epoch = fit.EpochLog[e - 1];
                cells.AddRange([Scientific(epoch.Loss), Scientific(epoch.Interpolation), Scientific(epoch.Extrapolation)]);
            }
            table.Add([.. cells]);
        }
        return table.ToString();
    }

    /// <summary>Per method: final loss, held-out errors, how many times better than the mean predictor, cost, time.</summary>
    public static string Summary(TimeSeriesReport report)
    {
        TimeSeriesDataSummary data = report.Data;
        var table = new TextTable(
            $"Neural ODE on {data.Trajectories} noisy spirals after {report.Epochs} epochs ({report.Optimiser}; {report.Model.Hidden} tanh units, " +
            $"{report.Model.SharedParameters} shared weights + {report.Model.StartParameters} start values; {report.Tableau} rtol = atol = {Scientific(report.Tolerance)}; " +
            $"{data.TrainCount} fitted / {data.InterpolationCount} interpolation / {data.ExtrapolationCount} extrapolation points)",
            "method", "epochs", "train MSE", "interp MSE", "extrap MSE", "interp x better", "extrap x better", "steps", "ms/epoch", "s total", "status");
        table.Add("mean", "-", "-", Scientific(report.MeanPredictor.Interpolation), Scientific(report.MeanPredictor.Extrapolation), "1", "1", "-", "-", "-", "-");
        foreach (TimeSeriesFit fit in report.Fits)
            table.Add(fit.Method, fit.EpochLog.Count.ToString(CultureInfo.InvariantCulture), Scientific(fit.FinalLoss),
                Scientific(fit.HeldOut.Interpolation), Scientific(fit.HeldOut.Extrapolation),
                Ratio(report.MeanPredictor.Interpolation, fit.HeldOut.Interpolation), Ratio(report.MeanPredictor.Extrapolation, fit.HeldOut.Extrapolation),
                fit.AcceptedSteps.ToString(CultureInfo.InvariantCulture), fit.EpochMilliseconds.ToString("F1", CultureInfo.InvariantCulture),
                fit.Seconds.ToString("F2", CultureInfo.InvariantCulture), fit.Status == "Success" ? "ok" : "failed");
        return table.ToString() +
            $"(MSE per coordinate against the noisy observations, noise floor {Scientific(data.Noise * data.Noise)}; x better: the mean predictor's MSE\n" +
            $" over the fit's; steps: accepted steps of the last solve, all spirals; interpolation: held-out times in [0, {Number(data.TrainEnd)}],\n" +
            $" extrapolation: ({Number(data.TrainEnd)}, {Number(data.ExtrapolationEnd)}])\n";
    }

    /// <summary>How many times smaller <paramref name="fit"/> is than <paramref name="baseline"/>, or "-".</summary>
    public static double? Factor(double? baseline, double? fit) =>
        baseline is { } b && fit is { } f && f > 0 ? b / f : null;

    private static string Ratio(double? baseline, double? fit) =>
        Factor(baseline, fit) is { } r ? r.ToString(r >= 100 ? "F0" : "F1", CultureInfo.InvariantCulture) : "-";

    private static string Scientific(double? value) => value is { } v ? v.ToString("0.00E+00", CultureInfo.InvariantCulture) : "-";

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
