using AcaKernels.Ensembles;
using AcaKernels.Solving;

namespace AcaKernels.Tests.Ensembles;

/// <summary>
/// The fixed order of a shared θ's gradient sum (ParameterGradientSum): up to 1024 trajectories the plain
/// trajectory-order sum bit for bit; beyond, blocks of 1024 then the block sums, against the order written out here;
/// failed trajectories' rows (garbage: the GPU backward leaves them unwritten) never enter. Rows are random with mixed
/// signs and magnitudes, so a different order would change the bits.
/// </summary>
public sealed class ParameterGradientSumTests
{
    private const int M = 5;

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1024)]
    public void UpToOneBlock_EqualsTrajectoryOrderSum(int trajectories)
    {
        (double[] rows, SolveResult[] results) = Rows(trajectories, seed: trajectories);
        var expected = new double[M];
        for (int b = 0; b < trajectories; b++)
            if (results[b].IsSuccess)
                for (int j = 0; j < M; j++) expected[j] += rows[b * M + j];
        Bits.Equal(expected, Sum(rows, results, trajectories), "gradP");
    }

    [Theory]
    [InlineData(1025)]
    [InlineData(2500)]
    [InlineData(65_537)]
    public void ManyBlocks_EqualsBlockOrderWrittenOut(int trajectories)
    {
        (double[] rows, SolveResult[] results) = Rows(trajectories, seed: trajectories);
        double[] sum = Sum(rows, results, trajectories);
        Bits.Equal(BlockOrder(rows, results, trajectories), sum, "gradP");
        Assert.All(sum, v => Assert.True(double.IsFinite(v)));
    }

    [Fact]
    public void Float_ManyBlocks_EqualsBlockOrderWrittenOut()
    {
        const int trajectories = 3000;
        (double[] wide, SolveResult[] results) = Rows(trajectories, seed: 5);
        float[] rows = Array.ConvertAll(wide, v => (float)v);
        float[] expected = BlockOrder(rows, results, trajectories);
        var blocks = new float[ParameterGradientSum.BlockCount(trajectories) * M];
        var sum = new float[M];
        ParameterGradientSum.SumBlocks<float>(rows, results, M, blocks);
        ParameterGradientSum.SumOfBlocks<float>(blocks, trajectories, M, sum);
        for (int j = 0; j < M; j++) Assert.Equal(BitConverter.SingleToInt32Bits(expected[j]), BitConverter.SingleToInt32Bits(sum[j]));
    }

    /// <summary>The order written out: blocks of 1024 trajectories, each from 0 in trajectory order, then the blocks.</summary>
    private static T[] BlockOrder<T>(T[] rows, SolveResult[] results, int trajectories) where T : System.Numerics.INumberBase<T>
    {
        var expected = new T[M];
        Array.Fill(expected, T.Zero);
        for (int first = 0; first < trajectories; first += 1024)
        {
            var block = new T[M];
            Array.Fill(block, T.Zero);
            for (int b = first; b < Math.Min(trajectories, first + 1024); b++)
                if (results[b].IsSuccess)
                    for (int j = 0; j < M; j++) block[j] += rows[b * M + j];
            for (int j = 0; j < M; j++) expected[j] += block[j];
        }
        return expected;
    }

    private static double[] Sum(double[] rows, SolveResult[] results, int trajectories)
    {
        var blocks = new double[ParameterGradientSum.BlockCount(trajectories) * M];
        var sum = new double[M];
        ParameterGradientSum.SumBlocks<double>(rows, results, M, blocks);
        ParameterGradientSum.SumOfBlocks<double>(blocks, trajectories, M, sum);
        return sum;
    }

    /// <summary>Rows of ±(0.5…1.5)·10^(−3…3); every 13th trajectory failed, its row NaN and ∞.</summary>
    private static (double[] Rows, SolveResult[] Results) Rows(int trajectories, int seed)
    {
        var random = new Random(seed);
        var rows = new double[trajectories * M];
        var results = new SolveResult[trajectories];
        for (int b = 0; b < trajectories; b++)
        {
            bool failed = b % 13 == 5;
            results[b] = new SolveResult(failed ? OdeStatus.NonFiniteState : OdeStatus.Success, 1.0, 10, failed ? 0 : -1, default);
            for (int j = 0; j < M; j++)
                rows[b * M + j] = failed ? (j % 2 == 0 ? double.NaN : double.PositiveInfinity)
                    : (random.Next(2) * 2 - 1) * (0.5 + random.NextDouble()) * Math.Pow(10, random.Next(-3, 4));
        }
        return (rows, results);
    }
}
