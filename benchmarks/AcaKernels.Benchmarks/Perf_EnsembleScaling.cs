using System.Numerics;
using AcaKernels.Benchmarks.Scaling;
using AcaKernels.Ensembles;
using AcaKernels.Gradients;
using AcaKernels.Solving;
using BenchmarkDotNet.Attributes;

namespace AcaKernels.Benchmarks;

/// <summary>
/// Ensembles per backend over B = 1 … 10⁶ (issue 12, item 1): Lorenz-63 as in <see cref="EnsembleSetup"/> (its
/// spread of initial states, θ shared, t ∈ [0, 1], Dopri5 rtol 1e-6 atol 1e-8), forward only and forward + ACA
/// gradient of L = Σ z(1), one worker thread (so <c>[MemoryDiagnoser]</c>, which counts the calling thread, sees every
/// allocation: 0 B expected, the checkpoint storage being allocated in the first, untimed call). Subclasses pick the
/// engine: <see cref="Perf_EnsembleScaling{T, TDynamics}"/> the scalar engine in double and float,
/// <see cref="Perf_EnsembleScalingLanes"/> the SIMD lanes (double only). B = 10⁶ with ACA holds ~2.6 GB of checkpoints
/// and takes seconds per call: run it with <c>--filter *EnsembleScaling* --warmupCount 1 --iterationCount 5</c>.
/// </summary>
public abstract class EnsembleScalingBenchmark<T, TDynamics> : IDisposable
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    private EnsembleSolver<T, TDynamics> _solver = null!;
    private T[] _z0 = [], _theta = [], _outputs = [], _seeds = [], _gradZ0 = [], _gradTheta = [];
    private SolveResult[] _results = [];
    private GradientResult[] _gradientResults = [];
    private static readonly double[] Times = [0.0, 1.0];

    /// <summary>Trajectories B (1, 1000, 100 003 — not a power of two, so the last chunk is partial — and 10⁶).</summary>
    [Params(1, 1000, 100_003, 1_000_000)]
    public int Trajectories { get; set; }

    /// <summary>Which engine the subclass measures.</summary>
    protected abstract EnsembleVectorization Vectorize { get; }

    [GlobalSetup(Target = nameof(Forward))]
    public void SetupForward() => Setup(GradientMethod.None);

    [GlobalSetup(Target = nameof(ForwardAcaGradient))]
    public void SetupGradient() => Setup(GradientMethod.Aca);

    [GlobalCleanup]
    public void Dispose()
    {
        _solver?.Dispose();
        GC.SuppressFinalize(this);
    }

    [Benchmark]
    public long Forward() => _solver.Solve(_z0, _theta, Times, _outputs, _results).AcceptedSteps;

    [Benchmark]
    public long ForwardAcaGradient()
    {
        _solver.Solve(_z0, _theta, Times, _outputs, _results);
        return _solver.Gradient(_seeds, _gradZ0, _gradTheta, _gradientResults).BackwardEvaluations;
    }

    private void Setup(GradientMethod method)
    {
        int b = Trajectories, n = TDynamics.StateSize;
        // The default 1 GiB gradient memory limit bounds all trajectories together; 10⁶ Lorenz trajectories need ~2.6 GB.
        var options = EnsembleSetup.Dopri5 with { Gradient = method, GradientMemoryLimit = 16L << 30 };
        // float resolves ~6e-8 relative: rtol 1e-6 would be a few ulps, so the float rows solve at rtol 1e-4, atol 1e-6.
        if (typeof(T) == typeof(float)) options = options with { RelativeTolerance = 1e-4, AbsoluteTolerance = 1e-6 };
        _solver = new EnsembleSolver<T, TDynamics>(b, options, new EnsembleOptions { WorkerCount = 1, Vectorize = Vectorize });
        if (Vectorize == EnsembleVectorization.Auto && !_solver.IsVectorized)
            throw new InvalidOperationException("The lane engine needs AVX-512 (Vector512.IsHardwareAccelerated); this CPU has none.");
        _z0 = Array.ConvertAll(EnsembleSetup.LorenzInitialStates(b), T.CreateChecked);
        _theta = [T.CreateChecked(10.0), T.CreateChecked(28.0), T.CreateChecked(8.0 / 3.0)];
        _outputs = new T[b * Times.Length * n];
        _seeds = new T[_outputs.Length];
        for (int i = 0; i < b; i++) _seeds.AsSpan((2 * i + 1) * n, n).Fill(T.One);
        _gradZ0 = new T[b * n];
        _gradTheta = new T[3];
        _results = new SolveResult[b];
        _gradientResults = new GradientResult[b];
        // Checked once outside the measurement; also the call that allocates the checkpoint storage.
        _solver.Solve(_z0, _theta, Times, _outputs, _results).ThrowIfFailed();
        if (method != GradientMethod.None) _solver.Gradient(_seeds, _gradZ0, _gradTheta, _gradientResults).ThrowIfFailed();
    }
}

/// <summary>The scalar ensemble engine (one trajectory at a time), float64 and float32.</summary>
[MemoryDiagnoser]
[BenchmarkCategory("Ensemble", "Scaling")]
[GenericTypeArguments(typeof(double), typeof(GeneratedLorenz.RhsOde))]
[GenericTypeArguments(typeof(float), typeof(LorenzSingle.RhsOde))]
public class Perf_EnsembleScaling<T, TDynamics> : EnsembleScalingBenchmark<T, TDynamics>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    protected override EnsembleVectorization Vectorize => EnsembleVectorization.Never;
}

/// <summary>The SIMD lane engine (8 trajectories per AVX-512 vector), float64 only: the lanes have no float form.</summary>
[MemoryDiagnoser]
[BenchmarkCategory("Ensemble", "Scaling")]
public class Perf_EnsembleScalingLanes : EnsembleScalingBenchmark<double, GeneratedLorenz.RhsOde>
{
    protected override EnsembleVectorization Vectorize => EnsembleVectorization.Auto;
}
