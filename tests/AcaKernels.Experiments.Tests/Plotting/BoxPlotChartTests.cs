using AcaKernels.Experiments.Plotting;

namespace AcaKernels.Experiments.Tests.Plotting;

public sealed class BoxPlotChartTests
{
    [Theory]
    // Reference values: NumPy's default percentile (linear interpolation, Hyndman-Fan definition 7), e.g.
    // numpy.percentile([1, 2, 3, 4], 25) = 1.75; exact in binary for these inputs.
    [InlineData(new[] { 1.0, 2, 3, 4 }, 0.25, 1.75)]
    [InlineData(new[] { 1.0, 2, 3, 4 }, 0.5, 2.5)]
    [InlineData(new[] { 1.0, 2, 3, 4 }, 0.75, 3.25)]
    [InlineData(new[] { 0.1, 0.2, 0.4 }, 0.5, 0.2)]
    [InlineData(new[] { 5.0 }, 0.25, 5.0)]
    [InlineData(new[] { 1.0, 3 }, 1.0, 3.0)]
    public void Quantile_OfSortedValues_InterpolatesLinearly(double[] sorted, double q, double expected) =>
        Assert.Equal(expected, BoxPlotChart.Quantile(sorted, q), 15);

    [Fact]
    public void Quantile_OfNoValues_Throws() =>
        Assert.Throws<ArgumentException>(() => BoxPlotChart.Quantile([], 0.5));
}
