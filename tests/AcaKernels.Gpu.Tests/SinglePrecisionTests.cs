using AcaKernels.Ensembles;
using AcaKernels.Gpu.Tests.Reference;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Solving;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// float32 states through the same kernels (float64 time and step sizes, error norms in double as on the CPU):
/// Lorenz in float against the CPU engine's <c>EnsembleSolver&lt;float, …&gt;</c>, per <see cref="Tolerances.ForSingle"/>.
/// </summary>
public sealed class SinglePrecisionTests
{
    public static TheoryData<GpuBackend> Backends() => TestBackends.Rows(GpuBackend.Cpu, GpuBackend.OpenCL);

    [Theory]
    [MemberData(nameof(Backends))]
    public void LorenzSingle_MatchesCpuEnsemble(GpuBackend backend)
    {
        const int B = 100;
        var options = new OdeOptions { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-6 };
        Problem problem = Problems.Lorenz(B, sharedTheta: true);
        float[] z0 = Array.ConvertAll(problem.Z0, v => (float)v), theta = Array.ConvertAll(problem.Theta, v => (float)v);
        float[] seeds = Array.ConvertAll(problem.Seeds, v => (float)v);
        int rows = B * problem.Times.Length * 3;

        using var cpu = new EnsembleSolver<float, CpuSystem<float, LorenzSystem<float>>>(B, options);
        using var gpu = new GpuEnsembleSolver<float, Dopri5Stepper<float, Real32, LorenzSystem<float>>>(B, TestBackends.Device(backend), options);
        var (cpuOutputs, gpuOutputs) = (new float[rows], new float[rows]);
        cpu.Solve(z0, theta, problem.Times, cpuOutputs, new SolveResult[B]).ThrowIfFailed();
        gpu.Solve(z0, theta, problem.Times, gpuOutputs, new SolveResult[B]).ThrowIfFailed();
        var (cpuZ0, gpuZ0, cpuTheta, gpuTheta) = (new float[B * 3], new float[B * 3], new float[3], new float[3]);
        cpu.Gradient(seeds, cpuZ0, cpuTheta, new GradientResult[B]).ThrowIfFailed();
        gpu.Gradient(seeds, gpuZ0, gpuTheta, new GradientResult[B]).ThrowIfFailed();

        Tolerances.Entry tolerance = Tolerances.ForSingle(backend);
        Tolerances.AssertClose(cpuOutputs, gpuOutputs, tolerance.State, "outputs");
        Tolerances.AssertClose(cpuZ0, gpuZ0, tolerance.Gradient, "∂L/∂z0");
        Tolerances.AssertClose(cpuTheta, gpuTheta, tolerance.Gradient, "∂L/∂θ");
    }
}
