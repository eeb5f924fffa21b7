using AcaKernels.Testing;
using AcaKernels.Experiments.Lorenz;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Native.Tests;

/// <summary>
/// After its first call, the native solver's Solve and Gradient allocate no managed memory (the kernels' by-value
/// arguments are made once, the launch's argument tables live on the stack, the host buffers are the solver's), unlike
/// ILGPU's path, whose copies allocate 80 bytes each (AllocationTests in AcaKernels.Gpu.Tests). B stays below the size
/// where the host pass runs on worker threads, so every byte is charged to this thread.
/// </summary>
public sealed class NativeAllocationTests
{
    [OpenCLFact]
    public void OpenCL_SolveAndGradient_AllocateNothing() => Assert.Equal(0, Allocated(GpuBackend.OpenCL, perTrajectory: true));

    /// <summary>Without per-trajectory results: the device tally's launch and read, and the gradient without a host pass.</summary>
    [OpenCLFact]
    public void OpenCL_SolveAndGradientWithoutResults_AllocateNothing() => Assert.Equal(0, Allocated(GpuBackend.OpenCL, perTrajectory: false));

    [CudaFact]
    public void Cuda_SolveAndGradient_AllocateNothing() => Assert.Equal(0, Allocated(GpuBackend.Cuda, perTrajectory: true));

    [CudaFact]
    public void Cuda_SolveAndGradientWithoutResults_AllocateNothing() => Assert.Equal(0, Allocated(GpuBackend.Cuda, perTrajectory: false));

    private static long Allocated(GpuBackend backend, bool perTrajectory)
    {
        Problem problem = Problem.Lorenz(64, sharedTheta: true);
        int b = problem.Trajectories;
        using var solver = new NativeGpuEnsembleSolver<double, LorenzDynamics.RhsOde.Gpu.DormandPrince5>(b, Native.Catalog, problem.Options,
            new GpuEnsembleOptions { Backend = backend });
        var outputs = new double[b * problem.Times.Length * problem.N];
        var (gradZ0, gradTheta) = (new double[b * problem.N], new double[problem.Theta.Length]);
        var (results, gradients) = perTrajectory ? (new SolveResult[b], new GradientResult[b]) : ([], []);
        void Call()
        {
            solver.Solve(problem.Z0, problem.Theta, problem.Times, outputs, results).ThrowIfFailed();
            solver.Gradient(problem.Seeds, gradZ0, gradTheta, gradients).ThrowIfFailed();
        }
        return AllocationMeter.LeastAllocated(Call);
    }
}
