using AcaKernels.Experiments.Plotting;
using AcaKernels.Solving;
using ScottPlot;

namespace AcaKernels.Experiments.TimeSeries;

/// <summary>
/// The timeseries PNGs: the training loss and the extrapolation error along the epochs, one colour per method, with
/// the mean predictor's error for scale (timeseries-loss.png); and per method the first <see cref="Shown"/> spirals
/// (two each way): true curve, fitted curve inside the window and extrapolated after it, fitted and held-out
/// observations (timeseries-fit-{method}.png).
/// </summary>
public static class TimeSeriesPlots
{
    /// <summary>Size of every PNG, pixels.</summary>
    public const int Width = 1000, Height = 640;

    /// <summary>Spirals drawn per fit plot.</summary>
    public const int Shown = 4;

    /// <summary>Points along each drawn curve.</summary>
    private const int CurvePoints = 300;

    private static readonly Color[] MethodColors = [Colors.Blue, Colors.OrangeRed, Colors.Green, Colors.Purple];
    private static readonly Color[] SpiralColors = [Colors.Blue, Colors.OrangeRed, Colors.Green, Colors.Purple];

    /// <summary>Writes the plots into <paramref name="folder"/> and returns their paths. The data are generated again
    /// from the report's settings and the fitted curves solved again from its parameters.</summary>
    public static IReadOnlyList<string> Write(TimeSeriesReport report, string folder)
    {
        var paths = new List<string>();
        var loss = TimeSeriesChart.LogY("Neural ODE vs GRU on spirals: train loss (solid), extrapolation MSE (dashed)",
            "epoch", "mean squared error per coordinate");
        IReadOnlyList<TimeSeriesFit> trained = TimeSeriesTables.Trained(report);
        for (int k = 0; k < trained.Count; k++)
        {
            TimeSeriesFit fit = trained[k];
            double[] epochs = [.. fit.EpochLog.Select(e => (double)e.Epoch)];
            Color color = MethodColors[k % MethodColors.Length];
            float width = 2 + 3 * Math.Max(0, report.Fits.Count - 1 - k);   // first method widest: coinciding curves all show
            loss.Curve($"{fit.Method} train loss", epochs, [.. fit.EpochLog.Select(e => e.Loss)], color, LinePattern.Solid, width);
            loss.Curve($"{fit.Method} extrapolation", epochs, [.. fit.EpochLog.Select(e => e.Extrapolation ?? double.NaN)], color, LinePattern.Dashed, width);
        }
        if (report.MeanPredictor.Extrapolation is { } mean && trained.Any(f => f.EpochLog.Count > 0))
        {
            int last = trained.Max(f => f.EpochLog.Count);
            loss.Curve("mean predictor (extrapolation)", [1.0, last], [mean, mean], Colors.Gray, LinePattern.Dotted, 2);
        }
        paths.Add(Save(folder, "timeseries-loss.png", loss.Save));

        SpiralData data = SpiralData.Generate(DataSettings(report));
        foreach (TimeSeriesFit fit in report.Fits)
            paths.Add(Save(folder, $"timeseries-fit-{fit.Method}.png", Fit(report, data, fit).Save));
        return paths;
    }

    private static TimeSeriesChart Fit(TimeSeriesReport report, SpiralData data, TimeSeriesFit fit)
    {
        double trainEnd = report.Data.TrainEnd, end = report.Data.ExtrapolationEnd;
        var chart = TimeSeriesChart.Plane($"Spirals fitted by the neural ODE ({fit.Method} gradients, {fit.EpochLog.Count} epochs): " +
            $"window [0, {trainEnd:0.##}], extrapolated to {end:0.##}", "x", "y");
        double[] times = [.. Enumerable.Range(0, CurvePoints).Select(i => end * i / (CurvePoints - 1))];
        var solver = new OdeSolver<double, SpiralOde.RhsOde>(TimeSeriesTrainer.Options(report.Tolerance, Gradients.GradientMethod.None));
        double[] theta = [.. fit.Parameters.Take(SpiralOde.ParameterSize)];
        var states = new double[CurvePoints * SpiralOde.StateSize];
        for (int b = 0; b < Math.Min(Shown, data.Trajectories); b++)
        {
            Color color = SpiralColors[b % SpiralColors.Length];
            string turn = SpiralData.IsClockwise(b) ? "cw" : "ccw";
            (double X, double Y)[] truth = [.. times.Select(t => data.TruePoint(b, t))];
            chart.Curve($"spiral {b + 1} ({turn}) true", [.. truth.Select(p => p.X)], [.. truth.Select(p => p.Y)], color.WithAlpha(0.35), LinePattern.Solid, 5);

            double[] z0 = [.. fit.Parameters.Skip(SpiralOde.ParameterSize + b * SpiralOde.StateSize).Take(SpiralOde.StateSize)];
            bool solved = z0.All(double.IsFinite) && theta.All(double.IsFinite) && solver.Solve(z0, theta, times, states).IsSuccess;
            if (solved)
            {
                int split = Array.FindLastIndex(times, t => t <= trainEnd);
                var x = states.Where((_, i) => i % SpiralOde.StateSize == 0).ToArray();
                var y = states.Where((_, i) => i % SpiralOde.StateSize == 1).ToArray();
                chart.Curve(b == 0 ? "fitted (window)" : "", x[..(split + 1)], y[..(split + 1)], color.Darken(0.3), LinePattern.Solid, 2);
                chart.Curve(b == 0 ? "extrapolated" : "", x[split..], y[split..], color.Darken(0.3), LinePattern.Dashed, 2);
            }
            Observations(chart, data, b, ObservationRole.Train, b == 0 ? "fitted points" : "", color, MarkerShape.FilledCircle, 5);
            Observations(chart, data, b, ObservationRole.Interpolation, b == 0 ? "held out (interpolation)" : "", color, MarkerShape.OpenSquare, 8);
            Observations(chart, data, b, ObservationRole.Extrapolation, b == 0 ? "held out (extrapolation)" : "", color, MarkerShape.Cross, 8);
        }
        return chart;
    }

    private static void Observations(TimeSeriesChart chart, SpiralData data, int b, ObservationRole role, string label, Color color, MarkerShape shape, float size)
    {
        var x = new List<double>();
        var y = new List<double>();
        for (int row = data.Offsets[b]; row < data.Offsets[b + 1]; row++)
        {
            if (data.Roles[row] != role) continue;
            x.Add(data.Observed[2 * row]);
            y.Add(data.Observed[2 * row + 1]);
        }
        chart.Points(label, x, y, color, shape, size);
    }

    /// <summary>The settings that regenerate the report's data set.</summary>
    private static TimeSeriesSettings DataSettings(TimeSeriesReport report) => new()
    {
        Seed = report.Seed, Trajectories = report.Data.Trajectories, TrainEnd = report.Data.TrainEnd,
        ExtrapolationEnd = report.Data.ExtrapolationEnd, MeanGap = report.Data.MeanGap,
        HeldOutFraction = report.Data.HeldOutFraction, Noise = report.Data.Noise, Tolerance = report.Tolerance,
    };

    private static string Save(string folder, string name, Action<string, int, int> save) =>
        PngFile.SaveInto(folder, name, save, Width, Height);
}
