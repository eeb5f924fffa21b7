using System.Numerics;
using AcaKernels.Ensembles;
using AcaKernels.Gpu.Tests.Support;
using AcaKernels.Gpu.Tests.Systems;
using AcaKernels.Solving;
using AcaKernels.Tableaus;

namespace AcaKernels.Gpu.Tests;

/// <summary>
/// The ensemble kernels over the generator's GPU steppers (Systems/*.cs) against the CPU engine over the same
/// systems' generated <see cref="IOdeDynamics{T}"/> structs (fused kernels, and lane kernels where AVX-512 is present),
/// for several tableaus (DOP853's second error estimate included) and both number types.
/// </summary>
/// <remarks>
/// On the CPU accelerator everything is bit-identical: the forward solve (the generated GPU steppers are tested
/// bit-identical to the fused CPU kernels) and the gradients, time gradients included (both engines take the fused
/// step VJP with time terms on the same steps: the last one, the one landing on the first interior output, and the
/// ones before it when f reads t). Other backends use <see cref="Tolerances"/>.
/// </remarks>
public sealed class GeneratedStepperEnsembleTests
{
    private const int B = 64;

    public static TheoryData<GpuBackend> Backends() => TestBackends.Rows(GpuBackend.Cpu, GpuBackend.OpenCL);

    [Theory]
    [MemberData(nameof(Backends))]
    public void LorenzDormandPrince5_MatchesCpuEnsemble(GpuBackend backend) =>
        Compare<double, Lorenz.RhsOde.Gpu.DormandPrince5, Lorenz.RhsOde>(backend, RungeKuttaMethod.DormandPrince5, Lorenz(B), [10, 28, 8.0 / 3]);

    [Theory]
    [MemberData(nameof(Backends))]
    public void LorenzDormandPrince853_MatchesCpuEnsemble(GpuBackend backend) =>
        Compare<double, Lorenz.RhsOde.Gpu.DormandPrince853, Lorenz.RhsOde>(backend, RungeKuttaMethod.DormandPrince853, Lorenz(B), [10, 28, 8.0 / 3]);

    [Fact]
    public void LorenzTsitouras5_MatchesCpuEnsemble() =>
        Compare<double, Lorenz.RhsOde.Gpu.Tsitouras5, Lorenz.RhsOde>(GpuBackend.Cpu, RungeKuttaMethod.Tsitouras5, Lorenz(B), [10, 28, 8.0 / 3]);

    [Fact]
    public void LorenzBogackiShampine3_MatchesCpuEnsemble() =>
        Compare<double, Lorenz.RhsOde.Gpu.BogackiShampine3, Lorenz.RhsOde>(GpuBackend.Cpu, RungeKuttaMethod.BogackiShampine3, Lorenz(B), [10, 28, 8.0 / 3]);

    [Theory]
    [MemberData(nameof(Backends))]
    public void LorenzSingleDormandPrince5_MatchesCpuEnsemble(GpuBackend backend) =>
        Compare<float, Lorenz.RhsSingleOde.Gpu.DormandPrince5, Lorenz.RhsSingleOde>(backend, RungeKuttaMethod.DormandPrince5, Lorenz(B),
            [10, 28, 8.0 / 3], new OdeOptions { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-6 });

    // f reads t: every step before the first interior output time takes the with-time VJP (its Σ vᵀ∂f/∂t counts in
    // ∂L/∂t₀), not only the two landing steps.
    [Theory]
    [MemberData(nameof(Backends))]
    public void ForcedOscillatorDormandPrince5_TimeDependent_MatchesCpuEnsemble(GpuBackend backend)
        => Compare<double, ForcedOscillator.RhsOde.Gpu.DormandPrince5, ForcedOscillator.RhsOde>(backend, RungeKuttaMethod.DormandPrince5,
            Oscillators(B, seed: 12), [1.3, 0.8, 2.1]);

    // A constant table read in f and in its VJP (ILGPU inlines it into the kernels; before, such a system had no GPU
    // form): the whole solve and gradient on the product's contexts (GpuDevices), the time gradient included (f reads t).
    [Theory]
    [MemberData(nameof(Backends))]
    public void TabulatedDriveDormandPrince5_ConstantTable_MatchesCpuEnsemble(GpuBackend backend)
        => Compare<double, Coverage.TabulatedDriveOde.Gpu.DormandPrince5, Coverage.TabulatedDriveOde>(backend, RungeKuttaMethod.DormandPrince5,
            Oscillators(B, seed: 14), [2.0, 0.3, 1.7]);

    // The tanh-MLP and three-body kernels take PoCL 10-30 s to build (their hand-written references run on PoCL in
    // GpuEnsembleTests): the generated ones run on the CPU accelerator only, to keep the suite within CI's time.
    [Fact]
    public void TanhMlpDormandPrince5_SharedTheta_MatchesCpuEnsemble()
    {
        const GpuBackend backend = GpuBackend.Cpu;
        var random = new Random(8);
        var theta = new double[TanhMlp.B2Offset + 3];
        for (int i = 0; i < theta.Length; i++) theta[i] = random.NextDouble() - 0.5;
        var z0 = new double[B * 3];
        for (int i = 0; i < z0.Length; i++) z0[i] = 2 * random.NextDouble() - 1;
        Compare<double, TanhMlp.RhsOde.Gpu.DormandPrince5, TanhMlp.RhsOde>(backend, RungeKuttaMethod.DormandPrince5, z0, theta);
    }

