using System.Numerics;
using System.Runtime.CompilerServices;
using AcaKernels.Benchmarks.Scaling;
using AcaKernels.Solving;
using BenchmarkDotNet.Attributes;

namespace AcaKernels.Benchmarks;

/// <summary>
/// Checkpoint memory vs steps (issue 12, item 1): one Lorenz-63 trajectory (z0 = (1, 1, 1), θ = (10, 28, 8/3),
/// t ∈ [0, 1]) solved with ACA over a tolerance sweep, so the accepted steps N_t grow as the tolerance tightens.
/// <c>SolveRecordingCheckpoints</c> is the forward pass that stores (tᵢ, hᵢ, zᵢ); <c>SolveAndAcaGradient</c> adds
/// the backward replay. The global setup prints N_t and the checkpoint bytes the solver reports, which equal
/// N_t·(2·8 + n·sizeof(T)) (asserted by CheckpointMemoryFormulaTests); the store is allocated once, at the
/// largest size, in the untimed setup call, so the measured operations allocate 0 B.
/// </summary>
public abstract class CheckpointMemoryBenchmark<T, TDynamics>
    where T : unmanaged, IFloatingPointIeee754<T>
    where TDynamics : IOdeDynamics<T>
{
    private static readonly double[] Times = [0.0, 1.0];
    private OdeSolver<T, TDynamics> _solver = null!;
    private readonly T[] _z0 = [T.One, T.One, T.One];
    private readonly T[] _theta = [T.CreateChecked(10.0), T.CreateChecked(28.0), T.CreateChecked(8.0 / 3.0)];
    private readonly T[] _outputs = new T[6], _seeds = [T.Zero, T.Zero, T.Zero, T.One, T.One, T.One];
    private readonly T[] _gradZ0 = new T[3], _gradTheta = new T[3];

    /// <summary>The subclass's rtol (atol = rtol / 100).</summary>
    protected abstract double Tolerance { get; }

    [GlobalSetup]
    public void Setup()
    {
        _solver = new OdeSolver<T, TDynamics>(new OdeOptions { RelativeTolerance = Tolerance, AbsoluteTolerance = Tolerance / 100 });
        SolveResult result = _solver.Solve(_z0, _theta, Times, _outputs);
        result.ThrowIfFailed();
        _solver.Gradient(_seeds, _gradZ0, _gradTheta).ThrowIfFailed();
        long steps = result.Statistics.AcceptedSteps, perStep = 2 * sizeof(double) + 3L * Unsafe.SizeOf<T>();
        Console.WriteLine($"// {typeof(T).Name} rtol {Tolerance:0e0}: N_t = {steps} accepted steps, checkpoints " +
            $"{result.Statistics.GradientMemoryBytes} B reported, N_t·{perStep} = {steps * perStep} B");
    }

    [Benchmark]
    public int SolveRecordingCheckpoints() => _solver.Solve(_z0, _theta, Times, _outputs).Statistics.AcceptedSteps;

    [Benchmark]
    public long SolveAndAcaGradient()
    {
        _solver.Solve(_z0, _theta, Times, _outputs);
        return _solver.Gradient(_seeds, _gradZ0, _gradTheta).Statistics.BackwardEvaluations;
    }
}

/// <summary>float64: rtol from 1e-3 to 1e-9 (about 20 to 1300 steps).</summary>
[MemoryDiagnoser]
[BenchmarkCategory("Checkpoints", "Scaling")]
public class Perf_CheckpointMemory : CheckpointMemoryBenchmark<double, GeneratedLorenz.RhsOde>
{
    [Params(1e-3, 1e-5, 1e-7, 1e-9)]
    public double RelativeTolerance { get; set; }

    protected override double Tolerance => RelativeTolerance;
}

/// <summary>float32: rtol from 1e-2 to 1e-5 (float resolves ~6e-8 relative, so tighter would be a few ulps).</summary>
[MemoryDiagnoser]
[BenchmarkCategory("Checkpoints", "Scaling")]
public class Perf_CheckpointMemorySingle : CheckpointMemoryBenchmark<float, LorenzSingle.RhsOde>
{
    [Params(1e-2, 1e-3, 1e-4, 1e-5)]
    public double RelativeTolerance { get; set; }

    protected override double Tolerance => RelativeTolerance;
}
