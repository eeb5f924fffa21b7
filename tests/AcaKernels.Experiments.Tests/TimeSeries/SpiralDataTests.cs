using AcaKernels.Experiments.TimeSeries;

namespace AcaKernels.Experiments.Tests.TimeSeries;

public sealed class SpiralDataTests
{
    private static readonly TimeSeriesSettings Settings = new() { Trajectories = 6, Seed = 5 };

    [Fact]
    public void Generate_SameSeed_GivesTheSameDataBitForBit()
    {
        SpiralData a = SpiralData.Generate(Settings), b = SpiralData.Generate(Settings);
        Assert.Equal(a.Times, b.Times);
        Assert.Equal(a.Offsets, b.Offsets);
        Assert.Equal(a.Observed, b.Observed);
        Assert.Equal(a.Roles, b.Roles);
    }

    [Fact]
    public void Generate_OtherSeed_GivesOtherData()
    {
        SpiralData a = SpiralData.Generate(Settings), b = SpiralData.Generate(Settings with { Seed = 6 });
        Assert.NotEqual(a.Observed[..10], b.Observed[..10]);
    }

    [Fact]
    public void Generate_EachSpiral_HasItsOwnIrregularTimesAndRolesInOrder()
    {
        SpiralData data = SpiralData.Generate(Settings);
        var gaps = new HashSet<double>();
        for (int b = 0; b < data.Trajectories; b++)
        {
            int first = data.Offsets[b], end = data.Offsets[b + 1];
            Assert.Equal(0.0, data.Times[first]);
            Assert.Equal(ObservationRole.Train, data.Roles[first]);   // the start is always fitted
            for (int row = first + 1; row < end; row++)
            {
                double gap = data.Times[row] - data.Times[row - 1];
                Assert.InRange(gap, 0.4 * Settings.MeanGap, 1.6 * Settings.MeanGap);
                gaps.Add(gap);
                bool after = data.Times[row] > Settings.TrainEnd;
                Assert.Equal(after, data.Roles[row] == ObservationRole.Extrapolation);
            }
            Assert.True(data.Times[end - 1] <= Settings.ExtrapolationEnd);
        }
        Assert.True(gaps.Count > data.Rows / 2, "the gaps are not random");
        // 20 % held out inside the window: with ~180 window rows the share lies well within [10 %, 30 %]
        // (3.5 binomial standard deviations either side).
        double heldOut = (double)data.Count(ObservationRole.Interpolation) / (data.Count(ObservationRole.Interpolation) + data.Count(ObservationRole.Train));
        Assert.InRange(heldOut, 0.1, 0.3);
    }

    [Fact]
    public void Generate_EvenSpiralsTurnCounterClockwise_OddOnesClockwise_AndGrow()
    {
        SpiralData data = SpiralData.Generate(Settings);
        for (int b = 0; b < data.Trajectories; b++)
        {
            (double x0, double y0) = data.TruePoint(b, 0);
            (double x1, double y1) = data.TruePoint(b, 0.1);
            double cross = x0 * y1 - y0 * x1;   // > 0: the angle increases (counter-clockwise)
            Assert.Equal(SpiralData.IsClockwise(b), cross < 0);
            Assert.True(Math.Sqrt(x1 * x1 + y1 * y1) > Math.Sqrt(x0 * x0 + y0 * y0));
        }
    }

    [Fact]
    public void Generate_Noise_HasTheAskedStandardDeviation()
    {
        SpiralData data = SpiralData.Generate(Settings with { Trajectories = 200, Noise = 0.05 });
        double sum = 0;
        for (int i = 0; i < data.Observed.Length; i++) sum += Math.Pow(data.Observed[i] - data.Truth[i], 2);
        // ~16,000 Gaussian draws: the sample standard deviation is within 2 % of σ at far more than 5 sigma.
        Assert.Equal(0.05, Math.Sqrt(sum / data.Observed.Length), 0.05 * 0.02);
    }

    [Theory]
    [InlineData(1, 6.0, 8.0, 0.2, 0.2)]
    [InlineData(4, 6.0, 5.0, 0.2, 0.2)]
    [InlineData(4, 6.0, 8.0, 0.0, 0.2)]
    [InlineData(4, 6.0, 8.0, 0.2, 0.9)]
    public void Generate_BadSettings_SaysWhich(int trajectories, double trainEnd, double extrapolationEnd, double gap, double heldOut)
    {
        var settings = new TimeSeriesSettings
        {
            Trajectories = trajectories, TrainEnd = trainEnd, ExtrapolationEnd = extrapolationEnd, MeanGap = gap, HeldOutFraction = heldOut,
        };
        var error = Assert.Throws<ArgumentException>(() => SpiralData.Generate(settings));
        Assert.Matches("trajectories|extrapolation|gap|held-out", error.Message);
    }
}
