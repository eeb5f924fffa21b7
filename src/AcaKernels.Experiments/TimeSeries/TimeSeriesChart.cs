using AcaKernels.Experiments.Plotting;
using ScottPlot;

namespace AcaKernels.Experiments.TimeSeries;

/// <summary>The charts of `aca timeseries`, written as PNGs with the embedded font: curves (lines without markers, so
/// that curves which coincide — the methods' losses — stay visible when drawn widest first) and observed points
/// (markers without lines). Either an x-y plane with equal scales (spirals) or a log₁₀ y axis (errors; ScottPlot has
/// no log scale, so values are plotted as log₁₀ and the ticks labelled as powers of ten; values ≤ 0 are left out).</summary>
internal sealed class TimeSeriesChart
{
    private readonly Plot _plot;
    private readonly bool _logY;

    private TimeSeriesChart(string title, string xLabel, string yLabel, bool logY)
    {
        _plot = LabelledPlot.Create(title, xLabel, yLabel);
        _logY = logY;
        if (logY)
            _plot.Axes.Left.TickGenerator = LabelledPlot.PowersOfTen();
        else
            _plot.Axes.SquareUnits();
    }

    /// <summary>An x-y plane with one unit as long on both axes.</summary>
    public static TimeSeriesChart Plane(string title, string xLabel, string yLabel) => new(title, xLabel, yLabel, logY: false);

    /// <summary>A chart with a log₁₀ y axis.</summary>
    public static TimeSeriesChart LogY(string title, string xLabel, string yLabel) => new(title, xLabel, yLabel, logY: true);

    /// <summary>A curve; non-finite points are left out; an empty label keeps it out of the legend.</summary>
    public void Curve(string label, IReadOnlyList<double> x, IReadOnlyList<double> y, Color color, LinePattern pattern, float width)
    {
        (double[] xs, double[] ys) = Finite(x, y);
        if (xs.Length == 0) return;
        var line = _plot.Add.ScatterLine(xs, ys, color);
        line.LegendText = label;
        line.LineWidth = width;
        line.LinePattern = pattern;
    }

    /// <summary>Observed points as markers; an empty label keeps them out of the legend.</summary>
    public void Points(string label, IReadOnlyList<double> x, IReadOnlyList<double> y, Color color, MarkerShape shape, float size)
    {
        (double[] xs, double[] ys) = Finite(x, y);
        if (xs.Length == 0) return;
        var points = _plot.Add.ScatterPoints(xs, ys, color);
        points.LegendText = label;
        points.MarkerShape = shape;
        points.MarkerSize = size;
    }

    /// <summary>Writes the chart to <paramref name="path"/> (width × height pixels), its folder created.</summary>
    public void Save(string path, int width, int height)
    {
        _plot.ShowLegend(Edge.Right);
        PngFile.Save(_plot, path, width, height);   // never a half-written PNG under the real name
    }

    private (double[], double[]) Finite(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < x.Count; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i]) || (_logY && !(y[i] > 0))) continue;
            xs.Add(x[i]);
            ys.Add(_logY ? Math.Log10(y[i]) : y[i]);
        }
        return ([.. xs], [.. ys]);
    }
}
