using ScottPlot;

namespace AcaKernels.Experiments.Plotting;

/// <summary>A line chart with linear, labelled axes, written as a PNG (<see cref="LogLogChart"/> for log axes).
/// With <c>equalScale</c> one unit spans as many pixels on both axes, so orbits keep their shape.</summary>
internal sealed class LineChart
{
    private readonly Plot _plot;

    public LineChart(string title, string xLabel, string yLabel, bool equalScale)
    {
        _plot = LabelledPlot.Create(title, xLabel, yLabel);
        if (equalScale) _plot.Axes.SquareUnits();
    }

    /// <summary>Adds a line, without markers unless <paramref name="markerSize"/> is positive (a line of one point
    /// shows only as its marker); non-finite points are left out; an empty label keeps it out of the legend.</summary>
    public void Add(string label, IReadOnlyList<double> x, IReadOnlyList<double> y, Color color, LinePattern pattern, float width = 2,
        float markerSize = 0)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < x.Count; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) continue;
            xs.Add(x[i]);
            ys.Add(y[i]);
        }
        if (xs.Count == 0) return;
        var line = _plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), color);
        line.LegendText = label;
        line.LineWidth = width;
        line.LinePattern = pattern;
        if (markerSize > 0)
        {
            line.MarkerSize = markerSize;
            line.MarkerShape = MarkerShape.FilledCircle;
        }
    }

    /// <summary>Ticks the x axis at whole numbers only (epochs, counts).</summary>
    public void IntegerTicksX() =>
        _plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };

    /// <summary>Marks one point (a start position) with a filled circle, without a legend entry.</summary>
    public void Mark(double x, double y, Color color)
    {
        var marker = _plot.Add.Marker(x, y, MarkerShape.FilledCircle, 9, color);
        marker.LegendText = "";
    }

    /// <summary>Writes the chart to <paramref name="path"/> (width × height pixels), its folder created.</summary>
    public void Save(string path, int width, int height)
    {
        _plot.ShowLegend(Edge.Right);
        PngFile.Save(_plot, path, width, height);   // never a half-written PNG under the real name
    }
}
