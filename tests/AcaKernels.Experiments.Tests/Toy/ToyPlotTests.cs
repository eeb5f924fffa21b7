using AcaKernels.Experiments.Tests.Reporting;
using AcaKernels.Experiments.Toy;

namespace AcaKernels.Experiments.Tests.Toy;

public sealed class ToyPlotTests(SmallToyRun run) : IClassFixture<SmallToyRun>
{
    [Fact]
    public void Plots_AreNonEmptyPngsOfTheRightSizeWithText()
    {
        string folder = Path.Combine(Path.GetTempPath(), $"aca-toy-plots-{Guid.NewGuid():N}");
        try
        {
            var paths = ToyPlots.Write(run.Report, folder);
            Assert.Equal(3 * run.Report.Alphas.Count, paths.Count);
            foreach (string path in paths)
            {
                // Title and x-axis label drawn (the embedded font works), and the three methods' lines.
                ReportChecks.AssertPlot(path, ToyPlots.Width, ToyPlots.Height, minLabelPixels: 50);
            }
            ReportChecks.AssertNoPartialFiles(folder);
        }
        finally { if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true); }
    }
}
