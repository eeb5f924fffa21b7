using AcaKernels.Gpu.Tests.Reference;
using AcaKernels.Gpu.Tests.Support;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// B = 65 537 (one past a power of two: the last thread group is almost empty) for each of the three systems, and
/// per-trajectory output times: short horizons at rtol 10⁻⁵ so the checkpoints and the runs fit the CI machine
/// (Lorenz about 20 steps each, capacity 64: 65 537 · 64 · 40 B ≈ 170 MB; the tanh MLP with θ shared, whose ∂L/∂θ is
/// summed over all 65 537 trajectories in ParameterGradientSum's block order; the three-body problem, n = 12, with
/// per-trajectory masses).
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
    public void TanhMlp_65537Trajectories_SharedTheta_MatchesCpuEnsemble(GpuBackend backend)
    {
        const int B = 65_537;
        Problem problem = Problems.TanhMlp(B, times: [0, 0.25, 0.5]) with
        {
            Options = Problems.Options with { RelativeTolerance = 1e-5, AbsoluteTolerance = 1e-7 },
        };
        CpuComparison.Compare<TanhMlpSystem>(problem, B, backend, capacity: 32);
    }

    [Theory]
    [MemberData(nameof(Backends))]
    public void ThreeBody_65537Trajectories_MatchesCpuEnsemble(GpuBackend backend)
    {
        const int B = 65_537;
        Problem problem = Problems.ThreeBody(B, times: [0, 0.1, 0.2]) with
        {
            Options = Problems.Options with { RelativeTolerance = 1e-5, AbsoluteTolerance = 1e-7 },
        };
        CpuComparison.Compare<ThreeBodySystem>(problem, B, backend, capacity: 32);
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
