using AcaKernels.Experiments.Plotting;
using ScottPlot;

namespace AcaKernels.Experiments.Classification;

/// <summary>
/// The classify PNGs: test error along the epochs (classify-error-vs-epoch.png) and along the training wall time
/// (classify-error-vs-time.png), one colour per method, a thin line per seed and a wide one through the median over
/// the seeds; and the test-retest box plot of the final test error over the seeds per method
/// (classify-test-retest.png).
/// </summary>
public static class ClassificationPlots
{
    /// <summary>Size of every PNG, pixels.</summary>
    public const int Width = 1000, Height = 620;

    private static readonly Color[] MethodColors = [Colors.Blue, Colors.OrangeRed, Colors.Green, Colors.Purple];

    /// <summary>Writes the plots into <paramref name="folder"/> and returns their paths.</summary>
    public static IReadOnlyList<string> Write(ClassificationReport report, string folder)
    {
        ArgumentNullException.ThrowIfNull(report);
        int seeds = report.Setup.Seeds.Count, epochCount = report.Setup.Epochs;
        string data = $"{report.Setup.TrainSize} training, {report.Setup.TestSize} test images, {seeds} seed{(seeds == 1 ? "" : "s")}";
        var byEpoch = new LineChart($"Fashion-MNIST test error per epoch ({data})", "epoch", "test error", equalScale: false);
        byEpoch.IntegerTicksX();
        var byTime = new LineChart($"Fashion-MNIST test error vs training time ({data})", "training wall time (s)", "test error", equalScale: false);
        var retest = new BoxPlotChart($"Test-retest: final test error over {seeds} seed{(seeds == 1 ? "" : "s")} ({epochCount} epoch{(epochCount == 1 ? "" : "s")})",
            "method", "final test error");
        for (int k = 0; k < report.Summaries.Count; k++)
        {
            string method = report.Summaries[k].Method;
            Color color = MethodColors[k % MethodColors.Length];
            ClassificationRun[] runs = [.. report.Runs.Where(r => r.Method == method)];
            foreach (ClassificationRun run in runs)
            {
                double[] errors = [.. run.Epochs.Select(e => e.TestError)];
                byEpoch.Add("", [.. run.Epochs.Select(e => (double)e.Epoch)], errors, color.WithAlpha(0.35), LinePattern.Solid, 1, 4);
                byTime.Add("", [.. run.Epochs.Select(e => e.ElapsedTrainSeconds)], errors, color.WithAlpha(0.35), LinePattern.Solid, 1, 4);
            }
            (double[] epochs, double[] seconds, double[] medians) = MedianCurve(runs);
            byEpoch.Add($"{method} (median over seeds)", epochs, medians, color, LinePattern.Solid, 3, 8);
            byTime.Add($"{method} (median over seeds)", seconds, medians, color, LinePattern.Solid, 3, 8);
            retest.Add(method, [.. runs.Select(r => r.FinalTestError).OfType<double>()], color);
        }
        return
        [
            PngFile.SaveInto(folder, "classify-error-vs-epoch.png", byEpoch.Save, Width, Height),
            PngFile.SaveInto(folder, "classify-error-vs-time.png", byTime.Save, Width, Height),
            PngFile.SaveInto(folder, "classify-test-retest.png", retest.Save, Width, Height),
        ];
    }

    /// <summary>Per epoch reached by every run: the epoch, the median elapsed training time and the median test error
    /// over the runs (medians, so one slow or unlucky seed does not pull the curve).</summary>
    private static (double[] Epochs, double[] Seconds, double[] Errors) MedianCurve(IReadOnlyList<ClassificationRun> runs)
    {
        int common = runs.Count == 0 ? 0 : runs.Min(r => r.Epochs.Count);
        var epochs = new double[common];
        var seconds = new double[common];
        var errors = new double[common];
        for (int e = 0; e < common; e++)
        {
            epochs[e] = e + 1;
            seconds[e] = ClassificationSummary.Median([.. runs.Select(r => r.Epochs[e].ElapsedTrainSeconds).Order()]);
            errors[e] = ClassificationSummary.Median([.. runs.Select(r => r.Epochs[e].TestError).Order()]);
        }
        return (epochs, seconds, errors);
    }
}
