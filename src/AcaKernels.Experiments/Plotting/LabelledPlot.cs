using System.Globalization;
using ScottPlot;

namespace AcaKernels.Experiments.Plotting;

/// <summary>
/// What every chart here starts from: a ScottPlot plot drawn in the embedded font (<see cref="EmbeddedFont"/>) with
/// its title and axis labels; and the ticks of an axis that holds log₁₀ values, since ScottPlot has no log scale.
/// </summary>
internal static class LabelledPlot
{
    /// <summary>A new plot in the embedded font, titled <paramref name="title"/>, its axes labelled.</summary>
    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        EmbeddedFont.Register();
        plot.Font.Set(EmbeddedFont.Name);
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        return plot;
    }

    /// <summary>Ticks for an axis of log₁₀ values: at whole numbers, labelled as the powers of ten they stand for
    /// ("1e-6"), with log-spaced minor ticks between them.</summary>
    public static ScottPlot.TickGenerators.NumericAutomatic PowersOfTen() => new()
    {
        IntegerTicksOnly = true,
        MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
        LabelFormatter = value => "1e" + value.ToString("0", CultureInfo.InvariantCulture),
    };
}
