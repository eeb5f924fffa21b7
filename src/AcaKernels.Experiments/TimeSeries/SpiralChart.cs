using AcaKernels.Experiments.Plotting;
using ScottPlot;

namespace AcaKernels.Experiments.TimeSeries;

/// <summary>An x-y chart of spirals with equal scales on both axes: curves (lines without markers) and observed
/// points (markers without lines), written as a PNG with the embedded font.</summary>
internal sealed class SpiralChart
{
    private readonly Plot _plot = new();

    public SpiralChart(string title, string xLabel, string yLabel)
    {
        EmbeddedFont.Register();
        _plot.Font.Set(EmbeddedFont.Name);
        _plot.Title(title);
        _plot.XLabel(xLabel);
        _plot.YLabel(yLabel);
        _plot.Axes.SquareUnits();
    }

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
        string full = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        string temporary = Path.Combine(Path.GetDirectoryName(full)!, "." + Path.GetFileName(full) + ".partial.png");
        _plot.SavePng(temporary, width, height);
        File.Move(temporary, full, overwrite: true);   // never a half-written PNG under the real name
    }

    private static (double[], double[]) Finite(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        for (int i = 0; i < x.Count; i++)
        {
            if (!double.IsFinite(x[i]) || !double.IsFinite(y[i])) continue;
            xs.Add(x[i]);
            ys.Add(y[i]);
        }
        return ([.. xs], [.. ys]);
    }
}
