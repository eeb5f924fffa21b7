using AcaKernels.Gpu.Split;

namespace AcaKernels.Gpu.Tests;

/// <summary><see cref="TrajectoryShares"/>: consecutive whole blocks of 1024 in proportion to the weights, the partial
/// last block to the last device that gets any, every trajectory exactly once.</summary>
public sealed class TrajectorySharesTests
{
    [Theory]
    [InlineData(1, new[] { 1.0, 1.0 }, new[] { 1, 0 })]
    [InlineData(1024, new[] { 1.0, 1.0 }, new[] { 1024, 0 })]
    [InlineData(1025, new[] { 1.0, 1.0 }, new[] { 1024, 1 })]
    [InlineData(2500, new[] { 1.0, 1.0 }, new[] { 2048, 452 })]
    [InlineData(2100, new[] { 1.0, 2.0 }, new[] { 1024, 1076 })]
    [InlineData(4096, new[] { 1.0, 1.0, 1.0, 1.0 }, new[] { 1024, 1024, 1024, 1024 })]
    [InlineData(5000, new[] { 3.0, 1.0 }, new[] { 4096, 904 })]
    [InlineData(3000, new[] { 1.0, 1.0, 1.0, 1.0, 1.0 }, new[] { 1024, 1024, 952, 0, 0 })]
    public void Shares_AreWholeBlocksInProportion(int trajectories, double[] weights, int[] expected) =>
        Assert.Equal(expected, TrajectoryShares.Split(trajectories, weights));

    [Fact]
    public void EveryTrajectory_IsInExactlyOneShare()
    {
        var random = new Random(11);
        for (int trial = 0; trial < 500; trial++)
        {
            int trajectories = 1 + random.Next(200_000);
            double[] weights = Enumerable.Range(0, 1 + random.Next(8)).Select(_ => 0.1 + random.NextDouble()).ToArray();
            int[] counts = TrajectoryShares.Split(trajectories, weights);
            Assert.Equal(trajectories, counts.Sum());
            int lastNonEmpty = Array.FindLastIndex(counts, c => c > 0);
            for (int d = 0; d < lastNonEmpty; d++) Assert.Equal(0, counts[d] % 1024);
            // Within one block of the weight's share of all blocks.
            int blocks = (trajectories + 1023) / 1024;
            for (int d = 0; d < counts.Length; d++)
                Assert.True(Math.Abs((counts[d] + 1023) / 1024 - blocks * weights[d] / weights.Sum()) <= 1 + 1e-9,
                    $"B = {trajectories}, weights [{string.Join(", ", weights)}]: device {d} got {counts[d]}");
        }
    }
}
