using AcaKernels.Experiments.Tests.Reporting;
using AcaKernels.Experiments.Toy;

namespace AcaKernels.Experiments.Tests.Toy;

public sealed class ToyPlotTests(SmallToyRun run) : IClassFixture<SmallToyRun>
{
    [Fact]
    public void Plots_AreNonEmptyPngsOfTheRightSizeWithText()
    {
        // Title and x-axis label drawn (the embedded font works), and the three methods' lines.
        var paths = ReportChecks.AssertPlotsWritten("toy", folder => ToyPlots.Write(run.Report, folder), ToyPlots.Width, ToyPlots.Height,
            minLabelPixels: 50);
        Assert.Equal(3 * run.Report.Alphas.Count, paths.Count);
    }
}
