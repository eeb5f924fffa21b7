using AcaKernels.Gpu.Tests.Reference;
using AcaKernels.Gpu.Tests.Support;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// B = 65 537 (one past a power of two: the last thread group is almost empty) and per-trajectory output times:
/// Lorenz over a short horizon at rtol 10⁻⁵ (about 20 steps each), so the checkpoints (capacity 64: 65 537 · 64 · 40 B
/// ≈ 170 MB) and the run fit the CI machine.
/// </summary>
public sealed class LargeEnsembleTests
{
    public static TheoryData<GpuBackend> Backends() => TestBackends.Rows(GpuBackend.Cpu, GpuBackend.OpenCL);

    [Theory]
    [MemberData(nameof(Backends))]
    public void Lorenz_65537Trajectories_MatchesCpuEnsemble(GpuBackend backend)
    {
        const int B = 65_537;
        Problem problem = Problems.Lorenz(B, sharedTheta: true, times: [0, 0.1, 0.2],
            options: Problems.Options with { RelativeTolerance = 1e-5, AbsoluteTolerance = 1e-7 });
        CpuComparison.Compare<LorenzSystem<double>>(problem, B, backend, capacity: 64);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void Lorenz_PerTrajectoryTimes_MatchesCpuEnsemble(GpuBackend backend)
    {
        const int B = 5;
        Problem problem = Problems.Lorenz(B, sharedTheta: false);
        // Trajectory b has 2 + b output times: forward to t = 0.8 for even b, backward to t = −0.1 for odd b (Lorenz
        // backward in time expands fast: a longer horizon takes thousands of steps).
        var times = new List<double>();
        var offsets = new int[B + 1];
        for (int b = 0; b < B; b++)
        {
            int count = 2 + b;
            for (int k = 0; k < count; k++) times.Add((b % 2 == 0 ? 0.8 : -0.1) * k / (count - 1));
            offsets[b + 1] = times.Count;
        }
        var random = new Random(3);
        double[] seeds = new double[times.Count * 3];
        for (int i = 0; i < seeds.Length; i++) seeds[i] = random.NextDouble() - 0.5;

        var cpu = new AcaKernels.Ensembles.EnsembleSolver<double, CpuSystem<double, LorenzSystem<double>>>(B, problem.Options);
        using var gpu = new GpuEnsembleSolver<double, Dopri5Stepper<double, Real64, LorenzSystem<double>>>(B, TestBackends.Device(backend), problem.Options);
        var (cpuOutputs, gpuOutputs) = (new double[seeds.Length], new double[seeds.Length]);
        cpu.Solve(problem.Z0, problem.Theta, [.. times], offsets, cpuOutputs, new Solving.SolveResult[B]).ThrowIfFailed();
        gpu.Solve(problem.Z0, problem.Theta, [.. times], offsets, gpuOutputs, new Solving.SolveResult[B]).ThrowIfFailed();
        var (cpuZ0, gpuZ0, cpuTheta, gpuTheta) = (new double[B * 3], new double[B * 3], new double[B * 3], new double[B * 3]);
        cpu.Gradient(seeds, cpuZ0, cpuTheta, new Solving.GradientResult[B]).ThrowIfFailed();
        gpu.Gradient(seeds, gpuZ0, gpuTheta, new Solving.GradientResult[B]).ThrowIfFailed();
        cpu.Dispose();

        Tolerances.Entry tolerance = Tolerances.For(backend);
        Tolerances.AssertClose(cpuOutputs, gpuOutputs, tolerance.State, "outputs");
        Tolerances.AssertClose(cpuZ0, gpuZ0, tolerance.Gradient, "∂L/∂z0");
        Tolerances.AssertClose(cpuTheta, gpuTheta, tolerance.Gradient, "∂L/∂θ rows");
    }
}
