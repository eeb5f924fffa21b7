using ScottPlot;

namespace AcaKernels.Experiments.Plotting;

/// <summary>
/// Box plots side by side, one per group (a method over its seeds), written as a PNG: the box spans the first to the
/// third quartile with a line at the median, the whiskers reach the smallest and largest value (no outlier rule:
/// with a handful of seeds every run is shown as it is), and each value is drawn as a point beside its box.
/// </summary>
/// <remarks>Quartiles by linear interpolation between order statistics (Hyndman and Fan, "Sample Quantiles in
/// Statistical Packages", The American Statistician 50(4), 1996: definition 7, the default of R and NumPy).</remarks>
internal sealed class BoxPlotChart
{
    private readonly Plot _plot;
    private readonly List<double> _positions = [];
    private readonly List<string> _labels = [];

    public BoxPlotChart(string title, string xLabel, string yLabel)
    {
        _plot = LabelledPlot.Create(title, xLabel, yLabel);
    }

    /// <summary>Adds the next group's box at x = 1, 2, …, labelled <paramref name="label"/> on the x axis.
    /// Non-finite values are left out; a group with none keeps its place and label but draws nothing.</summary>
    public void Add(string label, IReadOnlyList<double> values, Color color)
    {
        ArgumentNullException.ThrowIfNull(values);
        double position = _positions.Count + 1;
        _positions.Add(position);
        _labels.Add(label);
        double[] sorted = [.. values.Where(double.IsFinite).Order()];
        if (sorted.Length == 0) return;

        var box = new Box
        {
            Position = position,
            BoxMin = Quantile(sorted, 0.25),
            BoxMax = Quantile(sorted, 0.75),
            BoxMiddle = Quantile(sorted, 0.5),
            WhiskerMin = sorted[0],
            WhiskerMax = sorted[^1],
        };
        // The plottable's colours apply to its boxes (set on the box alone, ScottPlot's palette colour wins).
        var plottable = _plot.Add.Box(box);
        plottable.FillColor = color.WithAlpha(0.35);
        plottable.LineColor = color;
        plottable.LineWidth = 2;

        // The values themselves, a little to the right of the box so they do not hide its median line.
        var points = _plot.Add.ScatterPoints(sorted.Select(_ => position + 0.3).ToArray(), sorted, color.Darken(0.3));
        points.MarkerShape = MarkerShape.FilledCircle;
        points.MarkerSize = 7;
    }

    /// <summary>The q-quantile of sorted values, interpolating linearly between neighbours (definition 7).</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0) throw new ArgumentException("no values.", nameof(sorted));
        double h = (sorted.Count - 1) * q;
        int below = (int)Math.Floor(h);
        int above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (h - below) * (sorted[above] - sorted[below]);
    }

    /// <summary>Writes the chart to <paramref name="path"/> (width × height pixels), its folder created.</summary>
    public void Save(string path, int width, int height)
    {
        _plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. _positions], [.. _labels]);
        _plot.Axes.SetLimitsX(0.4, _positions.Count + 0.6);
        PngFile.Save(_plot, path, width, height);
    }
}
