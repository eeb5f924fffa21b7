using AcaKernels.Testing;
using AcaKernels.Gpu.Tests.Reference;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Solving;
using ILGPU;
using ILGPU.Runtime;
using Xunit.Abstractions;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// After warm-up a repeated Solve + Gradient allocates nothing of its own on the calling thread, only ILGPU's fixed
/// per-call objects: 80 bytes per host↔device copy (ILGPU 1.5.3 wraps the span in a CPUMemoryBuffer object on every
/// CopyFromCPU/CopyToCPU; 6 copies per repeated Solve, 4 per Gradient) and, on ILGPU's CPU accelerator, the task object
/// of each kernel launch (it holds the launch's arguments; OpenCL launches allocate nothing). So the bytes are the same
/// for B = 33 and B = 1000, and on OpenCL exactly ten copies' worth.
/// </summary>
public sealed class AllocationTests(ITestOutputHelper output)
{
    /// <summary>Host↔device copies per repeated Solve + Gradient: z₀, θ, times up and outputs, status words, status times
    /// down (the output rows of shared times go up only when their count changes: not on a repeat); seeds up and
    /// ∂L/∂z₀, ∂L/∂θ rows, time gradients down.</summary>
    private const int Copies = 10;

    /// <summary>The CPU accelerator's two launch tasks, bounded: measured 872 bytes for both here.</summary>
    private const int CpuLaunchBudget = 1024;

    public static TheoryData<GpuBackend> Backends() => TestBackends.Rows(GpuBackend.Cpu, GpuBackend.OpenCL);

    [Theory]
    [MemberData(nameof(Backends))]
    public void RepeatedSolveAndGradient_AfterWarmUp_AllocateOnlyIlgpusFixedPerCallObjects(GpuBackend backend)
    {
        long small = SolveAndGradientBytes(backend, 33), large = SolveAndGradientBytes(backend, 1000);
        long copy = CopyBytes(backend);
        output.WriteLine($"{backend}: Solve + Gradient {small} bytes at B = 33, {large} at B = 1000; one ILGPU copy {copy} bytes");
        Assert.Equal(small, large);
        if (backend == GpuBackend.OpenCL) Assert.Equal(Copies * copy, small);
        else Assert.InRange(small, Copies * copy, Copies * copy + CpuLaunchBudget);
    }

    /// <summary>Without per-trajectory results: z₀, θ, times up and outputs, the tally's block sums down; seeds up and
    /// ∂L/∂z₀, ∂L/∂θ's block sums down (no status words, no times). Four launches on the CPU accelerator.</summary>
    [Theory]
    [MemberData(nameof(Backends))]
    public void RepeatedSolveAndGradientWithoutResults_AfterWarmUp_AllocateOnlyIlgpusFixedPerCallObjects(GpuBackend backend)
    {
        const int copies = 8;
        long small = SolveAndGradientBytes(backend, 33, withResults: false), large = SolveAndGradientBytes(backend, 1000, withResults: false);
        long copy = CopyBytes(backend);
        output.WriteLine($"{backend}: Solve + Gradient without results {small} bytes at B = 33, {large} at B = 1000; one ILGPU copy {copy} bytes");
        Assert.Equal(small, large);
        if (backend == GpuBackend.OpenCL) Assert.Equal(copies * copy, small);
        else Assert.InRange(small, copies * copy, copies * copy + 2 * CpuLaunchBudget);
    }

    private static long SolveAndGradientBytes(GpuBackend backend, int trajectories, bool withResults = true)
    {
        Problem problem = Problems.Lorenz(trajectories, sharedTheta: true);
        using var gpu = new GpuEnsembleSolver<double, Dopri5Stepper<double, Real64, LorenzSystem<double>>>(trajectories, TestBackends.Device(backend), problem.Options);
        var outputs = new double[trajectories * problem.Times.Length * 3];
        var results = new SolveResult[withResults ? trajectories : 0];
        var gradZ0 = new double[trajectories * 3];
        var gradTheta = new double[3];
        var gradients = new GradientResult[withResults ? trajectories : 0];
        bool succeeded = true;
        long bytes = AllocationMeter.LeastAllocated(() =>
        {
            succeeded = gpu.Solve(problem.Z0, problem.Theta, problem.Times, outputs, results).IsSuccess
                & gpu.Gradient(problem.Seeds, gradZ0, gradTheta, gradients).IsSuccess;
        });
        Assert.True(succeeded);
        return bytes;
    }

    /// <summary>What one of ILGPU's synchronous host → device copies allocates on this accelerator.</summary>
    private static long CopyBytes(GpuBackend backend)
    {
        Accelerator accelerator = TestBackends.Device(backend).Accelerator;
        using MemoryBuffer1D<double, Stride1D.Dense> buffer = accelerator.Allocate1D<double>(16);
        var host = new double[16];
        return AllocationMeter.LeastAllocated(() => buffer.View.CopyFromCPU(host));
    }
}
