using ScottPlot;

namespace AcaKernels.Experiments.Plotting;

/// <summary>
/// A line chart with labelled axes and a log₁₀ y axis (and optionally x axis), written as a PNG. ScottPlot has no
/// log scale of its own: values are plotted as log₁₀ and the ticks labelled as powers of ten. Values ≤ 0 (an
/// error that is exactly zero) are drawn at <see cref="Floor"/> so the line stays visible.
/// </summary>
internal sealed class LogLogChart
{
    /// <summary>Smallest value drawn: below double rounding, so it never hides a measured error.</summary>
    public const double Floor = 1e-17;

    private readonly Plot _plot;
    private readonly bool _logX;

    public LogLogChart(string title, string xLabel, string yLabel, bool logX)
    {
        _plot = LabelledPlot.Create(title, xLabel, yLabel);
        _logX = logX;
        _plot.Axes.Left.TickGenerator = LabelledPlot.PowersOfTen();
        if (logX) _plot.Axes.Bottom.TickGenerator = LabelledPlot.PowersOfTen();
    }

    /// <summary>Adds a line with markers; points with a non-finite y (a failed solve) are left out.</summary>
    public void Add(string label, IReadOnlyList<double> x, IReadOnlyList<double?> y, Color color, bool dashed = false)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < x.Count; i++)
        {
            if (y[i] is not { } value || !double.IsFinite(value)) continue;
            xs.Add(_logX ? Math.Log10(x[i]) : x[i]);
            ys.Add(Math.Log10(Math.Max(value, Floor)));
        }
        if (xs.Count == 0) return;
        var line = _plot.Add.Scatter(xs.ToArray(), ys.ToArray(), color);
        line.LegendText = label;
        line.LineWidth = 2;
        line.MarkerSize = 6;
        if (dashed) line.LinePattern = LinePattern.Dashed;
    }

    /// <summary>Writes the chart to <paramref name="path"/> (width × height pixels), its folder created.</summary>
    public void Save(string path, int width, int height)
    {
        _plot.ShowLegend(Edge.Right);   // outside the data area: it never hides a point
        PngFile.Save(_plot, path, width, height);   // never a half-written PNG under the real name
    }
}
