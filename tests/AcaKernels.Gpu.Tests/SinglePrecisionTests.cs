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

    /// <summary>
    /// Time stays float64 with float32 states: Lorenz (autonomous) from t₀ = 10⁶ gives the outputs it gives from
    /// t₀ = 0. In float32, 10⁶ + h is only resolved to 2⁻⁴ = 0.0625, coarser than this solve's steps (~0.03 at
    /// rtol 1e-4, more than 8 of them in [10⁶, 10⁶ + 0.5], which has 8 float32 points): float32 time could not even
    /// advance by one step. In float64 the shift costs ~1e-10 relative in each step size, so the two solves agree within <see cref="Tolerances.ForSingle"/>'s state tolerance (on every backend:
    /// the shift, not the device, is what differs), and on the CPU accelerator the late start equals the CPU engine's
    /// (which also keeps float64 time) bit for bit.
    /// </summary>
    [Theory]
    [MemberData(nameof(Backends))]
    public void LorenzSingle_LateStartTime_KeepsFloat64Time(GpuBackend backend)
    {
        const int B = 16;
        const double late = 1e6;
        var options = new OdeOptions { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-6 };
        Problem problem = Problems.Lorenz(B, sharedTheta: true);
        float[] z0 = Array.ConvertAll(problem.Z0, v => (float)v), theta = Array.ConvertAll(problem.Theta, v => (float)v);
        double[] early = [0, 0.25, 0.5], shifted = [late, late + 0.25, late + 0.5];
        int rows = B * early.Length * 3;

        using var gpu = new GpuEnsembleSolver<float, Dopri5Stepper<float, Real32, LorenzSystem<float>>>(B, TestBackends.Device(backend), options);
        var (earlyOutputs, lateOutputs, cpuOutputs) = (new float[rows], new float[rows], new float[rows]);
        gpu.Solve(z0, theta, early, earlyOutputs, new SolveResult[B]).ThrowIfFailed();
        var lateResults = new SolveResult[B];
        gpu.Solve(z0, theta, shifted, lateOutputs, lateResults).ThrowIfFailed();
        Tolerances.AssertClose(earlyOutputs, lateOutputs, Tolerances.ForSingle(GpuBackend.OpenCL).State, "outputs from t0 = 1e6 vs t0 = 0");
        Assert.All(lateResults, r => Assert.True(r.Statistics.AcceptedSteps > 8, $"{r.Statistics.AcceptedSteps} steps: not finer than float32's time grid"));

        using var cpu = new EnsembleSolver<float, CpuSystem<float, LorenzSystem<float>>>(B, options);
        cpu.Solve(z0, theta, shifted, cpuOutputs, new SolveResult[B]).ThrowIfFailed();
        Tolerances.AssertClose(cpuOutputs, lateOutputs, Tolerances.ForSingle(backend).State, "outputs from t0 = 1e6 vs the CPU engine");
    }
}
