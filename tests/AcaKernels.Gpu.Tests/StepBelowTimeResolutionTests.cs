using AcaKernels.Ensembles;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Gpu.Tests.Systems;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// A trajectory whose first step t cannot represent (t₀ = 1.7e9, a Unix time resolving 2.4e-7, and a relaxation rate
/// of 1e8, so h₀ ≈ 1e-10): the CPU engine stops it with StepSizeUnderflow before the first empty step, and so must
/// the forward kernels (they took 10⁴ empty steps to MaxSteps here, where the CPU engine now stops at once). The
/// healthy trajectories beside it succeed.
/// </summary>
public sealed class StepBelowTimeResolutionTests
{
    private const int B = 5, Stuck = 2, N = 4, M = 3;

    public static TheoryData<GpuBackend> Backends() => TestBackends.Rows(GpuBackend.Cpu, GpuBackend.OpenCL, GpuBackend.Cuda);

    [Theory]
    [MemberData(nameof(Backends))]
    public void StepBelowTheResolutionOfT_IsStepSizeUnderflow_AsOnTheCpu(GpuBackend backend)
    {
        const double t0 = 1.7e9;
        double[] times = [t0, t0 + 0.5, t0 + 1];
        var options = new OdeOptions { RelativeTolerance = 1e-6, AbsoluteTolerance = 1e-8, MaxSteps = 10_000 };
        var z0 = new double[B * N];
        var theta = new double[B * M];
        for (int b = 0; b < B; b++)
        {
            z0[b * N] = 1;
            z0[b * N + 3] = 0.05 * b;
            double[] own = b == Stuck ? [0.5, 0.5, 1e8] : [0.5, 0.5, 1.0];
            own.CopyTo(theta, b * M);
        }
        using var cpu = new EnsembleSolver<double, Hazards.RhsOde>(B, options);
        using var gpu = new GpuEnsembleSolver<double, Hazards.RhsOde.Gpu.DormandPrince5>(B, TestBackends.Device(backend), options);
        var (cpuResults, gpuResults) = (new SolveResult[B], new SolveResult[B]);
        cpu.Solve(z0, theta, times, new double[B * times.Length * N], cpuResults);
        EnsembleResult solve = gpu.Solve(z0, theta, times, new double[B * times.Length * N], gpuResults);

        Assert.Equal(OdeStatus.StepSizeUnderflow, cpuResults[Stuck].Status);
        Assert.Equal(1, solve.Failed);
        Assert.Equal(OdeStatus.StepSizeUnderflow, gpuResults[Stuck].Status);
        Assert.Equal(t0, gpuResults[Stuck].Time);
        Assert.Equal(0, gpuResults[Stuck].Step);
        if (backend == GpuBackend.Cpu) Assert.Equal(cpuResults[Stuck].StepSize, gpuResults[Stuck].StepSize);
        // The kernels report the t and h the message needs (t + h == t), so it names the case as the CPU's does.
        Assert.Contains("the step is below the resolution of t", gpuResults[Stuck].Describe(), StringComparison.Ordinal);
        Assert.Contains("measure time from the start of the solve", solve.Describe(), StringComparison.Ordinal);
    }
}
