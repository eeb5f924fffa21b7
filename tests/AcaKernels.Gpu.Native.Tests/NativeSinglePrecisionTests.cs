using AcaKernels.Ensembles;
using AcaKernels.Experiments.Lorenz;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Native.Tests;

/// <summary>
/// The float32 Lorenz Dormand-Prince 5 kernels `aca` embeds (its AcaGpuKernel list), launched through the native
/// OpenCL path on PoCL: the same bits as GpuEnsembleSolver through ILGPU on the same device, and the CPU engine's
/// float32 results within the float32 row of the GPU tests' tolerance table.
/// </summary>
/// <remarks>
/// Against ILGPU on the same device: 0 (the same OpenCL C, built by the same driver, with the same arguments). Against
/// the CPU engine: states 1e-4, gradients 1e-3 relative (|Δ| ≤ tol·max(1, |cpu|)), AcaKernels.Gpu.Tests'
/// Support/Tolerances.cs ForSingle: float's ulp is 6e-8 and a solve accumulates a few hundred roundings (PoCL contracts
/// multiply-adds where .NET does not), amplified ~e^0.9 over Lorenz's t ∈ [0, 1].
/// </remarks>
public sealed class NativeSinglePrecisionTests
{
    [OpenCLFact]
    public void LorenzSingle_EqualsIlgpuBitwise_AndMatchesCpuEngine()
    {
        const int B = 100;
        var options = new OdeOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-6 };
        var random = new Random(5);
        float[] z0 = Enumerable.Range(0, 3 * B).Select(_ => (float)(1 + 0.1 * (2 * random.NextDouble() - 1))).ToArray();
        float[] seeds = Enumerable.Range(0, 2 * 3 * B).Select(i => i % 6 < 3 ? 0f : (float)(2 * random.NextDouble() - 1)).ToArray();
        float[] theta = [10f, 28f, 8f / 3f];
        double[] times = [0, 1];

        using var native = new NativeGpuEnsembleSolver<float, LorenzDynamics.RhsSingleOde.Gpu.DormandPrince5>(B, Native.Catalog, options,
            new GpuEnsembleOptions { Backend = GpuBackend.OpenCL });
        using var ilgpu = new GpuEnsembleSolver<float, LorenzDynamics.RhsSingleOde.Gpu.DormandPrince5>(B, options,
            new GpuEnsembleOptions { Backend = GpuBackend.OpenCL });
        using var cpu = new EnsembleSolver<float, LorenzDynamics.RhsSingleOde>(B, options);
        var (nOut, iOut, cOut) = (new float[6 * B], new float[6 * B], new float[6 * B]);
        var (nZ, iZ, cZ) = (new float[3 * B], new float[3 * B], new float[3 * B]);
        var (nP, iP, cP) = (new float[3], new float[3], new float[3]);
        native.Solve(z0, theta, times, nOut, new SolveResult[B]).ThrowIfFailed();
        native.Gradient(seeds, nZ, nP, new GradientResult[B]).ThrowIfFailed();
        ilgpu.Solve(z0, theta, times, iOut, new SolveResult[B]).ThrowIfFailed();
        ilgpu.Gradient(seeds, iZ, iP, new GradientResult[B]).ThrowIfFailed();
        cpu.Solve(z0, theta, times, cOut, new SolveResult[B]).ThrowIfFailed();
        cpu.Gradient(seeds, cZ, cP, new GradientResult[B]).ThrowIfFailed();

        Assert.Equal(iOut, nOut);
        Assert.Equal(iZ, nZ);
        Assert.Equal(iP, nP);
        Close(cOut, nOut, 1e-4, "outputs");
        Close(cZ, nZ, 1e-3, "∂L/∂z0");
        Close(cP, nP, 1e-3, "∂L/∂θ");
    }

    private static void Close(float[] expected, float[] actual, double tolerance, string what)
    {
        for (int i = 0; i < expected.Length; i++)
            Assert.True(Math.Abs((double)actual[i] - expected[i]) <= tolerance * Math.Max(1, Math.Abs((double)expected[i])),
                $"{what}[{i}]: {actual[i]} vs CPU engine {expected[i]} (tolerance {tolerance})");
    }
}