    // The loop form whose step VJPs add ∂L/∂θ of all stages in one sweep (the generator's StageParameterSweep), θ shared
    // and f reading t (the with-time step VJPs sweep too): float64 on the CPU accelerator; float32, the GPU check's
    // neural ODE form, on PoCL as well.
    [Fact]
    public void SweptMlpDormandPrince5_SharedTheta_MatchesCpuEnsemble() =>
        Compare<double, SweptMlp.RhsOde.Gpu.DormandPrince5, SweptMlp.RhsOde>(GpuBackend.Cpu, RungeKuttaMethod.DormandPrince5,
            Oscillators(B, seed: 15), SweptMlp.Parameters());

    [Theory]
    [MemberData(nameof(Backends))]
    public void SweptMlpSingleDormandPrince5_SharedTheta_MatchesCpuEnsemble(GpuBackend backend) =>
        Compare<float, SweptMlp.RhsSingleOde.Gpu.DormandPrince5, SweptMlp.RhsSingleOde>(backend, RungeKuttaMethod.DormandPrince5,
            Oscillators(B, seed: 16), SweptMlp.Parameters(), new OdeOptions { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-6 });

    [Fact]
    public void ThreeBodyPlanarDormandPrince5_MatchesCpuEnsemble()
    {
        const GpuBackend backend = GpuBackend.Cpu;
        // The figure-eight orbit, perturbed per trajectory; masses per trajectory.
        double[] eight = [-0.97000436, 0.24308753, 0.97000436, -0.24308753, 0, 0, 0.466203685, 0.43236573, 0.466203685, 0.43236573, -0.93240737, -0.86473146];
        var random = new Random(9);
        var z0 = new double[B * 12];
        var masses = new double[B * 3];
        for (int b = 0; b < B; b++)
        {
            for (int j = 0; j < 12; j++) z0[b * 12 + j] = eight[j] + 1e-3 * (random.NextDouble() - 0.5);
            for (int j = 0; j < 3; j++) masses[b * 3 + j] = 1 + 0.01 * (random.NextDouble() - 0.5);
        }
        Compare<double, ThreeBody.PlanarOde.Gpu.DormandPrince5, ThreeBody.PlanarOde>(backend, RungeKuttaMethod.DormandPrince5, z0, masses);
    }

    /// <summary>Two-state initial values in [−0.5, 0.5).</summary>
    private static double[] Oscillators(int trajectories, int seed)
    {
        var random = new Random(seed);
        var z0 = new double[trajectories * 2];
        for (int i = 0; i < z0.Length; i++) z0[i] = random.NextDouble() - 0.5;
        return z0;
    }

    private static double[] Lorenz(int trajectories)
    {
        var random = new Random(21);
        var z0 = new double[trajectories * 3];
        for (int i = 0; i < z0.Length; i++) z0[i] = 1 + 0.5 * (random.NextDouble() - 0.5);
        return z0;
    }

    private static void Compare<T, TStepper, TDynamics>(GpuBackend backend, RungeKuttaMethod method, double[] z0, double[] theta, OdeOptions? options = null)
        where T : unmanaged, IFloatingPointIeee754<T>
        where TStepper : struct, IGpuStepper<T>
        where TDynamics : IOdeDynamics<T>
    {
        options = (options ?? Problems.Options) with { Method = method };
        int n = TStepper.StateSize;
        double[] times = [0, 0.5, 1.0];
        T[] z = Array.ConvertAll(z0, T.CreateTruncating), p = Array.ConvertAll(theta, T.CreateTruncating);
        var random = new Random(4);
        var seeds = new T[B * times.Length * n];
        for (int i = 0; i < seeds.Length; i++) seeds[i] = T.CreateTruncating(random.NextDouble() - 0.5);

        using var cpu = new EnsembleSolver<T, TDynamics>(B, options);
        using var gpu = new GpuEnsembleSolver<T, TStepper>(B, TestBackends.Device(backend), options);
        var (cpuOutputs, gpuOutputs) = (new T[seeds.Length], new T[seeds.Length]);
        cpu.Solve(z, p, times, cpuOutputs, new SolveResult[B]).ThrowIfFailed();
        gpu.Solve(z, p, times, gpuOutputs, new SolveResult[B]).ThrowIfFailed();
        var (cpuZ0, gpuZ0, cpuTheta, gpuTheta) = (new T[B * n], new T[B * n], new T[p.Length], new T[p.Length]);
        var (cpuGradients, gpuGradients) = (new GradientResult[B], new GradientResult[B]);
        cpu.Gradient(seeds, cpuZ0, cpuTheta, cpuGradients).ThrowIfFailed();
        gpu.Gradient(seeds, gpuZ0, gpuTheta, gpuGradients).ThrowIfFailed();

        Tolerances.Entry tolerance = typeof(T) == typeof(float) ? Tolerances.ForSingle(backend) : Tolerances.For(backend);
        double gradientTolerance = tolerance.Gradient;
        Tolerances.AssertClose(ToDouble(cpuOutputs), ToDouble(gpuOutputs), tolerance.State, "outputs");
        Tolerances.AssertClose(ToDouble(cpuZ0), ToDouble(gpuZ0), gradientTolerance, "∂L/∂z0");
        Tolerances.AssertClose(ToDouble(cpuTheta), ToDouble(gpuTheta), gradientTolerance, "∂L/∂θ");
        Tolerances.AssertClose(TimeGradients(cpuGradients), TimeGradients(gpuGradients), gradientTolerance, "(∂L/∂t0, ∂L/∂t_end)");
    }

    private static double[] TimeGradients(GradientResult[] gradients) =>
        gradients.SelectMany(g => new[] { g.GradientT0, g.GradientTEnd }).ToArray();

    private static double[] ToDouble<T>(T[] values) where T : unmanaged, IFloatingPointIeee754<T> =>
        Array.ConvertAll(values, double.CreateTruncating);
}
