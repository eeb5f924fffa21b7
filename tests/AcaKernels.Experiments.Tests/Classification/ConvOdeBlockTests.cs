using AcaKernels.Experiments.Classification;
using Dynamics = AcaKernels.Experiments.Classification.ConvOdeBlock.RhsOde;

namespace AcaKernels.Experiments.Tests.Classification;

/// <summary>
/// The generated ODE-block dynamics against a convolution written independently (bounds checks instead of a padded
/// copy, loops in another order), and its generated VJP against central differences of vᵀf.
/// </summary>
public sealed class ConvOdeBlockTests
{
    private const int C = ConvOdeBlock.Channels, S = ConvOdeBlock.Side, N = ConvOdeBlock.StateSize, M = ConvOdeBlock.ParameterSize;

    [Fact]
    public void Block_KeepsItsLaneVectorJacobianProduct()
    {
        // Its lane VJP holds ~11 400 vectors of tape and arrays (715 KiB), in the workspace the engine allocates (they
        // were on the stack under a 768 KiB lane budget, whose miscount once dropped it: the backward then ran one
        // image at a time).
        var method = typeof(Dynamics).GetMethod("VectorJacobianProductLanes",
            System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Static);
        Assert.NotNull(method);
        Assert.InRange(Dynamics.LaneStepVjpWorkspaceLength, 11_000, 12_000);
    }

    [Fact]
    public void Evaluate_RandomStateAndWeights_EqualsADirectConvolution()
    {
        var random = new Random(11);
        double[] z = Draw(random, N, 1), p = Draw(random, M, 0.3), dz = new double[N];
        Dynamics.Evaluate(0, z, p, dz);
        double[] hidden = Tanh(Convolve(z, p, 0, ConvOdeBlock.B1Offset)), expected = Convolve(hidden, p, ConvOdeBlock.W2Offset, ConvOdeBlock.B2Offset);
        // Same products summed in a different order: rounding only (sums of ~150 terms of size ≤ 1): 1e-12.
        for (int i = 0; i < N; i++) Assert.Equal(expected[i], dz[i], 1e-12);
    }

    [Fact]
    public void VectorJacobianProduct_EveryStateAndParameterDirection_EqualsCentralDifferences()
    {
        var random = new Random(12);
        double[] z = Draw(random, N, 1), p = Draw(random, M, 0.3), v = Draw(random, N, 1);
        double[] gradZ = new double[N], gradP = new double[M];
        double gradT = Dynamics.VectorJacobianProduct(0, z, p, v, gradZ, gradP);
        Assert.Equal(0, gradT);   // autonomous
        Assert.False(Dynamics.DependsOnTime);

        // vᵀf is smooth (tanh between two linear maps): central differences err by h²·|third derivative|/6 ≈ 1e-12
        // plus rounding ε·|vᵀf|/h ≈ 7e-9 (|vᵀf| ~ 30, h = 1e-6); 1e-7 absolute is a safe bar on derivatives of size ~1.
        const double h = 1e-6;
        for (int j = 0; j < N; j++)
            Assert.Equal(Difference(z, p, v, h, j, onState: true), gradZ[j], 1e-7);
        for (int k = 0; k < M; k++)
            Assert.Equal(Difference(z, p, v, h, k, onState: false), gradP[k], 1e-7);
    }

    private static double Difference(double[] z, double[] p, double[] v, double h, int index, bool onState)
    {
        double[] target = onState ? z : p;
        double saved = target[index];
        target[index] = saved + h;
        double plus = Dot(v, Rhs(z, p));
        target[index] = saved - h;
        double minus = Dot(v, Rhs(z, p));
        target[index] = saved;
        return (plus - minus) / (2 * h);
    }

    private static double[] Rhs(double[] z, double[] p)
    {
        var dz = new double[N];
        Dynamics.Evaluate(0, z, p, dz);
        return dz;
    }

    // out[o, y, x] = b[o] + Σ_{i, ky, kx} W[o, i, ky, kx] · in[i, y + ky − 1, x + kx − 1], zero outside the map.
    internal static double[] Convolve(double[] input, double[] p, int weightOffset, int biasOffset)
    {
        var output = new double[N];
        for (int o = 0; o < C; o++)
            for (int y = 0; y < S; y++)
                for (int x = 0; x < S; x++)
                {
                    double sum = p[biasOffset + o];
                    for (int ky = 0; ky < 3; ky++)
                        for (int kx = 0; kx < 3; kx++)
                        {
                            int iy = y + ky - 1, ix = x + kx - 1;
                            if (iy < 0 || iy >= S || ix < 0 || ix >= S) continue;
                            for (int i = 0; i < C; i++)
                                sum += p[weightOffset + ((o * C + i) * 3 + ky) * 3 + kx] * input[(i * S + iy) * S + ix];
                        }
                    output[(o * S + y) * S + x] = sum;
                }
        return output;
    }

    private static double[] Tanh(double[] values) => [.. values.Select(Math.Tanh)];

    private static double Dot(double[] a, double[] b)
    {
        double sum = 0;
        for (int i = 0; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    internal static double[] Draw(Random random, int count, double scale)
    {
        var values = new double[count];
        for (int i = 0; i < count; i++) values[i] = scale * (2 * random.NextDouble() - 1);
        return values;
    }
}
